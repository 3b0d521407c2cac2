package sch

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// ConflictMarker flags the _conflict_ markers an unfinished manual merge
// leaves in an entity.
var ConflictMarker = &audit.Rule{
	ID:        "SCH-010",
	Name:      "unresolved-conflict-marker",
	Title:     "Unresolved upgrade conflict marker",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Schemas,
	Doc: audit.Doc{
		Rationale: "When an upgrade finds a built-in form, report, web application or schema changed by the customer, " +
			"it keeps both versions in the entity, marked with `_conflict_` (\"the entity installed with the new " +
			"version contains the new argument, the entity that matches the previous version contains the cus " +
			"argument\"); the operator must delete one version and the `_conflict_argument_` string of the other " +
			"before declaring the conflict resolved. An export that still holds the marker carries both versions " +
			"into the next environment and the next upgrade. The marker is looked for in element and attribute " +
			"names and values and in code, not in labels, descriptions, comments, or strings a script searches for " +
			"(`s.indexOf(\"_conflict_\")`).",
		Remediation: "Open the conflict (Administration > Configuration > Package management > Edit conflicts), keep " +
			"one version, delete the other and the `_conflict_…_` marker of the one kept, then choose Declare as resolved " +
			"and export again.",
		Bad: `<form name="recipient" namespace="nms" xtkschema="xtk:form">
  <container type="notebook">
    <input xpath="@email" _conflict_new_="1"/>
    <input xpath="@email" label="Email (custom)" _conflict_cus_="1"/>
  </container>
</form>`,
		Good: `<form name="recipient" namespace="nms" xtkschema="xtk:form">
  <container type="notebook">
    <input xpath="@email" label="Email (custom)"/>
  </container>
  <help>Conflicts are resolved by removing the _conflict_ markers.</help>
</form>`,
		URL: docs.Resolve,
	},
	Effort:   1.5,
	Keywords: []string{schConflict},
	Run:      runConflictMarker,
}

const schConflict = "_conflict_"

func runConflictMarker(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	id := p.Entity.ID()
	// Strings that a script compares with or searches for are data.
	patterns := map[*acc.Code][][2]int{}
	for _, s := range p.Scripts() {
		for _, t := range s.JS().Tokens {
			if t.Kind == jsscan.String && srcschema.ContainsFold(t.Text, schConflict) && query.IsPatternArgument(s.JS().Tokens, t) {
				patterns[s.Code] = append(patterns[s.Code], [2]int{t.Start, t.End})
			}
		}
	}
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if el != p.Entity.Root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		if srcschema.ContainsFold(el.Name, schConflict) {
			p.ReportElement(el, "unresolved upgrade conflict: element <%s> in %s; keep one version and remove the marker before declaring the conflict resolved", el.Name, id)
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if srcschema.ContainsFold(a.Name, schConflict) {
				p.ReportAttr(a, "unresolved upgrade conflict: attribute %s on <%s> in %s; keep one version and remove the marker before declaring the conflict resolved", a.Name, el.Name, id)
			}
		}
		return true
	})
	srcschema.Sites(p, func(s srcschema.Site) {
		for from := 0; ; {
			i := srcschema.IndexFold(s.Text, schConflict, from)
			if i < 0 {
				return
			}
			from = i + len(schConflict)
			if s.Skipped(i) || (s.Code != nil && srcschema.InRanges(patterns[s.Code], i)) {
				continue
			}
			p.ReportValue(s.Span, i, i+len(schConflict), "unresolved upgrade conflict marker in %s of %s; keep one version and remove the marker before declaring the conflict resolved", s.Where(), id)
			return // one finding per site
		}
	})
}
