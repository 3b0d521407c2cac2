package wf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

var SQLFilterCollector = audit.Collector{
	Name:    "ops.sqlFilter",
	Schemas: []string{"xtk:queryFilter"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		name := u.Entity.Root.AttrValue("name")
		if name == "" {
			return
		}
		code := map[*xmltree.Element]bool{}
		for _, c := range u.Code() {
			if c.Attr == nil {
				code[c.Elem] = true
			}
		}
		if countSQLData(u.Entity.Root, code).total() > 0 {
			rec.Record(factSQLFilter, name, u.Entity.ID())
		}
	},
}
