package db

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{RecipientStructureChanged, NativeIndexRemoved, NonUnicodeDatabase}
)
