// Package option reads xtk:option values and names the options several
// families check.
package option

import (
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// Rule builds the Run function of a rule about one or more
// xtk:option entities: check receives the option name and value and
// returns the message, or "" when the value is fine.
func Rule(check func(p *audit.Pass, name, value string) string) func(*audit.Pass) {
	return func(p *audit.Pass) {
		if srcschema.Deleted(p.Entity.Root) || srcschema.IsReference(p.Entity.Root) {
			return
		}
		v, start, end := srcschema.OptionValue(p)
		if msg := check(p, strings.TrimSpace(p.Entity.Name), strings.TrimSpace(v)); msg != "" {
			p.Reportf(start, end, "%s", msg)
		}
	}
}

// Off reports whether an option value means 0 or false. Packages
// leave out values equal to 0, so an empty value is off.
func Off(v string) bool { return v == "" || !Enabled(v) }

// Options of v7 builds 21.1.3 and later that lock built-in objects.
var (
	RestrictSchema = Watch("RestrictEditingOOTBSchema")
	RestrictJS     = Watch("RestrictEditingOOTBJavascript")
)

// PassUnknown lets the server pass unknown functions to the database.
var PassUnknown = Watch("XtkPassUnknownSQLFunctionsToRDBMS")

// Enabled reads a boolean or numeric option value.
func Enabled(v string) bool {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		return n != 0
	}
	return strings.EqualFold(v, "true")
}

// Defined is the fact of the watched options the scan exports: option
// name → its value at the entity placed last among those defining it.
var Defined = audit.NewMax("option.defined", audit.ComparePlaced)

// watched holds the options some rule reads (Watch): only their values
// are kept to the end of the scan. An instance exports thousands of
// options, some with long values, and a rule reads a handful.
var watched = map[string]bool{}

// Watch declares that a rule reads the option name with Value, and
// returns name. Call it when a package is initialized (a package-level
// variable), before any scan.
func Watch(name string) string {
	watched[name] = true
	return name
}

// Collector records the options of the scan, for the rules whose findings
// depend on an option exported elsewhere.
var Collector = &audit.Collector{
	Name:    "options",
	Schemas: []string{"xtk:option"},
	Facts:   []audit.FactKind{Defined},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		if e := u.Entity; e.Name != "" && watched[e.Name] {
			Defined.Record(rec, e.Name, audit.PlaceOf(u, srcschema.EntityOptionValue(e)))
		}
	},
}

// Value returns the value of an xtk:option exported in the scan: of the
// definition placed last (by file, then position in the file) when several
// entities define it, as an import in that order would leave it. A rule
// reading it requires Collector and declares name with Watch.
func Value(ix *audit.Index, name string) (string, bool) {
	if !watched[name] {
		// A mistake of the rule, which every test of it meets.
		panic("option " + name + " is read but not watched: declare it with option.Watch")
	}
	return audit.Last(Defined.Values(ix, name))
}
