package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Facts about the source schemas of a scan, for the findings that depend on
// other schemas than the one being checked. Keys and values are lower-case.
const (
	// schFactExtends: extension schema id → id of the schema it extends.
	schFactExtends = "sch.extends"
	// schFactSchema: id of every source schema of the scan → "1".
	schFactSchema = "sch.schema"
	// schFactNamespace: namespace → "1" when the scan holds a source
	// schema of that namespace.
	schFactNamespace = "sch.namespace"
	// schFactFileMapped: schema id → the mapping that forbids extending it
	// (mappingType="xmlFile", dataSource="file").
	schFactFileMapped = "sch.fileMapped"
	// schFactTable: SQL table → id of the schema that creates it (plain
	// tables only: no view, no extension).
	schFactTable = "sch.table"
	// schFactRcpColumn: column or field name declared by an extension of
	// nms:recipient → extension id.
	schFactRcpColumn = "sch.rcpColumn"
	// schFactRcpIndex: index name declared by an extension of
	// nms:recipient → extension id.
	schFactRcpIndex = "sch.rcpIndex"
	// schFactExtIndex: "<extended schema>|<index>" → id of the extension
	// that declares (not deletes) the index.
	schFactExtIndex = "sch.extIndex"
	// schFactFields: id of a schema of a reserved namespace (source or
	// generated) → names of the fields of its main element.
	schFactFields = "sch.fields"
)

// schFieldCollector records the fields of the built-in schemas a scan
// holds, so that a custom schema can be compared with them.
var schFieldCollector = audit.Collector{
	Name:    "sch-builtin-fields",
	Schemas: []string{"xtk:srcSchema", "xtk:schema"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		e := u.Entity
		ns, name := strings.TrimSpace(e.Namespace), strings.TrimSpace(e.Name)
		if !schIsReserved(ns) || name == "" || schDeleted(e.Root) {
			return
		}
		main := schMainElement(e.Root, name)
		if main == nil {
			return
		}
		id := strings.ToLower(ns + ":" + name)
		for _, f := range schFieldNames(main) {
			rec.Record(schFactFields, id, f)
		}
	},
}

// schFieldNames returns the lower-case names of the attributes and
// elements declared under a main element.
func schFieldNames(main *xmltree.Element) []string {
	var out []string
	seen := map[string]bool{}
	main.Walk(func(el *xmltree.Element) bool {
		if el == main {
			return true
		}
		ln := el.LocalName()
		if ln != "attribute" && ln != "element" {
			return false // keys, indexes, filters, enumerations
		}
		if n := strings.ToLower(el.AttrValue("name")); n != "" && !seen[n] && !schDeleted(el) {
			seen[n] = true
			out = append(out, n)
		}
		return true
	})
	return out
}

var schSchemaCollector = audit.Collector{
	Name:    "sch-schemas",
	Schemas: []string{"xtk:srcSchema"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		e := u.Entity
		root := e.Root
		ns, name := strings.TrimSpace(e.Namespace), strings.TrimSpace(e.Name)
		if ns == "" || name == "" || schDeleted(root) {
			return
		}
		id := strings.ToLower(ns + ":" + name)
		rec.Record(schFactSchema, id, "1")
		rec.Record(schFactNamespace, strings.ToLower(ns), "1")
		for _, attr := range []string{"mappingType", "dataSource"} {
			v := strings.TrimSpace(root.AttrValue(attr))
			if strings.EqualFold(v, "xmlFile") || strings.EqualFold(v, "file") {
				rec.Record(schFactFileMapped, id, attr+`="`+v+`"`)
			}
		}
		target, _ := schExtended(root)
		if target != "" {
			target = strings.ToLower(target)
			rec.Record(schFactExtends, id, target)
			_, tname, _ := strings.Cut(target, ":")
			main := schMainElement(root, tname)
			if main == nil {
				return
			}
			main.Walk(func(el *xmltree.Element) bool {
				switch el.LocalName() {
				case "dbindex", "key":
					n := strings.ToLower(el.AttrValue("name"))
					if n == "" || schDeleted(el) {
						return true
					}
					rec.Record(schFactExtIndex, target+"|"+n, id)
					if target == "nms:recipient" {
						rec.Record(schFactRcpIndex, n, id)
					}
				case "attribute", "element":
					if target != "nms:recipient" || schDeleted(el) {
						return true
					}
					if s := el.AttrValue("sqlname"); s != "" {
						rec.Record(schFactRcpColumn, strings.ToLower(s), id)
					}
					if n := el.AttrValue("name"); n != "" && el.LocalName() == "attribute" {
						rec.Record(schFactRcpColumn, strings.ToLower(n), id)
					}
				}
				return true
			})
			return
		}
		if schIsTrue(root.AttrValue("view")) {
			return
		}
		for _, el := range schTopElements(root) {
			t := strings.TrimSpace(el.AttrValue("sqltable"))
			if t == "" && el.AttrValue("name") == name && !schIsTrue(root.AttrValue("library")) {
				// The documented default: namespace then name, capitalised.
				t = strings.ToUpper(ns[:1]) + ns[1:] + strings.ToUpper(name[:1]) + name[1:]
			}
			if t != "" {
				rec.Record(schFactTable, strings.ToLower(schUnquoteIdent(t)), id)
			}
		}
	},
}
