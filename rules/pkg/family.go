package pkg

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{V5Package, InternalKeysInPackage}
)
