package v8

import (
	"github.com/acc-audit/acc-audit/audit"
)

var Rules = []*audit.Rule{
	V8ServerConfig, V8LDAP, V8Logon, V8AdminGroup, V8MRM, V8Coupons, V8WebTracking,
	V8Facebook, V8ACSConnector, V8FDAEngine, V8CustomTable, V8TableKeys, V8PackageVersion,
	V8DirectWrite, V8Subscription, V8ExecCommand, V8ServerPath, V8ExtAccounts,
	V8SecurityTokenURL, V8IntegrityOwn, V8FTP, V8Staging, V8InternalRouting, V8MobileApp,
}
