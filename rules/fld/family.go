package fld

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{ObsoleteFolder, KeepFolderStructure, SpecialFolderAsFolder}
)
