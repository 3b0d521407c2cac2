// Package jssp holds the JSSP rules, on JSSP pages: anonymous pages behind
// relay rules and code that writes at run time. Their findings are grouped
// under the risk area "Web applications and JSSP".
package jssp

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	JSSPAnonymousRelay, JSSPRuntimeCodeWrite,
}
