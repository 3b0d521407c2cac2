// Package dlv holds the DLV rules, on deliveries: v5 mirror pages, custom
// tracking formulas, personalised URL hosts and the leads package. Their
// findings are grouped under the risk area "Deliveries, personalization and
// tracking".
package dlv

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	DeliveryV5MirrorPage, DeliveryCustomTrackingFormula, DeliveryTrackingFormulaLineFeed,
	DeliveryPersonalisedURLHost, DeliveryLeadsPackage,
}
