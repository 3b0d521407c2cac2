// Package fld holds the FLD rules, on the navigation tree: obsolete and
// special folders and the folder structure kept by the migration. Their
// findings are grouped under the risk area "Navigation tree and folders".
package fld

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	ObsoleteFolder, KeepFolderStructure, SpecialFolderAsFolder,
}
