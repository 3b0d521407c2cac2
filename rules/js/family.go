// Package js holds the JS rules, on the JavaScript of workflows, web
// applications, JSSP, reports, deliveries and libraries: APIs removed or
// restricted by v7, E4X pitfalls, operator rights and URL permissions. Their
// findings are grouped under the risk area "JavaScript interpreter and APIs".
package js

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	JSAttrOnNonXML, JSAttrAsKey, JSModifyAfterAppend, JSEvaluateJavaScript, JSSessionInfo,
	JSAdminSchemaWrite, JSURLPermission, JSDecrypt, JSDeprecatedCrypto, JSLoadLibraryDebug,
	JSGetCnxInfo, JSExecCommand, JSCommonLibrary, JSLogonMethod, JSSoapMethodCall, JSRawSQL,
}
