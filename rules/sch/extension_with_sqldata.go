package sch

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/audit/xtk"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// ExtensionSQLData summarises, per schema extension, the fields and
// filters built on SQLData.
var ExtensionSQLData = &audit.Rule{
	ID:        "SCH-006",
	Name:      "extension-with-sqldata",
	Title:     "Schema extension with SQLData",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.Schemas,
	Compat:    []string{"PU-0005", "PU-0006"},
	Doc: audit.Doc{
		Rationale: "The migration guide singles out \"schema extensions with SQLdata\": the postupgrade regenerates every " +
			"schema, stops on their [SQLDATA[ expressions (PU-0006) and sql attributes (PU-0005), and calculated " +
			"fields, system filters and joins of the built-in tables then fail for every query. SQL-001, SQL-002 " +
			"and SQL-003 report each fragment where it is written; this rule gives one finding per extension, on its " +
			"root, naming the extended built-in and each field, filter or link concerned, so that the schema can be " +
			"planned and retested as a whole. The sql=\"true\" storage flag of fields is not SQLData.",
		Remediation: "Rewrite each expression with the v7 syntax — a sub-query " +
			"(`<condition expr=\"@id\" setOperator=\"IN\"><subQuery schema=\"cus:order\">…</subQuery></condition>`), " +
			"an aggregate on a link (`expr=\"count([order/@id])\"`) or a join `[schema:alias:xpath]` — then regenerate the " +
			"schemas and retest the queries that use the extension.",
		Bad: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="ordersTotal" type="double"
               expr="[SQLDATA[(SELECT SUM(dAmount) FROM CusOrder O WHERE O.iRecipientId = @id)]]"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="ordersTotal" type="double" expr="Sum([order/@amount])"/>
    <attribute name="exported" type="boolean" sql="true"/>
  </element>
</srcSchema>`,
		URL: docs.Migration,
	},
	Effort:      1,
	Schemas:     []string{"xtk:srcSchema"},
	RootCauses:  []string{"SQL-001", "SQL-002", "SQL-003"},
	Consequence: "the postupgrade fails on this schema extension until each of its SQLData fields, filters and joins is rewritten (SCH-006)",
	Run:         runExtensionSQLData,
}

func runExtensionSQLData(p *audit.Pass) {
	root := p.Entity.Root
	target, _ := srcschema.Extended(root)
	if target == "" || srcschema.Deleted(root) {
		return
	}
	var places []string
	seen := map[string]bool{}
	add := func(el *xmltree.Element, what string) {
		s := schOwnerLabel(root, el) + " (" + what + ")"
		if !seen[s] {
			seen[s] = true
			places = append(places, s)
		}
	}
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		name := el.LocalName()
		for i := range el.Attrs {
			a := &el.Attrs[i]
			switch {
			case acc.IsDescriptiveAttr(a.Name):
			case strings.EqualFold(a.Name, "aliasSqlTable"):
				add(el, "aliasSqlTable of <"+el.Name+">")
			case a.Name == "sql" && (name == "condition" || name == "node"):
				add(el, "sql of <"+el.Name+">")
			case len(xtk.SQLData(a.Value)) > 0:
				add(el, a.Name+" of <"+el.Name+">")
			}
		}
		return true
	})
	if len(places) == 0 {
		return
	}
	p.ReportElement(root, "extension %s:%s of %s holds SQLData in %s: the postupgrade fails on it until each is rewritten with sub-queries, aggregates or joins",
		p.Entity.Namespace, p.Entity.Name, target, strings.Join(places, ", "))
}

// schOwnerLabel names the schema item holding el: the nearest field, link,
// filter, key or index with a name, e.g. "attribute ordersTotal" or
// "sysFilter readAccess".
func schOwnerLabel(root, el *xmltree.Element) string {
	for cur := el; cur != nil && cur != root; cur = cur.Parent {
		switch ln := cur.LocalName(); ln {
		case "attribute", "element", "sysFilter", "key", "dbindex", "compute-string", "enumeration", "method":
			if n := cur.AttrValue("name"); n != "" {
				return ln + " " + n
			}
			if ln == "compute-string" {
				return "compute-string"
			}
		}
	}
	return "<" + el.Name + ">"
}
