package audit

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit/internal/hook"
)

// A Finding is one problem reported by a rule at a location.
type Finding struct {
	RuleID   string   `json:"rule"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"` // input name, slash-separated
	Line     int      `json:"line"` // 1-based
	Col      int      `json:"column"`
	EndLine  int      `json:"endLine"`
	EndCol   int      `json:"endColumn"` // exclusive
	// Entity is the entity schema and key, e.g. "xtk:workflow wkfNightly".
	Entity       string `json:"entity"`
	EntitySchema string `json:"entitySchema"`
	EntityKey    string `json:"entityKey"`
	// Place is the element path inside the entity, e.g.
	// "activities/js[@name='js1']/script".
	Place string `json:"place,omitempty"`
	// Compat lists the codes of the vendor's post-upgrade check
	// (nlserver config -postupgrade -check) that report the same problem,
	// so that both results can be reconciled.
	Compat  []string `json:"compat,omitempty"`
	Message string   `json:"message"`
	// Excerpt is the source line of the finding, trimmed.
	Excerpt string `json:"excerpt,omitempty"`
	// Fingerprint identifies the finding across re-exports: it ignores the
	// file name, lines and columns, and depends on the rule, the entity, the
	// place, the message and the matched text.
	Fingerprint string `json:"fingerprint"`
	// Suppressions say why a finding is silenced; a finding that has any is
	// kept in driver.Result.Suppressed, never in its Findings.
	Suppressions []Suppression `json:"suppressions,omitempty"`
	// Related are the other places of the same problem: each call of a
	// library that runs raw SQL, the container a root cause breaks, the
	// other places of an advisory reported once. They are not part of the
	// fingerprint: one more place does not make the finding new.
	Related []Related `json:"related,omitempty"`
	// ExtraEffort is work a merged container adds to this finding (hours),
	// on top of the rule's effort: the root cause carries it.
	ExtraEffort float64 `json:"extraEffort,omitempty"`
	// Fix is the rewrite `acc-audit fix` can apply, when the rule knows one.
	Fix *Fix `json:"fix,omitempty"`

	offset int64 // file offset, for ordering
	// st is what the driver alone reads and writes (through State).
	st hook.State
}

// A Related is another place of a finding's problem, in the finding's file.
type Related struct {
	// File is set when the place is in another file than the finding (the
	// other places of an advisory reported once per export).
	File    string `json:"file,omitempty"`
	Line    int    `json:"line"`
	Col     int    `json:"column"`
	EndLine int    `json:"endLine"`
	EndCol  int    `json:"endColumn"`
	Message string `json:"message"`
}

// Offset returns the file offset of the finding.
func (f *Finding) Offset() int64 { return f.offset }

// SetOffset sets the file offset of a finding built outside a Pass (a
// finding about a suppression directive), so that directives can cover it.
func (f *Finding) SetOffset(off int64) { f.offset = off }

// Suppressed reports whether a suppression silences the finding.
func (f *Finding) Suppressed() bool { return len(f.Suppressions) > 0 }

// Suppression kinds, named as in SARIF so that reports map them directly.
const (
	SuppressInSource = "inSource" // a comment in the scanned file
	SuppressExternal = "external" // an entry of the suppression file
)

// A Suppression records why a finding is silenced and where that is
// written.
type Suppression struct {
	Kind          string `json:"kind"` // SuppressInSource or SuppressExternal
	Justification string `json:"justification"`
	// Location is where the suppression is written, "file:line".
	Location string `json:"location,omitempty"`
	Expires  string `json:"expires,omitempty"` // YYYY-MM-DD, suppression file only
}

// A Directive is an inline suppression comment found in an input
// (`<!-- acc-audit:ignore RULE reason -->`, `// acc-audit:ignore RULE
// reason`). It is read while the entity's tree is alive and only keeps the
// file range or line it covers, so that findings reported later (deferred
// ones) can still be matched.
type Directive struct {
	File   string   `json:"file"`
	Line   int      `json:"line"` // where the directive is written
	Col    int      `json:"column"`
	Entity string   `json:"entity"` // entity ID, "xtk:workflow wkfNightly"
	Rules  []string `json:"rules"`  // rule ids, names or families as written
	Reason string   `json:"reason"`
	// Expires is the optional last day (YYYY-MM-DD) the directive applies.
	Expires string `json:"expires,omitempty"`
	// Start and End bound the file offsets of the findings covered (the
	// element that follows the comment); when OnLine is set, the findings
	// starting on that line are covered instead.
	Start  int64 `json:"-"`
	End    int64 `json:"-"`
	OnLine int   `json:"-"`
	// Invalid says why the directive suppresses nothing (no rule named, no
	// reason given); empty for a usable directive.
	Invalid string `json:"invalid,omitempty"`
	// Used counts the findings the directive suppressed.
	Used int `json:"used"`

	schema, key, version string
	offset               int64
}

// Ran reports whether rule r ran on the directive's entity, so that a
// directive naming it and matching nothing is really unused.
func (d *Directive) Ran(r *Rule) bool { return r.AppliesTo(d.schema) && r.AppliesFrom(d.version) }

// Covers reports whether the directive's scope holds the finding; rule
// names are matched by the caller.
func (d *Directive) Covers(f *Finding) bool {
	if f.File != d.File {
		return false
	}
	if d.OnLine > 0 {
		return f.Line == d.OnLine
	}
	return f.offset >= d.Start && f.offset < d.End
}

