package wf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// sqlFilters: name of each predefined filter (xtk:queryFilter) whose
// conditions hold SQLData → its entity ids.
var sqlFilters = audit.NewFact("wf.sqlFilter", strings.Compare)

// SQLFilterCollector records the predefined filters built on SQLData.
var SQLFilterCollector = &audit.Collector{
	Name:    "wf-sql-filters",
	Schemas: []string{"xtk:queryFilter"},
	Facts:   []audit.FactKind{sqlFilters},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		name := u.Entity.Root.AttrValue("name")
		if name == "" || !u.Mentions("sql") {
			return // every construct countSQLData counts has "sql" in its source
		}
		code := map[*xmltree.Element]bool{}
		for _, c := range u.Code() {
			if c.Attr == nil {
				code[c.Elem] = true
			}
		}
		if countSQLData(u.Entity.Root, code).total() > 0 {
			sqlFilters.Record(rec, name, u.Entity.ID())
		}
	},
}
