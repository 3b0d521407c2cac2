package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// v8FFDASource is the data source of the tables v8 Enterprise keeps in
// Snowflake.
const v8FFDASource = "nms:extaccount:ffda"

// v8MRMSchemas are the schemas of Marketing Resource Management.
var v8MRMSchemas = map[string]bool{
	"nms:budget": true, "nms:costline": true, "nms:coststructure": true, "nms:costcategory": true,
	"nms:commitment": true, "nms:task": true, "nms:asset": true,
}

// V8MRM flags Marketing Resource Management objects, absent from v8
// Enterprise.
var V8MRM = &audit.Rule{
	ID:        "V8-005",
	Name:      "v8-marketing-resource-management",
	Title:     "Marketing Resource Management schema extended or exported",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"Marketing Resource Management (MRM) is not available in the context of an Enterprise (FFDA) " +
			"deployment\"; the v7-to-v8 page lists it among the unavailable capabilities. The rule reports schema " +
			"extensions of the MRM schemas (nms:budget, nms:costLine, nms:costStructure, nms:costCategory, " +
			"nms:commitment, nms:task, nms:asset) and exported entities of those schemas. The schema list is " +
			"inferred from the MRM documentation of v7, hence the medium precision.",
		Remediation: "Move budget, cost and task management to another tool (Workfront, for instance) or choose a v8 " +
			"deployment on PostgreSQL (FDA), then drop the extensions.",
		Bad: `<srcSchema extendedSchema="nms:budget" name="budget" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="budget"><attribute name="costCenter" type="string" length="20"/></element>
</srcSchema>`,
		Good: `<srcSchema extendedSchema="nms:operation" name="operation" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="operation"><attribute name="costCenter" type="string" length="20"/></element>
</srcSchema>`,
		URL: v8DocMRM,
	},
	Effort: 8,
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		if v8MRMSchemas[strings.ToLower(p.Entity.Schema)] {
			root := p.Entity.Root
			p.ReportElement(root, "%s is a Marketing Resource Management object, not available on Campaign v8 Enterprise (FFDA)", p.Entity.ID())
			return
		}
		if p.Entity.Schema != "xtk:srcSchema" {
			return
		}
		if target, a := v8Extension(p); v8MRMSchemas[target] {
			p.ReportAttr(a, "%s extends %s, a Marketing Resource Management schema, not available on Campaign v8 Enterprise (FFDA)", p.Entity.ID(), a.Value)
		}
	},
}

// v8CustomTable returns the main element of a srcSchema that creates a
// table of its own in a customer namespace: not an extension, not a view,
// not a reserved namespace, not a deletion.
func v8CustomTable(p *audit.Pass) *xmltree.Element {
	root := p.Entity.Root
	if !v8Live(p) {
		return nil
	}
	if t, _ := schExtended(root); t != "" || schIsReserved(root.AttrValue("namespace")) {
		return nil
	}
	main := schMainElement(root, root.AttrValue("name"))
	if main == nil || schIsTrue(main.AttrValue("view")) {
		return nil
	}
	for _, el := range []*xmltree.Element{main, root} {
		if m := strings.ToLower(strings.TrimSpace(el.AttrValue("mappingType"))); m != "" && m != "sql" {
			return nil
		}
	}
	return main
}

// v8DataSource returns the data source a schema's main element or root
// names, lower-cased, or "".
func v8DataSource(root, main *xmltree.Element) string {
	for _, el := range []*xmltree.Element{main, root} {
		if el != nil {
			if v := strings.TrimSpace(el.AttrValue("dataSource")); v != "" {
				return strings.ToLower(v)
			}
		}
	}
	return ""
}

// V8CustomTable flags custom tables that v8 Enterprise would not keep in
// the cloud database.
var V8CustomTable = &audit.Rule{
	ID:        "V8-011",
	Name:      "v8-custom-table-not-in-snowflake",
	Title:     "Custom table schema without the Snowflake data source",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On v8 Enterprise, \"Customer data is not stored in the local Campaign database. As a " +
			"consequence, any custom table needs to be create[d] in the Cloud database\", by \"adding the " +
			"`dataSource=\"nms:extAccount:ffda\"` attribute\". The rule reports a source schema of a customer " +
			"namespace that creates a table (not an extension, not a view, no data source). Some custom tables " +
			"are technical and may stay local, hence the medium precision.",
		Remediation: "Decide where the table lives; for customer data add `dataSource=\"nms:extAccount:ffda\"` to the " +
			"main element (with `autopk=\"true\" autouuid=\"true\"`) and move its data during the transition.",
		Bad: `<srcSchema name="household" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" name="household"><attribute name="label" type="string" length="80"/></element>
</srcSchema>`,
		Good: `<srcSchema name="household" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" autouuid="true" dataSource="nms:extAccount:ffda" name="household"><attribute name="label" type="string" length="80"/></element>
</srcSchema>`,
		URL: v8DocCreate,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		main := v8CustomTable(p)
		if main == nil || v8DataSource(p.Entity.Root, main) != "" {
			return
		}
		p.ReportElement(main, "%s creates a table in the local database: on Campaign v8 Enterprise customer data lives in Snowflake; "+
			"add dataSource=\"nms:extAccount:ffda\" unless the table is technical", p.Entity.ID())
	},
}

