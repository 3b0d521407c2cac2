package sch

import (
	"github.com/acc-audit/acc-audit/audit"
)

// Families of this file; the rules live in the sch_*, pkg_*, opt_*, int_*,
// fld_*, db_* and tz_* files.
var (
	Rules = []*audit.Rule{
		SchemaModifiedInPlace, SchemaClone, SchemaInReservedNamespace, ExtensionOfProtectedSchema,
		BrokenExtension, ExtensionSQLData, SysFilterRemoved, BuiltinSchemaDeleted, BuiltinObjectModified,
		ConflictMarker,
	}
)
