package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; filled rule by rule.
var (
	jsRules = []*audit.Rule{
		JSAttrOnNonXML, JSAttrAsKey, JSModifyAfterAppend, JSEvaluateJavaScript, JSSessionInfo, JSAdminSchemaWrite,
		JSURLPermission, JSDecrypt, JSDeprecatedCrypto, JSLoadLibraryDebug, JSGetCnxInfo, JSExecCommand,
		JSCommonLibrary, JSLogonMethod, JSSoapMethodCall, JSRawSQL,
	}
	bldRules = []*audit.Rule{
		BuildOrderByKey, BuildURLEncode, BuildFileSandbox, BuildGetSetEnv, BuildInvalidSelectNode,
		BuildLongScript, BuildMiscChanges,
	}
	jsCollectors = []audit.Collector{jsLibraryCollector, jsServerConfCollector, jsFuncListCollector, jsSchemaCollector}
)
