package wf

import (
	"github.com/acc-audit/acc-audit/audit"
)

// Families of this file: workflows, CRM connectors, reports, deliveries,
// Message Center, and the integrations that v7 builds removed or changed.
var (
	Rules = append([]*audit.Rule{
		WorkflowNL5Path, WorkflowCRMv1Activity, WorkflowActivitySQLData, WorkflowSQLCode, WorkflowChangedTechnical,
	}, opsBldRules...)
)

// opsBldRules are the rules of the BLD family kept with the integrations
// and data-model checks of this file group.
var opsBldRules = []*audit.Rule{BuildTriggersAuthentication, BuildDemdexDomain, BuildLongIndexName}
