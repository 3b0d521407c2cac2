// Package sql holds the SQL rules, on SQLData and raw SQL in expressions,
// queries, filters and function lists, which v7 refuses or no longer escapes.
// Their findings are grouped under the risk area "SQLData and raw SQL".
package sql

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	SQLData, SQLAttribute, AliasSQLTable, CountStar, UndeclaredFunction, RawSQLInExpression,
	FuncListHygiene, SQLConcatenation,
}
