package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// V8IntegrityOwn flags "own" integrity links, costly on large tables.
var V8IntegrityOwn = &audit.Rule{
	ID:        "V8-020",
	Name:      "v8-own-integrity-link",
	Title:     "Link with own integrity in a custom schema",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionLow,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"Deleting records that have large tables in \"own\" integrity can potentially stop the " +
			"instance\" (v8 data model best practices): on v8 Enterprise the cascade runs on the cloud database. " +
			"The rule reports links of custom schemas with integrity=\"own\" or revIntegrity=\"own\". Whether the " +
			"child table is large cannot be seen in an export, hence the low precision.",
		Remediation: "Review each link: keep `own` only for small child tables, use `neutral` integrity for large ones " +
			"and purge them with a workflow.",
		Bad: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="contract"><element integrity="own" name="recipient" target="nms:recipient" type="link"/></element>
</srcSchema>`,
		Good: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="contract"><element integrity="neutral" name="recipient" target="nms:recipient" type="link"/></element>
</srcSchema>`,
		URL: docs.Model,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) || srcschema.IsReserved(p.Entity.Root.AttrValue("namespace")) {
			return
		}
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "element" || !strings.EqualFold(el.AttrValue("type"), "link") || srcschema.Deleted(el) {
				return true
			}
			for _, n := range []string{"integrity", "revIntegrity"} {
				if a := el.AttrNode(n); a != nil && strings.EqualFold(strings.TrimSpace(a.Value), "own") {
					p.ReportAttr(a, "link %s of %s has %s=\"own\": deleting a record deletes its linked records, which can stop the instance on large tables of Campaign v8 Enterprise; the export cannot show the linked table's size: keep own only if it stays small",
						el.AttrValue("name"), p.Entity.ID(), n)
				}
			}
			return true
		})
	},
}
