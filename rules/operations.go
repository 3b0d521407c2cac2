package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	wfRules       = []*audit.Rule{}
	crmRules      = []*audit.Rule{}
	rptRules      = []*audit.Rule{}
	dlvRules      = []*audit.Rule{}
	mcRules       = []*audit.Rule{}
	opsCollectors = []audit.Collector{}
)
