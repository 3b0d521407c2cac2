package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	schRules      = []*audit.Rule{}
	pkgRules      = []*audit.Rule{}
	optRules      = []*audit.Rule{}
	intRules      = []*audit.Rule{}
	fldRules      = []*audit.Rule{}
	dbRules       = []*audit.Rule{}
	tzRules       = []*audit.Rule{}
	schCollectors = []audit.Collector{}
)
