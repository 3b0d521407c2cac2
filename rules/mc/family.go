// Package mc holds the MC rules, on Message Center: templates to republish,
// template names and extensions to replicate. Their findings are grouped under
// the risk area "Message Center".
package mc

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	MessageCenterTemplateRepublish, MessageCenterTemplateNames, MessageCenterExtensionReplication,
}
