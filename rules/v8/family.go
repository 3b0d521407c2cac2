// Package v8 holds the V8 rules, on what blocks or must change for the move
// from Campaign Classic v7 to Campaign v8, for which Adobe offers no automated
// migration; they run only with --target v8 or v8-enterprise. Their findings
// are grouped under the risk area "Campaign v8 readiness".
package v8

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	V8ServerConfig, V8LDAP, V8Logon, V8AdminGroup, V8MRM, V8Coupons, V8WebTracking, V8Facebook,
	V8ACSConnector, V8FDAEngine, V8CustomTable, V8TableKeys, V8PackageVersion, V8DirectWrite,
	V8Subscription, V8ExecCommand, V8ServerPath, V8ExtAccounts, V8SecurityTokenURL, V8IntegrityOwn,
	V8FTP, V8Staging, V8InternalRouting, V8MobileApp,
}
