package audit

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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

	offset  int64  // file offset, for ordering
	matched string // matched source text, for the fingerprint
}

// Offset returns the file offset of the finding.
func (f *Finding) Offset() int64 { return f.offset }

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
	)
}

// SortFindings sorts findings deterministically.
func SortFindings(fs []Finding) { slices.SortStableFunc(fs, compareFindings) }

// assignFingerprints computes fingerprints for sorted findings. Identical
// findings in one entity (same rule, place, message and matched text) are
// told apart by their rank, which survives line shifts.
func assignFingerprints(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		f := &fs[i]
		h := sha256.New()
		for _, part := range []string{f.RuleID, f.EntitySchema, f.EntityKey, f.Place, f.Message, normalizeSpace(f.matched)} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		base := hex.EncodeToString(h.Sum(nil))[:24]
		n := seen[base]
		seen[base] = n + 1
		f.Fingerprint = base + ":" + strconv.Itoa(n)
	}
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

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
