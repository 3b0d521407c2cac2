package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	confRules      = []*audit.Rule{}
	secRules       = []*audit.Rule{}
	webRules       = []*audit.Rule{}
	jsspRules      = []*audit.Rule{}
	confCollectors = []audit.Collector{}
	webCollectors  = []audit.Collector{}
)
