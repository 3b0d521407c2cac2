// Package wf holds the WF rules, on workflows: v5 paths, CRM v1 activities,
// SQLData and SQL code in activities, technical workflows changed. Their
// findings are grouped under the risk area "Workflows".
package wf

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	WorkflowNL5Path, WorkflowCRMv1Activity, WorkflowActivitySQLData, WorkflowSQLCode,
	WorkflowChangedTechnical,
}
