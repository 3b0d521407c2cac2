package srcschema

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Facts about the source schemas of a scan, for the findings that depend on
// other schemas than the one being checked. Keys and values are lower-case.
const (
	// FactExtends: extension schema id → id of the schema it extends.
	FactExtends = "sch.extends"
	// FactSchema: id of every source schema of the scan → "1".
	FactSchema = "sch.schema"
	// FactNamespace: namespace → "1" when the scan holds a source
	// schema of that namespace.
	FactNamespace = "sch.namespace"
	// FactFileMapped: schema id → the mapping that forbids extending it
	// (mappingType="xmlFile", dataSource="file").
	FactFileMapped = "sch.fileMapped"
	// FactTable: SQL table → id of the schema that creates it (plain
	// tables only: no view, no extension).
	FactTable = "sch.table"
	// FactRcpColumn: column or field name declared by an extension of
	// nms:recipient → extension id.
	FactRcpColumn = "sch.rcpColumn"
	// FactRcpIndex: index name declared by an extension of
	// nms:recipient → extension id.
	FactRcpIndex = "sch.rcpIndex"
	// FactExtIndex: "<extended schema>|<index>" → id of the extension
	// that declares (not deletes) the index.
	FactExtIndex = "sch.extIndex"
	// FactFields: id of a schema of a reserved namespace (source or
	// generated) → names of the fields of its main element.
	FactFields = "sch.fields"
)

// FieldCollector records the fields of the built-in schemas a scan
// holds, so that a custom schema can be compared with them.
var FieldCollector = audit.Collector{
	Name:    "sch-builtin-fields",
	Schemas: []string{"xtk:srcSchema", "xtk:schema"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		e := u.Entity
		ns, name := strings.TrimSpace(e.Namespace), strings.TrimSpace(e.Name)
		if !IsReserved(ns) || name == "" || Deleted(e.Root) {
			return
		}
		main := MainElement(e.Root, name)
		if main == nil {
			return
		}
		id := strings.ToLower(ns + ":" + name)
		for _, f := range FieldNames(main) {
			rec.Record(FactFields, id, f)
		}
	},
}

// FieldNames returns the lower-case names of the attributes and
// elements declared under a main element.
func FieldNames(main *xmltree.Element) []string {
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
		if n := strings.ToLower(el.AttrValue("name")); n != "" && !seen[n] && !Deleted(el) {
			seen[n] = true
			out = append(out, n)
		}
		return true
	})
	return out
}

var SchemaCollector = audit.Collector{
	Name:    "sch-schemas",
	Schemas: []string{"xtk:srcSchema"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		e := u.Entity
		root := e.Root
		ns, name := strings.TrimSpace(e.Namespace), strings.TrimSpace(e.Name)
		if ns == "" || name == "" || Deleted(root) {
			return
		}
		id := strings.ToLower(ns + ":" + name)
		rec.Record(FactSchema, id, "1")
		rec.Record(FactNamespace, strings.ToLower(ns), "1")
		for _, attr := range []string{"mappingType", "dataSource"} {
			v := strings.TrimSpace(root.AttrValue(attr))
			if strings.EqualFold(v, "xmlFile") || strings.EqualFold(v, "file") {
				rec.Record(FactFileMapped, id, attr+`="`+v+`"`)
			}
		}
		target, _ := Extended(root)
		if target != "" {
			target = strings.ToLower(target)
			rec.Record(FactExtends, id, target)
			_, tname, _ := strings.Cut(target, ":")
			main := MainElement(root, tname)
			if main == nil {
				return
			}
			main.Walk(func(el *xmltree.Element) bool {
				switch el.LocalName() {
				case "dbindex", "key":
					n := strings.ToLower(el.AttrValue("name"))
					if n == "" || Deleted(el) {
						return true
					}
					rec.Record(FactExtIndex, target+"|"+n, id)
					if target == "nms:recipient" {
						rec.Record(FactRcpIndex, n, id)
					}
				case "attribute", "element":
					if target != "nms:recipient" || Deleted(el) {
						return true
					}
					if s := el.AttrValue("sqlname"); s != "" {
						rec.Record(FactRcpColumn, strings.ToLower(s), id)
					}
					if n := el.AttrValue("name"); n != "" && el.LocalName() == "attribute" {
						rec.Record(FactRcpColumn, strings.ToLower(n), id)
					}
				}
				return true
			})
			return
		}
		if IsTrue(root.AttrValue("view")) {
			return
		}
		for _, el := range TopElements(root) {
			t := strings.TrimSpace(el.AttrValue("sqltable"))
			if t == "" && el.AttrValue("name") == name && !IsTrue(root.AttrValue("library")) {
				// The documented default: namespace then name, capitalised.
				t = strings.ToUpper(ns[:1]) + ns[1:] + strings.ToUpper(name[:1]) + name[1:]
			}
			if t != "" {
				rec.Record(FactTable, strings.ToLower(UnquoteIdent(t)), id)
			}
		}
	},
}
