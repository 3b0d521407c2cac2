// Package opt holds the OPT rules, on the options of the instance: security
// and SQL function settings, edit protection of built-ins, failed post-
// upgrades and installation paths. Their findings are grouped under the risk
// area "Packages and options".
package opt

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	PassUnknownSQLFunctions, AcceptOldPasswords, UnsafeSecurityOption, BuiltinEditProtectionOff,
	FailedPostUpgrade, OldInstallationPath,
}
