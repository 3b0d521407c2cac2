package bld

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// BuildOrderByKey flags paged queries sorted without the primary key.
var BuildOrderByKey = &audit.Rule{
	ID:        "BLD-005",
	Name:      "orderby-without-primary-key",
	Title:     "Paged query sorted without the primary key",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Build 18.4: \"Before the change, the primary key … would implicitly be added to the orderBy " +
			"clauses … If you were dependent of this behavior, you will have to explicitly add the primary key.\" " +
			"A query that reads a page (`lineCount`, `startLine`) sorted on a non-unique field now returns ties in " +
			"any order: rows are skipped or repeated from one page to the next. The rule reports select " +
			"queries (stored or written as E4X) with an `<orderBy>` and paging whose sort nodes do not include " +
			"the primary key: `@id`, or the internal key of a schema defined in the scan. A query paged by a key " +
			"pointer (`lineCount` without `startLine`, its condition comparing the sort field with the last value " +
			"read, `@date > …`) moves no row between pages: it is not reported.",
		Remediation: "Add the key as the last sort node: `<orderBy><node expr=\"@lastName\"/><node expr=\"@id\"/></orderBy>`.",
		Bad: `<workflow internalName="WKF_pages" label="Paged export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="500" startLine={vars.start}&gt;
  &lt;select&gt;&lt;node expr="@email"/&gt;&lt;/select&gt;&lt;orderBy&gt;&lt;node expr="@lastName"/&gt;&lt;/orderBy&gt;
&lt;/queryDef&gt;).ExecuteQuery();</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_pages" label="Paged export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="500" startLine={vars.start}&gt;
  &lt;select&gt;&lt;node expr="@email"/&gt;&lt;/select&gt;&lt;orderBy&gt;&lt;node expr="@lastName"/&gt;&lt;node expr="@id"/&gt;&lt;/orderBy&gt;
&lt;/queryDef&gt;).ExecuteQuery();</script></js>
  </activities>
</workflow>`,
		URL: docs.OldRN + "release-18_4---build-8931.md",
	},
	Effort:   0.5,
	Requires: []*audit.Collector{SchemaCollector},
	Run:      runBuildOrderByKey,
}

// builtinKeys are the keys of built-in schemas without an @id primary key.
var builtinKeys = map[string][]string{
	"xtk:option": {"@name"}, "xtk:javascript": {"@namespace", "@name"}, "xtk:jssp": {"@namespace", "@name"},
	"xtk:jst": {"@namespace", "@name"}, "xtk:srcSchema": {"@namespace", "@name"}, "xtk:form": {"@namespace", "@name"},
	"xtk:navtree": {"@namespace", "@name"}, "xtk:sql": {"@namespace", "@name"}, "xtk:funcList": {"@namespace", "@name"},
}

func normPath(x string) string {
	x = strings.TrimSpace(x)
	if strings.HasPrefix(x, "[") && strings.HasSuffix(x, "]") {
		x = strings.TrimSpace(x[1 : len(x)-1])
	}
	return x
}

func runBuildOrderByKey(p *audit.Pass) {
	query.QueryElements(p, func(el *xmltree.Element, inE4X bool) {
		if el.LocalName() != "queryDef" {
			return
		}
		if op := el.AttrValue("operation"); op != "" && op != "select" {
			return
		}
		_, offsetPaged := el.Attr("startLine")
		if _, ok := el.Attr("lineCount"); !ok && !offsetPaged {
			return
		}
		ob := el.Child("orderBy")
		if ob == nil {
			return
		}
		var sorted []string
		for _, n := range ob.Elements() {
			if n.LocalName() == "node" {
				sorted = append(sorted, normPath(n.AttrValue("expr")))
			}
		}
		if len(sorted) == 0 {
			return
		}
		has := func(keys []string) bool {
			for _, k := range keys {
				found := false
				for _, s := range sorted {
					if s == normPath(k) {
						found = true
					}
				}
				if !found {
					return false
				}
			}
			return len(keys) > 0
		}
		if has([]string{"@id"}) {
			return
		}
		// A query paged by a key pointer (no startLine; its condition
		// compares the sort value with the last one read) moves no row
		// between pages.
		if !offsetPaged && keyPointerPaged(el, sorted) {
			return
		}
		schema := el.AttrValue("schema")
		if a := el.AttrNode("schema"); a != nil && a.Expr {
			schema = ""
		}
		if has(builtinKeys[schema]) {
			return
		}
		f := p.Newf(ob.Start, ob.Start+1+int64(len(ob.Name)), "paged query on %s sorted by %s without its primary key: since build 18.4 the key is no longer added, so rows with equal values move between pages; add <node expr=\"@id\"/> (or the schema's key) last",
			or(schema, "a schema set at run time"), strings.Join(sorted, ", "))
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			keys := schemaKeys.Values(ix, schema)
			return schema == "" || len(keys) == 0 || !has(keys)
		})
	})
}

var (
	sortField  = regexp.MustCompile(`@[\w-]+`)
	comparison = regexp.MustCompile(`^\s*(?:>=?|<=?|&gt;=?|&lt;=?)`)
)

// keyPointerPaged reports whether a query's conditions compare a field of
// its sort with a value (`@date > last`): paging by key pointer.
func keyPointerPaged(q *xmltree.Element, sorted []string) bool {
	fields := map[string]bool{}
	for _, s := range sorted {
		for _, f := range sortField.FindAllString(s, -1) {
			fields[f] = true
		}
	}
	found := false
	if w := q.Child("where"); w != nil {
		w.Walk(func(c *xmltree.Element) bool {
			v := c.AttrValue("expr")
			for _, m := range sortField.FindAllStringIndex(v, -1) {
				if fields[v[m[0]:m[1]]] && comparison.MatchString(v[m[1]:]) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
