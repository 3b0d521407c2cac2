// Package db holds the DB rules, on the database structure: the recipient
// table, native indexes and Unicode storage. Their findings are grouped under
// the risk area "Database structure".
package db

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	RecipientStructureChanged, NativeIndexRemoved, NonUnicodeDatabase,
}
