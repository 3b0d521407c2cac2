package sec

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		SecSessionTokenLink, SecUserPasswordToken, SecInternalPassword, SecTrackingPassword, SecWebAppOperatorRights,
	}
)
