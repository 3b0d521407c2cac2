package suppress

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// Category of the pseudo-rules.
const Category = "Suppressions"

const docURL = "https://github.com/acc-audit/acc-audit/blob/main/docs/ci.md#suppressions"

func noop(*audit.Pass) {}

// The pseudo-rules report on suppressions themselves. They run no check of
// their own: Apply produces their findings.
var (
	Unused = &audit.Rule{
		ID: "SUP-001", Name: "unused-suppression", Title: "Suppression matches no finding",
		Severity: audit.SeverityInfo, Category: Category, Precision: audit.PrecisionVeryHigh,
		Doc: audit.Doc{
			Rationale:   "A suppression that silences nothing is left over from code that was fixed or moved. Left in place, it would silently hide a new finding of the same rule on the same element or line. A directive or entry is only reported when every rule it names ran on the entity, so narrowing a scan with --enable does not raise it.",
			Remediation: "Remove the comment, or the entry of the suppression file.",
			Bad: `<queryFilter name="f" schema="nms:recipient">
  <!-- acc-audit:ignore SQL-001 legacy filter, rewritten in 2024 -->
  <filter><where><condition expr="@email IS NOT NULL"/></where></filter>
</queryFilter>`,
			Good: `<queryFilter name="f" schema="nms:recipient">
  <filter><where><condition expr="@email IS NOT NULL"/></where></filter>
</queryFilter>`,
			URL: docURL,
		},
		Run: noop,
	}
	Invalid = &audit.Rule{
		ID: "SUP-002", Name: "invalid-suppression", Title: "Suppression comment cannot be applied",
		Severity: audit.SeverityWarning, Category: Category, Precision: audit.PrecisionVeryHigh,
		Doc: audit.Doc{
			Rationale:   "An inline suppression must name the rules it silences and say why the finding is acceptable, so that a reviewer can judge it later. A comment without a rule, without a reason, naming an unknown rule, or followed by no code suppresses nothing.",
			Remediation: "Write `<!-- acc-audit:ignore RULE[,RULE2] reason -->` (or `// acc-audit:ignore RULE reason` in scripts) with a rule id, name or family and a reason.",
			Bad: `<queryFilter name="f" schema="nms:recipient">
  <!-- acc-audit:ignore SQL-001 -->
  <filter><where><condition expr="@id IN ([SQLDATA[SELECT 1]])"/></where></filter>
</queryFilter>`,
			Good: `<queryFilter name="f" schema="nms:recipient">
  <!-- acc-audit:ignore SQL-001 checked with the DBA, removed after go-live -->
  <filter><where><condition expr="@id IN ([SQLDATA[SELECT 1]])"/></where></filter>
</queryFilter>`,
			URL: docURL,
		},
		Run: noop,
	}
	Expired = &audit.Rule{
		ID: "SUP-003", Name: "expired-suppression", Title: "Suppression has expired",
		Severity: audit.SeverityWarning, Category: Category, Precision: audit.PrecisionVeryHigh,
		Doc: audit.Doc{
			Rationale:   "A suppression comment or suppression file entry with an `expires` date in the past no longer applies: the findings it silenced are reported again, and the suppression itself is reported so that it is fixed or renewed on purpose.",
			Remediation: "Fix the findings and remove the suppression, or move its expiry date with a new reason.",
			Bad: `# .acc-audit-suppressions.yaml
suppressions:
  - rule: SQL-001
    entity: xtk:queryFilter f
    reason: rewritten before go-live
    expires: 2020-01-31`,
			Good: `# .acc-audit-suppressions.yaml
suppressions:
  - rule: SQL-001
    entity: xtk:queryFilter f
    reason: rewritten before go-live
    expires: 2099-01-31`,
			URL: docURL,
		},
		Run: noop,
	}
)

// Rules returns the pseudo-rules, for listings, explain and report
// metadata.
func Rules() []*audit.Rule { return []*audit.Rule{Unused, Invalid, Expired} }

// Options configure Apply.
type Options struct {
	// Registry is every rule known (built-in and custom), to resolve the
	// names written in directives.
	Registry []*audit.Rule
	// File is the suppression file, or nil.
	File *File
	// Now decides expiry.
	Now time.Time
	// Scanner tells which entries of File name an entity that was
	// scanned (NewScanner(File)); nil means all do.
	Scanner *Scanner
	// Report lists the pseudo-rules whose findings are wanted, as
	// configured (severity overrides, --disable); nil means Rules(), an
	// empty slice none.
	Report []*audit.Rule
}

