package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	confRules      = []*audit.Rule{}
	secRules       = []*audit.Rule{}
	webRules       = []*audit.Rule{}
	jsspRules      = []*audit.Rule{}
	wfRules        = []*audit.Rule{}
	crmRules       = []*audit.Rule{}
	rptRules       = []*audit.Rule{}
	dlvRules       = []*audit.Rule{}
	mcRules        = []*audit.Rule{}
	confCollectors = []audit.Collector{}
	webCollectors  = []audit.Collector{}
)
