// Package pkg holds the PKG rules, on the packages of the export: v5 packages
// and internal keys. Their findings are grouped under the risk area "Packages
// and options".
package pkg

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	V5Package, InternalKeysInPackage,
}
