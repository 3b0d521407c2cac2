package srcschema

import (
	"cmp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Facts about the source schemas of a scan, for the findings that depend on
// other schemas than the one being checked. Keys and values are lower-case.
var (
	// Extends: extension schema id → id of the schema it extends.
	Extends = audit.NewFact("sch.extends", strings.Compare)
	// Schemas: id of every source schema of the scan.
	Schemas = audit.NewMarks("sch.schema")
	// Namespaces: each namespace of a source schema of the scan.
	Namespaces = audit.NewMarks("sch.namespace")
	// FileMapped: schema id → the mapping that forbids extending it
	// (mappingType="xmlFile", dataSource="file"), as written.
	FileMapped = audit.NewFact("sch.fileMapped", compareAttr)
	// Tables: SQL table → id of the schema that creates it (plain
	// tables only: no view, no extension).
	Tables = audit.NewFact("sch.table", strings.Compare)
	// RcpColumns: column or field name declared by an extension of
	// nms:recipient → the first extension id (in string order) that
	// declares it: its reader names one declaring extension, and an
	// export of 200 MB declares 150,000 columns.
	RcpColumns = audit.NewMax("sch.rcpColumn", firstID)
	// RcpIndexes: index name declared by an extension of nms:recipient
	// → the first extension id that declares it.
	RcpIndexes = audit.NewMax("sch.rcpIndex", firstID)
	// ExtIndexes: extended schema id → each index or key an extension
	// declares (not deletes) on it.
	ExtIndexes = audit.NewFact("sch.extIndex", compareExtIndex)
	// Fields: id of a schema of a reserved namespace (source or
	// generated) → names of the fields of its main element.
	Fields = audit.NewFact("sch.fields", strings.Compare)
)

// firstID orders ids backwards, so that a NewMax fact keeps the first.
func firstID(a, b string) int { return strings.Compare(b, a) }

// An Attr is an attribute as written: name and value.
type Attr struct{ Name, Value string }

func compareAttr(a, b Attr) int {
	return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Value, b.Value))
}

// An ExtIndex is an index (or key) Name declared by extension By.
type ExtIndex struct{ Name, By string }

func compareExtIndex(a, b ExtIndex) int {
	return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.By, b.By))
}

// FieldCollector records the fields of the built-in schemas a scan
// holds, so that a custom schema can be compared with them.
var FieldCollector = &audit.Collector{
	Name:    "sch-builtin-fields",
	Schemas: []string{"xtk:srcSchema", "xtk:schema"},
	Facts:   []audit.FactKind{Fields},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
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
			Fields.Record(rec, id, f)
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

// SchemaCollector records what the source schemas of the scan declare:
// their ids and namespaces, extensions, file mappings, tables, and the
// indexes and columns extensions add.
var SchemaCollector = &audit.Collector{
	Name:    "sch-schemas",
	Schemas: []string{"xtk:srcSchema"},
	Facts:   []audit.FactKind{Schemas, Namespaces, FileMapped, Extends, ExtIndexes, RcpIndexes, RcpColumns, Tables},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		e := u.Entity
		root := e.Root
		ns, name := strings.TrimSpace(e.Namespace), strings.TrimSpace(e.Name)
		if ns == "" || name == "" || Deleted(root) {
			return
		}
		id := strings.ToLower(ns + ":" + name)
		Schemas.Record(rec, id, audit.Mark{})
		Namespaces.Record(rec, strings.ToLower(ns), audit.Mark{})
		for _, attr := range []string{"mappingType", "dataSource"} {
			v := strings.TrimSpace(root.AttrValue(attr))
			if strings.EqualFold(v, "xmlFile") || strings.EqualFold(v, "file") {
				FileMapped.Record(rec, id, Attr{attr, v})
			}
		}
		target, _ := Extended(root)
		if target != "" {
			target = strings.ToLower(target)
			Extends.Record(rec, id, target)
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
					ExtIndexes.Record(rec, target, ExtIndex{n, id})
					if target == "nms:recipient" {
						RcpIndexes.Record(rec, n, id)
					}
				case "attribute", "element":
					if target != "nms:recipient" || Deleted(el) {
						return true
					}
					if s := el.AttrValue("sqlname"); s != "" {
						RcpColumns.Record(rec, strings.ToLower(s), id)
					}
					if n := el.AttrValue("name"); n != "" && el.LocalName() == "attribute" {
						RcpColumns.Record(rec, strings.ToLower(n), id)
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
				Tables.Record(rec, strings.ToLower(UnquoteIdent(t)), id)
			}
		}
	},
}