// Finding returns a finding located at the directive, for reports about
// the directive itself (unused, invalid).
func (d *Directive) Finding(rule *Rule, message string) Finding {
	return Finding{
		RuleID: rule.ID, Severity: rule.Severity, File: d.File, Line: d.Line, Col: d.Col,
		EndLine: d.Line, EndCol: d.Col + len("acc-audit:ignore"),
		Entity: d.Entity, EntitySchema: d.schema, EntityKey: d.key,
		Message: message, offset: d.offset,
		st: hook.State{Matched: strings.Join(d.Rules, ",") + " " + d.Reason},
	}
}

// NewDirective starts a directive found in unit u at file offset off; the
// caller fills its rules, reason and scope.
func NewDirective(u *Unit, off int64) Directive {
	d := Directive{File: u.File, Entity: u.Entity.ID(), schema: u.Entity.Schema, key: u.Entity.Key, version: u.Version, offset: off}
	d.Line, d.Col = u.Loc.Position(off)
	return d
}

// compareFindings orders findings by file, position, then rule and message,
// so that output does not depend on scheduling.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		strings.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndCol, b.EndCol),
		strings.Compare(a.Message, b.Message),
		// Findings alike so far still differ in what the fingerprint
		// hashes: a total order keeps fingerprints and report order
		// independent of the order the workers found them in.
		cmp.Compare(b.Severity, a.Severity),
		strings.Compare(a.st.Matched, b.st.Matched),
		strings.Compare(a.Place, b.Place),
	)
}

// SortFindings sorts findings deterministically.
func SortFindings(fs []Finding) { slices.SortStableFunc(fs, compareFindings) }

// CompareFindings is the order of SortFindings, for callers that sort
// references to findings rather than copies.
func CompareFindings(a, b *Finding) int { return compareFindings(*a, *b) }

// AssignFingerprints computes fingerprints for findings sorted by
// SortFindings. Run does it for rule findings; callers that add findings
// of their own (about suppressions) call it on those.
func AssignFingerprints(fs []Finding) { assignFingerprints(fs) }

// assignFingerprints computes fingerprints for sorted findings. Identical
// findings in one entity (same rule, place, message and matched text) are
// told apart by their rank, which survives line shifts.
//
// What a re-export changes must not reach the hash: the file name and
// position (left out), the package a finding's entity travels in (left out,
// and the package header's own key too), line ends and indentation
// (whitespace is collapsed), entity escaping versus CDATA (references are
// decoded), and timestamps, checksums, internal ids and attribute order
// (see canonical in audit/driver).
func assignFingerprints(fs []Finding) {
	var fp Fingerprinter
	for i := range fs {
		fp.Assign(&fs[i])
	}
}

// A Fingerprinter assigns fingerprints to findings given one at a time in
// SortFindings order, as AssignFingerprints does to a slice: a scan's
// findings need not be held together for it. The zero value is ready.
type Fingerprinter struct {
	// seen counts the findings of each hash so far, for their ranks.
	seen map[[fingerprintBytes]byte]int
}

// fingerprintBytes is the part of the hash a fingerprint shows, in hex.
const fingerprintBytes = 12

// Assign sets the fingerprint of f, the next finding in sorted order.
func (fp *Fingerprinter) Assign(f *Finding) {
	if fp.seen == nil {
		fp.seen = map[[fingerprintBytes]byte]int{}
	}
	key := f.EntityKey
	if f.EntitySchema == SchemaPackage {
		key = ""
	}
	h := sha256.New()
	parts := []string{f.RuleID, f.EntitySchema, key, f.Place, f.Message, normalizeSpace(html.UnescapeString(f.st.Matched))}
	if f.st.Group != "" {
		parts = []string{f.RuleID, "advisory", f.st.Group}
	}
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	base := [fingerprintBytes]byte(h.Sum(sum[:0]))
	n := fp.seen[base]
	fp.seen[base] = n + 1
	f.Fingerprint = hex.EncodeToString(base[:]) + ":" + strconv.Itoa(n)
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// IsNoiseAttr reports whether an attribute changes from one export of an
// object to the next without the object changing: timestamps, checksums,
// build stamps, and database ids (id, folder-id, createdBy-id...), which
// differ between instances.
func IsNoiseAttr(name string) bool {
	switch name {
	case "id", "md5", "created", "lastModified", "modified", "buildDate", "buildNumber", "internalId":
		return true
	}
	return strings.HasSuffix(name, "-id")
}

// excerptWidth bounds excerpts: a minified library can hold a 50 KB line.
const excerptWidth = 160

// makeExcerpt trims the line holding a finding, and cuts it around the
// finding when it is long.
func makeExcerpt(line string, at int) string {
	trimmed := strings.TrimLeft(line, " \t")
	at -= len(line) - len(trimmed)
	line = strings.TrimRight(trimmed, " \t")
	if at < 0 {
		at = 0
	}
	if utf8.RuneCountInString(line) <= excerptWidth {
		return line
	}
	start := at - excerptWidth/3
	if start < 0 {
		start = 0
	}
	for start > 0 && !utf8.RuneStart(line[start]) {
		start--
	}
	end := start
	for n := 0; end < len(line) && n < excerptWidth; n++ {
		_, size := utf8.DecodeRuneInString(line[end:])
		end += size
	}
	out := line[start:end]
	if start > 0 {
		out = "…" + out
	}
	if end < len(line) {
		out += "…"
	}
	return out
}
