// Package conf holds the CONF rules, on serverConf.xml and
// config-<instance>.xml: security zones, proxies, relay rules, URL
// permissions, paths and the settings of recent builds. Their findings are
// grouped under the risk area "Server configuration".
package conf

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	ConfZonesMissing, ConfAllowSQLInjection, ConfAllowUserPassword, ConfAllowEmptyPassword,
	ConfSessionTokenOnlyScope, ConfExposedDebugFlags, ConfProxyMaskMistakes,
	ConfRelayProxyDeclaration, ConfRelayHTTPAllowed, ConfURLPermissionMode, ConfOldTomcatPath,
	ConfV5Paths, ConfDisabledAutoStart, ConfTrackingLogd, ConfWebFormCtx, ConfWebView2Off,
	ConfIMSRestrictions,
}
