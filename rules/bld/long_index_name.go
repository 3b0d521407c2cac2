package bld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// BuildLongIndexName flags schema indexes whose database name exceeds 30
// characters, which the post-upgrade renames.
var BuildLongIndexName = &audit.Rule{
	ID:        "BLD-007",
	Name:      "long-index-name",
	Title:     "Index whose database name is longer than 30 characters",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Since 18.4 \"the PostUpgrade will execute a rename of indexes with names longer than 30\" " +
			"characters: on a large table the rename takes time during the upgrade window, and SQL that names " +
			"the index (hints, maintenance scripts, DROP INDEX) breaks. The database name of an index is the " +
			"table's SQL name, an underscore and the index name (`<dbindex name=\"myIndex\">` on CusSample is " +
			"CusSample_myIndex). The rule computes it for every <dbindex> of the source schemas of the export, " +
			"with the sqltable of the element, or the table of the extended schema, or the default table name " +
			"(namespace and element name, capitalised).",
		Remediation: "Shorten the index name so that <table>_<name> stays within 30 characters, e.g. " +
			"`<dbindex name=\"lastPurchase\">` instead of `<dbindex name=\"lastPurchaseDateAndStore\">`, and update " +
			"the SQL that refers to the index before the upgrade.",
		Bad: `<srcSchema extendedSchema="nms:recipient" name="recipient" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <dbindex name="lastPurchaseDateAndStoreCode"><keyfield xpath="@lastPurchase"/></dbindex>
  </element>
</srcSchema>`,
		Good: `<srcSchema extendedSchema="nms:recipient" name="recipient" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <dbindex name="lastPurchase"><keyfield xpath="@lastPurchase"/></dbindex>
  </element>
</srcSchema>`,
		URL: docs.Release184,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runBuildLongIndexName,
}

// maxIndexName is the length beyond which the post-upgrade renames an
// index (Oracle's identifier limit).
const maxIndexName = 30

// defaultTable is the table Campaign creates for an element without
// sqltable: the namespace then the name, each capitalised (cus:sample ->
// CusSample).
func defaultTable(ns, name string) string {
	up := func(s string) string {
		if s == "" {
			return ""
		}
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return up(ns) + up(name)
}

func runBuildLongIndexName(p *audit.Pass) {
	root := p.Entity.Root
	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "dbindex" {
			return true
		}
		if el.AttrValue("_operation") == "delete" {
			return false
		}
		a := el.AttrNode("name")
		if a == nil || a.Value == "" {
			return false
		}
		table := indexTable(root, el.Parent)
		sqlName := table + "_" + a.Value
		if len(sqlName) > maxIndexName {
			p.ReportAttr(a, "index %s is named %s in the database (%d characters, over %d): the post-upgrade renames it; "+
				"shorten the index name and update SQL that refers to it", a.Value, sqlName, len(sqlName), maxIndexName)
		}
		return false
	})
}

// indexTable returns the SQL table of the element holding an index.
func indexTable(root, el *xmltree.Element) string {
	if el == nil {
		return ""
	}
	if t := el.AttrValue("sqltable"); t != "" {
		return t
	}
	if ext := root.AttrValue("extendedSchema"); ext != "" {
		ns, name, _ := strings.Cut(ext, ":")
		return defaultTable(ns, name)
	}
	return defaultTable(root.AttrValue("namespace"), el.AttrValue("name"))
}
