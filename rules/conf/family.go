package conf

import (
	"github.com/acc-audit/acc-audit/audit"
)

// Families of this file; filled rule by rule.
var (
	Rules = []*audit.Rule{
		ConfZonesMissing, ConfAllowSQLInjection, ConfAllowUserPassword, ConfAllowEmptyPassword,
		ConfSessionTokenOnlyScope, ConfExposedDebugFlags, ConfProxyMaskMistakes, ConfRelayProxyDeclaration,
		ConfRelayHTTPAllowed, ConfURLPermissionMode, ConfOldTomcatPath, ConfV5Paths, ConfDisabledAutoStart,
		ConfTrackingLogd, ConfWebFormCtx, ConfWebView2Off, ConfIMSRestrictions,
	}
)
