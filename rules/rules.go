// Package rules holds the checks of acc-audit, one file per rule or small
// family. Each rule reads like its documentation: id, title, severity,
// rationale, remediation, bad and good examples, then the check.
package rules

import (
	"slices"
	"strings"
	"sync"

	"github.com/acc-audit/acc-audit/audit"
)

// Risk areas, used to group findings in reports.
const (
	CatSQL = "SQLData and raw SQL"
)

// Documentation pages the rules cite. The Campaign Classic documentation is
// published from the AdobeDocs/campaign-classic.en repository; linking the
// source keeps the anchors stable.
const (
	docBase     = "https://github.com/AdobeDocs/campaign-classic.en/blob/main/help/"
	docSQLData  = docBase + "migration/using/general-configurations.md#sqldata"
	docSQLFuncs = docBase + "migration/using/general-configurations.md#sql-functions"
)

// families lists the rules of each risk area; every family file declares
// its list explicitly, and nothing registers itself. The meta-tests check
// the result against the fixtures.
func families() [][]*audit.Rule {
	return [][]*audit.Rule{
		sqlRules, jsRules, bldRules, v8Rules,
		schRules, pkgRules, optRules, intRules, fldRules, dbRules, tzRules,
		confRules, secRules, webRules, jsspRules, wfRules, crmRules, rptRules, dlvRules, mcRules,
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

// Collectors returns the fact collectors every scan needs for the
// cross-entity checks of the rules.
func Collectors() []audit.Collector {
	var out []audit.Collector
	for _, f := range [][]audit.Collector{confCollectors, webCollectors, opsCollectors, schCollectors, jsCollectors} {
		out = append(out, f...)
	}
	return out
}

var sqlRules = append([]*audit.Rule{SQLData, SQLAttribute, AliasSQLTable, CountStar, UndeclaredFunction}, sqlMoreRules...)

// ByID returns the rule with the given id, or nil.
func ByID(id string) *audit.Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
