package jssp

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{JSSPAnonymousRelay, JSSPRuntimeCodeWrite}
)
