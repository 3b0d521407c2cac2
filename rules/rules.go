// Package rules holds the checks of acc-audit, one file per rule or small
// family. Each rule reads like its documentation: id, title, severity,
// rationale, remediation, bad and good examples, then the check.
package rules

import "github.com/acc-audit/acc-audit/audit"

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

// All returns every rule, sorted by id. The list is explicit: adding a rule
// means adding it here, which the meta-tests check against the fixtures.
func All() []*audit.Rule {
	return []*audit.Rule{
		SQLData,
		SQLAttribute,
		AliasSQLTable,
		CountStar,
		UndeclaredFunction,
	}
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
