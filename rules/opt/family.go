package opt

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		PassUnknownSQLFunctions, AcceptOldPasswords, UnsafeSecurityOption, BuiltinEditProtectionOff, FailedPostUpgrade,
		OldInstallationPath,
	}
)
