// Package rules is the registry of the checks of acc-audit. Each family is
// a package (rules/sql, rules/js, rules/conf...) with one file per rule and a
// family.go listing its rules; the machinery the families share lives in
// rules/internal. Each rule reads like its documentation: id, title,
// severity, rationale, remediation, bad and good examples, then the check.
package rules

import (
	"slices"
	"strings"
	"sync"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/bld"
	"github.com/acc-audit/acc-audit/rules/conf"
	"github.com/acc-audit/acc-audit/rules/crm"
	"github.com/acc-audit/acc-audit/rules/db"
	"github.com/acc-audit/acc-audit/rules/dlv"
	"github.com/acc-audit/acc-audit/rules/fld"
	"github.com/acc-audit/acc-audit/rules/interaction"
	"github.com/acc-audit/acc-audit/rules/js"
	"github.com/acc-audit/acc-audit/rules/jssp"
	"github.com/acc-audit/acc-audit/rules/mc"
	"github.com/acc-audit/acc-audit/rules/opt"
	"github.com/acc-audit/acc-audit/rules/pkg"
	"github.com/acc-audit/acc-audit/rules/rpt"
	"github.com/acc-audit/acc-audit/rules/sch"
	"github.com/acc-audit/acc-audit/rules/sec"
	"github.com/acc-audit/acc-audit/rules/sql"
	"github.com/acc-audit/acc-audit/rules/tz"
	v8 "github.com/acc-audit/acc-audit/rules/v8"
	"github.com/acc-audit/acc-audit/rules/web"
	"github.com/acc-audit/acc-audit/rules/wf"
)

// families lists the rules of each family; every family declares its list
// explicitly in its family.go, and nothing registers itself. The
// meta-tests check the result against the fixtures.
func families() [][]*audit.Rule {
	return [][]*audit.Rule{
		sql.Rules, js.Rules, bld.Rules, v8.Rules,
		sch.Rules, pkg.Rules, opt.Rules, interaction.Rules, fld.Rules, db.Rules, tz.Rules,
		conf.Rules, sec.Rules, web.Rules, jssp.Rules, wf.Rules, crm.Rules, rpt.Rules, dlv.Rules, mc.Rules,
	}
}

var (
	allOnce sync.Once
	all     []*audit.Rule
)

// All returns every rule, sorted by id.
func All() []*audit.Rule {
	allOnce.Do(func() {
		for _, f := range families() {
			all = append(all, f...)
		}
		slices.SortFunc(all, func(a, b *audit.Rule) int { return strings.Compare(a.ID, b.ID) })
	})
	return slices.Clone(all)
}

// ByID returns the rule with the given id, or nil.
func ByID(id string) *audit.Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// AllowFunctions returns the driver.Options.Facts hook that declares the
// SQL function names of the configuration (--allow-function), for the
// rule on undeclared functions.
func AllowFunctions(names []string) func(*audit.Recorder) { return sql.AllowFunctions(names) }
