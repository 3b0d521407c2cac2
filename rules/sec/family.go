// Package sec holds the SEC rules, on authentication and sessions: session
// tokens in links and passwords, internal and tracking passwords, operator
// rights of web applications. Their findings are grouped under the risk area
// "Authentication and sessions".
package sec

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	SecSessionTokenLink, SecUserPasswordToken, SecInternalPassword, SecTrackingPassword,
	SecWebAppOperatorRights,
}
