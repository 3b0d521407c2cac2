package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// V8Staging flags staging enabled where it has no effect or is forbidden.
var V8Staging = &audit.Rule{
	ID:        "V8-022",
	Name:      "v8-staging-on-local-schema",
	Title:     "Staging (autoStg) on a schema not stored in Snowflake",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"Do not enable staging on replicated schemas. Do not enable Staging on local schemas\": the " +
			"staging mechanism of v8 Enterprise (autoStg=\"true\", fed by the Ingest APIs) exists for tables of the " +
			"cloud database. The rule reports autoStg set on an element of a schema whose data source is not " +
			"nms:extAccount:ffda.",
		Remediation: "Remove `autoStg` from local and replicated schemas, or move the table to Snowflake with " +
			"`dataSource=\"nms:extAccount:ffda\"` first.",
		Bad: `<srcSchema name="event" namespace="cus" xtkschema="xtk:srcSchema">
  <element autoStg="true" autopk="true" autouuid="true" name="event"/>
</srcSchema>`,
		Good: `<srcSchema name="event" namespace="cus" xtkschema="xtk:srcSchema">
  <element autoStg="true" autopk="true" autouuid="true" dataSource="nms:extAccount:ffda" name="event"/>
</srcSchema>`,
		URL: docs.Staging,
	},
	Effort:  1,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		root := p.Entity.Root
		if !v8Live(p) {
			return
		}
		for _, el := range srcschema.TopElements(root) {
			a := el.AttrNode("autoStg")
			if a == nil || !srcschema.IsTrue(a.Value) || v8DataSource(root, el) == v8FFDASource {
				continue
			}
			p.ReportAttr(a, "%s enables staging on a schema outside Snowflake (no dataSource=\"nms:extAccount:ffda\"): staging is only for cloud database tables", p.Entity.ID())
		}
	},
}
