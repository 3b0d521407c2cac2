// Package interaction holds the INT rules, on Interaction: offer views,
// representations, spaces and offer names that the migration changes. Their
// findings are grouped under the risk area "Interaction and offers".
package interaction

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	RemovedOfferViewReference, OfferContentInRepresentation, OfferSpaceFieldList, DeliveryWithOffers,
	HardCodedOfferNames,
}
