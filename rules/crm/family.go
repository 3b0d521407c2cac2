// Package crm holds the CRM rules, on CRM connectors: deprecated deployments,
// unsupported API versions and Oracle On Demand. Their findings are grouped
// under the risk area "CRM connectors and external accounts".
package crm

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	CRMDeprecatedDeployment, CRMUnsupportedAPIVersion, CRMOracleOnDemand,
}
