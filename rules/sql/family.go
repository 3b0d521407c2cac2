package sql

import (
	"github.com/acc-audit/acc-audit/audit"
)

var Rules = append([]*audit.Rule{SQLData, SQLAttribute, AliasSQLTable, CountStar, UndeclaredFunction}, sqlMoreRules...)

// sqlMoreRules are the SQL rules of this file, listed with the family in
// rules.go.
var sqlMoreRules = []*audit.Rule{RawSQLInExpression, FuncListHygiene, SQLConcatenation}
