package sql

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

var (
	sqlWordRE    = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	physColumnRE = regexp.MustCompile(`^(i|s|ts|d|m|b)[A-Z][A-Za-z0-9_]*$`)
	physTableRE  = regexp.MustCompile(`^(Nms|Xtk|Ncm|Nl|Crm|Nmc)[A-Z][A-Za-z0-9_]*$`)
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
