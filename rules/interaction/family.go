package interaction

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		RemovedOfferViewReference, OfferContentInRepresentation, OfferSpaceFieldList, DeliveryWithOffers,
		HardCodedOfferNames,
	}
)