// matches reports whether a rule answers to a name as --disable reads it:
// its id, its name or its family.
func matches(r *audit.Rule, name string) bool {
	family, _, _ := strings.Cut(r.ID, "-")
	return strings.EqualFold(name, r.ID) || strings.EqualFold(name, r.Name) || strings.EqualFold(name, family)
}

// resolve returns the rules named, and the first unknown name.
func resolve(registry []*audit.Rule, names []string) ([]*audit.Rule, string) {
	var out []*audit.Rule
	for _, n := range names {
		found := false
		for _, r := range registry {
			if matches(r, n) {
				found = true
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
		if !found {
			return out, n
		}
	}
	return out, ""
}

// Apply moves the findings that a directive or the suppression file
// silences from res.Findings to res.Suppressed, and adds the findings of
// the pseudo-rules about suppressions.
func Apply(res *driver.Result, opt Options) {
	report := map[string]*audit.Rule{}
	if opt.Report == nil {
		opt.Report = Rules()
	}
	for _, r := range opt.Report {
		report[r.ID] = r
	}
	ran := map[string]bool{}
	for _, r := range res.Rules {
		ran[r.ID] = true
	}

	byFile := map[string][]inline{}
	for i := range res.Directives {
		d := &res.Directives[i]
		rules, unknown := resolve(opt.Registry, d.Rules)
		if d.Invalid == "" && unknown != "" {
			d.Invalid = fmt.Sprintf("names unknown rule %q", unknown)
		}
		if d.Invalid == "" && !directiveExpired(d, opt.Now) {
			byFile[d.File] = append(byFile[d.File], inline{d, rules})
		}
	}
	var entries []*Entry
	path := ""
	if opt.File != nil {
		path = opt.File.Path
		for _, e := range opt.File.Entries {
			if !e.expired(opt.Now) {
				entries = append(entries, e)
			}
		}
	}

	// With nothing that can suppress, the findings stay as they are.
	left, out := res.Findings, audit.FindingList{}
	if len(byFile) > 0 || len(entries) > 0 {
		left, out = silence(res.Findings, byFile, entries, opt.Registry, path)
	}

	var extra []audit.Finding
	emit := func(r *audit.Rule, f audit.Finding) {
		if rr := report[r.ID]; rr != nil {
			f.Severity = rr.Severity
			extra = append(extra, f)
		}
	}
	for i := range res.Directives {
		d := &res.Directives[i]
		switch {
		case d.Invalid != "":
			emit(Invalid, d.Finding(Invalid, "suppression comment "+d.Invalid))
		case directiveExpired(d, opt.Now):
			emit(Expired, d.Finding(Expired, fmt.Sprintf("suppression of %s expired on %s: its findings are reported again; fix them, or renew the comment with a new date and reason", strings.Join(d.Rules, ","), d.Expires)))
		case d.Used == 0:
			rules, _ := resolve(opt.Registry, d.Rules)
			all := len(rules) > 0
			for _, r := range rules {
				all = all && ran[r.ID] && d.Ran(r)
			}
			if all {
				emit(Unused, d.Finding(Unused, fmt.Sprintf("suppression of %s matches no finding: remove it", strings.Join(d.Rules, ","))))
			}
		}
	}
	if opt.File != nil {
		for _, e := range opt.File.Entries {
			switch {
			case e.expired(opt.Now):
				emit(Expired, entryFinding(Expired, e, path, fmt.Sprintf("suppression of %s on %s expired on %s: its findings are reported again; fix them, or renew the entry with a new date and reason", e.Rule.V, e.Entity.V, e.Expires.V)))
			case e.used == 0:
				rules, _ := resolve(opt.Registry, []string{e.Rule.V})
				all := len(rules) > 0
				for _, r := range rules {
					all = all && ran[r.ID]
				}
				switch {
				case !all:
				case opt.Scanner == nil || opt.Scanner.named(e):
					emit(Unused, entryFinding(Unused, e, path, fmt.Sprintf("suppression of %s on %s matches no finding: remove it from the suppression file", e.Rule.V, e.Entity.V)))
				default:
					// Most often a typo in the entity, which would leave the
					// findings it was meant for unsuppressed, or an entity
					// deleted since.
					emit(Unused, entryFinding(Unused, e, path, fmt.Sprintf("suppression of %s on %s names no entity of the scan: correct the entity (schema and key as findings show them) or remove the entry", e.Rule.V, e.Entity.V)))
				}
			}
		}
	}
	audit.SortFindings(extra)
	audit.AssignFingerprints(extra)
	// Both lists leave sorted, as the formats merge them: a list knows its
	// order without reading itself, and a scan's findings are sorted.
	left, out = left.Sorted(), out.Sorted()
	if len(extra) > 0 {
		left = audit.CollectFindings(audit.MergeFindings(left, audit.NewFindingList(extra)))
	}
	res.Findings = left
	if res.Suppressed.Len() > 0 {
		out = audit.CollectFindings(audit.MergeFindings(res.Suppressed.Sorted(), out))
	}
	res.Suppressed = out
}

// inline is a usable directive with the rules it names.
type inline struct {
	d     *audit.Directive
	rules []*audit.Rule
}

// silence splits findings into those reported and those a directive or
// the suppression file silences, marked with why, one finding at a time
// (a large report is never held whole).
func silence(fs audit.FindingList, byFile map[string][]inline, entries []*Entry, registry []*audit.Rule, path string) (kept, silenced audit.FindingList) {
	var k, sl audit.FindingListBuilder
	for f := range fs.All() {
		if s, ok := suppressInline(f, byFile[f.File]); ok {
			f.Suppressions = append(f.Suppressions, s)
		} else if s, ok := suppressByFile(f, entries, registry, path); ok {
			f.Suppressions = append(f.Suppressions, s)
		}
		if f.Suppressed() {
			sl.Add(f)
		} else {
			k.Add(f)
		}
	}
	return k.List(), sl.List()
}

func suppressInline(f *audit.Finding, ds []inline) (audit.Suppression, bool) {
	for _, in := range ds {
		if !in.d.Covers(f) || !slices.ContainsFunc(in.rules, func(r *audit.Rule) bool { return r.ID == f.RuleID }) {
			continue
		}
		in.d.Used++
		return audit.Suppression{Kind: audit.SuppressInSource, Justification: in.d.Reason,
			Location: fmt.Sprintf("%s:%d", in.d.File, in.d.Line)}, true
	}
	return audit.Suppression{}, false
}

func suppressByFile(f *audit.Finding, entries []*Entry, registry []*audit.Rule, path string) (audit.Suppression, bool) {
	for _, e := range entries {
		if !e.entity.MatchString(f.Entity) || (e.place != nil && !e.place.MatchString(f.Place)) {
			continue
		}
		if e.Fingerprint.Set && strings.TrimSpace(e.Fingerprint.V) != f.Fingerprint {
			continue
		}
		if !ruleMatches(registry, f.RuleID, e.Rule.V) {
			continue
		}
		e.used++
		return audit.Suppression{Kind: audit.SuppressExternal, Justification: e.Reason.V,
			Location: fmt.Sprintf("%s:%d", path, e.pos.Line), Expires: e.Expires.V}, true
	}
	return audit.Suppression{}, false
}

// ruleMatches reports whether the rule with id answers to name; a rule
// missing from the registry still answers to its own id.
func ruleMatches(registry []*audit.Rule, id, name string) bool {
	for _, r := range registry {
		if r.ID == id {
			return matches(r, name)
		}
	}
	return strings.EqualFold(id, name)
}

func entryFinding(r *audit.Rule, e *Entry, path, msg string) audit.Finding {
	schema, key, _ := strings.Cut(e.Entity.V, " ")
	return audit.Finding{
		RuleID: r.ID, Severity: r.Severity, File: path,
		Line: e.pos.Line, Col: e.pos.Col, EndLine: e.pos.Line, EndCol: e.pos.Col + len(e.Rule.V),
		Entity: e.Entity.V, EntitySchema: schema, EntityKey: key, Message: msg,
	}
}

// directiveExpired reports whether an inline directive's last day is past.
func directiveExpired(d *audit.Directive, now time.Time) bool {
	if d.Expires == "" {
		return false
	}
	last, err := time.Parse(time.DateOnly, d.Expires)
	return err == nil && pastLastDay(last, now)
}
