package interaction

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// References to the Interaction representation schemas of v6.02: schema
// ids and the JavaScript API (nms:emailOfferView, nms.emailOfferView; the
// namespace is case-sensitive), tables and NLWS objects
// (NmsEmailOfferView, NLWS.nmsEmailOfferView).
var (
	removedRef   = regexp.MustCompile(`\bnms[:.]((?i:email|web|callcenter|mobile|paper)(?i:offerview))\b`)
	removedTable = regexp.MustCompile(`(?i)\bnms(email|web|callcenter|mobile|paper)offerview\b`)
)

// RemovedOfferViewReference flags references to the offer representation
// schemas removed in v7.
var RemovedOfferViewReference = &audit.Rule{
	ID:        "INT-001",
	Name:      "removed-offer-view-reference",
	Title:     "Reference to an offer representation schema removed in v7",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Interaction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "v7 moved offer content into nms:offer and dropped the v6.02 representation schemas " +
			"nms:emailOfferView, nms:webOfferView, nms:callCenterOfferView, nms:mobileOfferView and " +
			"nms:paperOfferView: \"Before the postupgrade, you must delete all schema references from 6.02 that will " +
			"no longer exist in v7.\" The rule finds them anywhere — extendedSchema, link targets, templates, " +
			"queries, <entities schema>, scripts (strings, E4X, nms.emailOfferView, NLWS.nmsEmailOfferView), SQL " +
			"(NmsEmailOfferView) — and entities of those schemas. nms:offerView still exists; the xmlOfferView " +
			"element of proposition output, the temporary nlmig:emailOfferView of the migration script, " +
			"deletions of the schemas (the documented prerequisite), strings a script compares with, labels and " +
			"comments are not references.",
		Remediation: "Move the content to the offer (INT-002), then delete the references and the schemas before " +
			"the postupgrade: `<srcSchema _operation=\"delete\" namespace=\"nms\" name=\"emailOfferView\"/>`, and rewrite " +
			"queries on nms:offer (`<queryDef schema=\"nms:offer\"><select><node expr=\"[view/htmlSource]\"/></select></queryDef>`).",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="xtk:srcSchema">
    <srcSchema name="emailOfferView" namespace="cus" extendedSchema="nms:emailOfferView">
      <element name="emailOfferView">
        <attribute name="banner" type="string"/>
      </element>
    </srcSchema>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="xtk:srcSchema">
    <srcSchema name="offer" namespace="cus" extendedSchema="nms:offer">
      <element name="offer">
        <element name="view">
          <element name="banner" type="string" xml="true"/>
        </element>
      </element>
    </srcSchema>
  </entities>
</package>`,
		URL: docs.IntPrereq,
	},
	Effort: 1,
	Run:    runRemovedOfferViewReference,
}

func runRemovedOfferViewReference(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	e := p.Entity
	root := e.Root
	if srcschema.Deleted(root) {
		return
	}
	if srcschema.IsRemoved(e.Schema) {
		p.ReportElement(root, "entity of %s, an Interaction schema removed in v7: move its content to nms:offer and delete it before the postupgrade", e.Schema)
		return
	}
	if srcschema.IsRemoved(e.Namespace + ":" + e.Name) {
		p.ReportElement(root, "%s %s:%s is a v6.02 Interaction schema removed in v7: delete it before the postupgrade", e.Schema, e.Namespace, e.Name)
		return
	}
	patterns := patternStrings(p)
	srcschema.Sites(p, func(s srcschema.Site) {
		if !srcschema.ContainsFold(s.Text, "offerview") || inDeletion(s.El) {
			return
		}
		seen := map[int]bool{}
		for _, re := range []*regexp.Regexp{removedRef, removedTable} {
			for _, m := range re.FindAllStringIndex(s.Text, -1) {
				if seen[m[0]] || s.Skipped(m[0]) || (s.Code != nil && srcschema.InRanges(patterns[s.Code], m[0])) {
					continue
				}
				seen[m[0]] = true
				p.ReportValue(s.Span, m[0], m[1], "reference to %s, an Interaction schema removed in v7, in %s: delete it before the postupgrade and use nms:offer (view/…) instead",
					removedName(s.Text[m[0]:m[1]]), s.Where())
			}
		}
	})
}

// inDeletion reports whether el or an ancestor is deleted by the
// package (_operation="delete"): removing a reference is the fix.
func inDeletion(el *xmltree.Element) bool {
	for cur := el; cur != nil; cur = cur.Parent {
		if srcschema.Deleted(cur) {
			return true
		}
	}
	return false
}

// patternStrings returns, per code block, the string literals that a
// script searches for or compares with: data, not references.
func patternStrings(p *audit.Pass) map[*acc.Code][][2]int {
	out := map[*acc.Code][][2]int{}
	for _, s := range p.Scripts() {
		for _, t := range s.JS().Tokens {
			if t.Kind == jsscan.String && query.IsPatternArgument(s.JS().Tokens, t) {
				out[s.Code] = append(out[s.Code], [2]int{t.Start, t.End})
			}
		}
	}
	return out
}
