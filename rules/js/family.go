package js

import (
	"github.com/acc-audit/acc-audit/audit"
)

// Families of this file; filled rule by rule.
var (
	Rules = []*audit.Rule{
		JSAttrOnNonXML, JSAttrAsKey, JSModifyAfterAppend, JSEvaluateJavaScript, JSSessionInfo, JSAdminSchemaWrite,
		JSURLPermission, JSDecrypt, JSDeprecatedCrypto, JSLoadLibraryDebug, JSGetCnxInfo, JSExecCommand,
		JSCommonLibrary, JSLogonMethod, JSSoapMethodCall, JSRawSQL,
	}
)

// The vendor's post-upgrade check searches three more strings in every
// stored entity: common.js (PU-0002), logon( (PU-0003) and
// new SoapMethodCall( (PU-0004). The rules below find what those searches
// mean, in code only, and without their misses.