// V8TableKeys flags custom tables whose keys Snowflake cannot generate.
var V8TableKeys = &audit.Rule{
	ID:        "V8-012",
	Name:      "v8-table-key-without-autouuid",
	Title:     "Custom table with an auto-generated numeric key but no autouuid",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On Snowflake \"the main element of the schema must contain the **autouuid** and **autopk** " +
			"attributes set to **true**\": keys are UUIDs, not numbers from a sequence. A custom table (in the " +
			"local database or already on ffda) whose main element sets autopk=\"true\" without autouuid=\"true\" " +
			"keeps the numeric key v8 Enterprise does not generate. Tables bound to another federated account are " +
			"not reported; a technical table that stays in the local database may keep its numeric key (see V8-011), " +
			"hence the medium precision.",
		Remediation: "Set `autopk=\"true\" autouuid=\"true\"` on the main element, add a business key (`<key>`), and " +
			"replace code that relies on numeric ids; if the key named id is filled from outside, leave autouuid off " +
			"and declare the key.",
		Bad: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" name="contract"><attribute name="number" type="string" length="20"/></element>
</srcSchema>`,
		Good: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" autouuid="true" name="contract"><attribute name="number" type="string" length="20"/></element>
</srcSchema>`,
		URL: v8DocKeys,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		main := v8CustomTable(p)
		if main == nil {
			return
		}
		if ds := v8DataSource(p.Entity.Root, main); ds != "" && ds != v8FFDASource {
			return
		}
		a := main.AttrNode("autopk")
		if a == nil || !schIsTrue(a.Value) || schIsTrue(main.AttrValue("autouuid")) {
			return
		}
		p.ReportAttr(a, "%s generates numeric keys (autopk without autouuid): Snowflake tables of Campaign v8 Enterprise need autouuid=\"true\"", p.Entity.ID())
	},
}

// V8Staging flags staging enabled where it has no effect or is forbidden.
var V8Staging = &audit.Rule{
	ID:        "V8-022",
	Name:      "v8-staging-on-local-schema",
	Title:     "Staging (autoStg) on a schema not stored in Snowflake",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
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
		URL: v8DocStaging,
	},
	Effort:  1,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		root := p.Entity.Root
		if !v8Live(p) {
			return
		}
		for _, el := range schTopElements(root) {
			a := el.AttrNode("autoStg")
			if a == nil || !schIsTrue(a.Value) || v8DataSource(root, el) == v8FFDASource {
				continue
			}
			p.ReportAttr(a, "%s enables staging on a schema outside Snowflake (no dataSource=\"nms:extAccount:ffda\"): staging is only for cloud database tables", p.Entity.ID())
		}
	},
}

// V8IntegrityOwn flags "own" integrity links, costly on large tables.
var V8IntegrityOwn = &audit.Rule{
	ID:        "V8-020",
	Name:      "v8-own-integrity-link",
	Title:     "Link with own integrity in a custom schema",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionLow,
	Category:  CatV8,
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
		URL: v8DocModel,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) || schIsReserved(p.Entity.Root.AttrValue("namespace")) {
			return
		}
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "element" || !strings.EqualFold(el.AttrValue("type"), "link") || schDeleted(el) {
				return true
			}
			for _, n := range []string{"integrity", "revIntegrity"} {
				if a := el.AttrNode(n); a != nil && strings.EqualFold(strings.TrimSpace(a.Value), "own") {
					p.ReportAttr(a, "link %s of %s has %s=\"own\": deleting a record deletes its linked records, which can stop the instance on large tables of Campaign v8 Enterprise",
						el.AttrValue("name"), p.Entity.ID(), n)
				}
			}
			return true
		})
	},
}
