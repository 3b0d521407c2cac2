package fld

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
)

// KeepFolderStructure flags the option that disables the v7 tree
// migration.
var KeepFolderStructure = &audit.Rule{
	ID:        "FLD-002",
	Name:      "keep-folder-structure",
	Title:     "Automatic migration of the folder tree disabled",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Folders,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "With the option NlMigration_KeepFolderStructure set to 1, the postupgrade keeps the v5.11 tree: the " +
			"obsolete folders are not deleted and the v7 folders are not created, so the folder work of the " +
			"migration becomes manual.",
		Remediation: "Plan the manual work (create the v7 folders, move the content of the obsolete ones), or delete " +
			"the option (or set it to 0) to let the postupgrade migrate the tree.",
		Bad: `<package buildNumber="5089" buildVersion="5.11">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="NlMigration_KeepFolderStructure"/>
  </entities>
</package>`,
		Good: `<package buildNumber="5089" buildVersion="5.11">
  <entities schema="xtk:option">
    <option dataType="3" name="NlMigration_KeepFolderStructure"/>
  </entities>
</package>`,
		URL: docs.Tree,
	},
	Effort:  8,
	Schemas: []string{"xtk:option"},
	Run: option.Rule(func(_ *audit.Pass, name, v string) string {
		if name != "NlMigration_KeepFolderStructure" || option.Off(v) {
			return ""
		}
		return "NlMigration_KeepFolderStructure = " + v + ": the postupgrade keeps the v5.11 folder tree; create the v7 folders and empty the obsolete ones by hand"
	}),
}
