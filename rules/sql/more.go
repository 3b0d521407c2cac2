package sql

import (
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

var FuncListCollector = audit.Collector{
	Name:    "js-funclist",
	Schemas: []string{"xtk:funcList"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		if k := u.Entity.Key; strings.Contains(k, ":") {
			rec.Record(factFuncList, k, u.File+"#"+strconv.Itoa(u.Entity.Ordinal))
		}
	},
}
