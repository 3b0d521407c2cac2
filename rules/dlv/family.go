package dlv

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		DeliveryV5MirrorPage, DeliveryCustomTrackingFormula, DeliveryTrackingFormulaLineFeed,
		DeliveryPersonalisedURLHost, DeliveryLeadsPackage,
	}
)
