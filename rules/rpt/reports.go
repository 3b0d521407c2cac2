package rpt

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// builtinReports are the internal names of the reports Campaign ships
// (reporting/using/list-of-reports.md, plus the conflict example of the
// migration guide).
var builtinReports = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`recipientActivity throughput errors deliveryFeedback mobileAppDeliveryFeedback
		browserStatistics deliveryForward hoturls deliveryHypothesis statisticsPerDelivery forwardActivities
		trackingStatistics deliverySending deliveryStatistics osStatistics deliveryFeedbackSocial topUrlDelivery
		operationRecipientActivity operationThroughput budgetOperationExpenses operationErrors budgetExplorerOperation
		operationFeedback operationForward operationHypothesis forwardActivityOpt operationStatistics
		operationTopUrlDelivery socialAcquisitionsByWebapp mobileAppDistribution subscriptionsProgress
		socialReactionRate mobileAppReactivityRate budgetProgramCost budgetEvolution budgetCumulativeEvolution
		budgetExplorerBudget budgetExplorer budgetExplorerPlan budgetExplorerProgram budget dlvSimuLossesDetail
		offerSimulationRanking dlvSimuLossesSummary dlvSimuOverlapping dlvSimuLossesSimu surveyDictionary
		surveyProperties surveyDistribution offerAnalysis remarketingEffect socialVisitorStatistics
		recentPropositions opensByUserAgent`) {
		builtinReports[strings.ToLower(n)] = true
	}
}

// isBuiltinReport reports whether the report entity is one Campaign
// ships: a built-in name, in a Campaign namespace or without namespace.
func isBuiltinReport(e *acc.Entity) bool {
	name := e.Name
	if name == "" {
		name = e.Key
	}
	if !builtinReports[strings.ToLower(name)] {
		return false
	}
	return e.Namespace == "" || walk.ReservedNamespaces[strings.ToLower(e.Namespace)]
}
