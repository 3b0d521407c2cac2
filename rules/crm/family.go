package crm

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{CRMDeprecatedDeployment, CRMUnsupportedAPIVersion, CRMOracleOnDemand}
)
