package sql

import (
	"cmp"
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

var (
	sqlWordRE    = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	physColumnRE = regexp.MustCompile(`^(i|s|ts|d|m|b)[A-Z][A-Za-z0-9_]*$`)
	physTableRE  = regexp.MustCompile(`^(Nms|Xtk|Ncm|Nl|Crm|Nmc)[A-Z][A-Za-z0-9_]*$`)
)

// An entityAt is the place of an entity: its file and position in it.
type entityAt struct {
	File    string
	Ordinal int
}

func compareEntityAt(a, b entityAt) int {
	return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Ordinal, b.Ordinal))
}

// Facts of the SQL function lists of the scan.
var (
	// funcLists: funcList key (namespace:name) → each entity declaring it.
	funcLists = audit.NewFact("sql.funcList", compareEntityAt)
	// functions: lower-case SQL function name → the key of the funcList
	// placed last among those declaring it (the list imported last wins).
	functions = audit.NewMax("sql.function", audit.ComparePlaced)
	// allowed: lower-case SQL function names the configuration declares
	// (--allow-function, allow-functions); recorded through AllowFunctions.
	allowed = audit.NewMarks("sql.allowedFunction")
)

// FuncListCollector records the xtk:funcList entities of the scan and the
// SQL functions they declare.
var FuncListCollector = &audit.Collector{
	Name:    "sql-funclist",
	Schemas: []string{"xtk:funcList"},
	Facts:   []audit.FactKind{funcLists, functions, allowed},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		e := u.Entity
		if strings.Contains(e.Key, ":") {
			funcLists.Record(rec, e.Key, entityAt{u.File, e.Ordinal})
		}
		e.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "function" {
				if n := el.AttrValue("name"); n != "" {
					functions.Record(rec, strings.ToLower(n), audit.PlaceOf(u, e.Key))
				}
			}
			return true
		})
	},
}

// AllowFunctions returns the driver.Options.Facts hook that declares SQL
// function names from the configuration, on top of the documented
// built-ins and the scan's xtk:funcList entities.
func AllowFunctions(names []string) func(*audit.Recorder) {
	return func(rec *audit.Recorder) {
		for _, n := range names {
			allowed.Record(rec, strings.ToLower(n), audit.Mark{})
		}
	}
}

// functionDeclared reports whether the configuration or an xtk:funcList of
// the scan declares the SQL function name (case-insensitive), and by which
// list ("configuration" for the former).
func functionDeclared(ix *audit.Index, name string) (string, bool) {
	k := strings.ToLower(name)
	if allowed.Has(ix, k) {
		return "configuration", true
	}
	return audit.Last(functions.Values(ix, k))
}
