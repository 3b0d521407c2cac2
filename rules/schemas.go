package rules

import "github.com/acc-audit/acc-audit/audit"

// Families of this file; the rules live in the sch_*, pkg_*, opt_*, int_*,
// fld_*, db_* and tz_* files.
var (
	schRules = []*audit.Rule{
		SchemaModifiedInPlace, SchemaClone, SchemaInReservedNamespace, ExtensionOfProtectedSchema,
		BrokenExtension, ExtensionSQLData, SysFilterRemoved, BuiltinSchemaDeleted, BuiltinObjectModified,
		ConflictMarker,
	}
	pkgRules = []*audit.Rule{V5Package, InternalKeysInPackage}
	optRules = []*audit.Rule{
		PassUnknownSQLFunctions, AcceptOldPasswords, UnsafeSecurityOption, BuiltinEditProtectionOff, FailedPostUpgrade,
		OldInstallationPath,
	}
	intRules = []*audit.Rule{
		RemovedOfferViewReference, OfferContentInRepresentation, OfferSpaceFieldList, DeliveryWithOffers,
		HardCodedOfferNames,
	}
	fldRules = []*audit.Rule{ObsoleteFolder, KeepFolderStructure, SpecialFolderAsFolder}
	dbRules  = []*audit.Rule{RecipientStructureChanged, NativeIndexRemoved, NonUnicodeDatabase}
	tzRules  = []*audit.Rule{
		ViewOverDateColumns, TimeZoneConversion, InstanceTimeZone, SQLLocalTime, TimeZoneDatabasePrerequisites,
		DateTimeSemantics,
	}
	schCollectors = []audit.Collector{schSchemaCollector, schFieldCollector}
)
