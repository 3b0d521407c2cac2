package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	jsRules      = []*audit.Rule{}
	bldRules     = []*audit.Rule{}
	jsCollectors = []audit.Collector{}
)
