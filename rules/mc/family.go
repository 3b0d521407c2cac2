package mc

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{MessageCenterTemplateRepublish, MessageCenterTemplateNames, MessageCenterExtensionReplication}
)
