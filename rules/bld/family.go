package bld

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		BuildOrderByKey, BuildURLEncode, BuildFileSandbox, BuildGetSetEnv, BuildInvalidSelectNode,
		BuildLongScript, BuildMiscChanges,
	}
)
