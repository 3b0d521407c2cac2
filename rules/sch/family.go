// Package sch holds the SCH rules, on the modification practices of schemas:
// built-ins changed in place, clones, reserved namespaces, broken or forbidden
// extensions, conflict markers. Their findings are grouped under the risk area
// "Schema modification practices".
package sch

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	SchemaModifiedInPlace, SchemaClone, SchemaInReservedNamespace, ExtensionOfProtectedSchema,
	BrokenExtension, ExtensionSQLData, SysFilterRemoved, BuiltinSchemaDeleted, BuiltinObjectModified,
	ConflictMarker,
}
