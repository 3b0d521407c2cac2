package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	confRules = []*audit.Rule{
		ConfZonesMissing, ConfAllowSQLInjection, ConfAllowUserPassword, ConfAllowEmptyPassword,
		ConfSessionTokenOnlyScope, ConfExposedDebugFlags, ConfProxyMaskMistakes, ConfRelayProxyDeclaration,
		ConfRelayHTTPAllowed, ConfURLPermissionMode, ConfOldTomcatPath, ConfV5Paths, ConfDisabledAutoStart,
		ConfTrackingLogd, ConfWebFormCtx, ConfWebView2Off, ConfIMSRestrictions,
	}
	secRules = []*audit.Rule{
		SecSessionTokenLink, SecUserPasswordToken, SecInternalPassword, SecTrackingPassword, SecWebAppOperatorRights,
	}
	webRules = []*audit.Rule{
		WebOverviewSQLData, WebIdentifiedApp, WebAnonymousApp, WebGeneratedIDs, WebDashboardFiles, WebPendingPublication, WebFormCtxParameter,
	}
	jsspRules      = []*audit.Rule{JSSPAnonymousRelay, JSSPRuntimeCodeWrite}
	confCollectors = []audit.Collector{srvConfCollector, srvEnumCollector}
	webCollectors  = []audit.Collector{}
)
