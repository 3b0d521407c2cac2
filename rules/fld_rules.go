package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// ObsoleteFolder flags folders that the v7 tree migration deletes, and the
// objects filed in them.
var ObsoleteFolder = &audit.Rule{
	ID:        "FLD-001",
	Name:      "obsolete-v5-folder",
	Title:     "Folder removed by the v7 tree migration",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  schCatFolders,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "When migrating from v5.11, the navigation tree is reorganised: \"the obsolete folders are deleted, " +
			"and their content is placed in the 'To move' folder\". The obsolete folders are nmsAdministration, " +
			"nmsDeliveryMgt, the Content Manager folders (ncmContent, ncmForm, ncmImage, ncmJavascript, ncmJst, " +
			"ncmParameters, ncmSrcSchema, ncmStylesheet), the Campaign folders nmsAdminPlan, nmsResourcePlan, " +
			"nmsResourcesModels, nmsRootPlan, and the MRM folder nmsOperator. The rule reports xtk:folder entities " +
			"bearing one of these names and every object or folder that links one by name " +
			"(`<folder _operation=\"none\" name=\"nmsDeliveryMgt\"/>`, `<parent …/>`); the message states the module " +
			"under which the folder exists.",
		Remediation: "File the objects in the v7 folders (nmsCampaignMgt, nmsProduction, nmsModels, nmsOnlineRes, " +
			"xtkPlatformAdmin, …): `<folder _operation=\"none\" name=\"nmsModels\"/>`, and check the \"To move\" folder " +
			"after the postupgrade.",
		Bad: `<package buildNumber="5089" buildVersion="5.11">
  <entities schema="nms:delivery">
    <delivery internalName="DM_monthly" isModel="1" label="Monthly newsletter">
      <folder _operation="none" name="nmsDeliveryMgt"/>
    </delivery>
  </entities>
</package>`,
		Good: `<package buildNumber="5089" buildVersion="5.11">
  <entities schema="nms:delivery">
    <delivery internalName="DM_monthly" isModel="1" label="Monthly newsletter">
      <folder _operation="none" name="nmsModels"/>
    </delivery>
  </entities>
</package>`,
		URL: schDocTree,
	},
	Effort: 0.5,
	Run:    runObsoleteFolder,
}

func runObsoleteFolder(p *audit.Pass) {
	if schIsHeader(p) {
		return
	}
	root := p.Entity.Root
	if p.Entity.Schema == "xtk:folder" && !schDeleted(root) {
		if a := root.AttrNode("name"); a != nil {
			if cond, ok := schObsoleteFolders[strings.TrimSpace(a.Value)]; ok {
				p.ReportAttr(a, "folder %s is deleted by the v7 tree migration (%s) and its content moved to \"To move\": re-home it in a v7 folder", a.Value, cond)
			}
		}
	}
	root.Walk(func(el *xmltree.Element) bool {
		if el == root || !schIsReference(el) {
			return true
		}
		a := el.AttrNode("name")
		if a == nil {
			return true
		}
		cond, ok := schObsoleteFolders[strings.TrimSpace(a.Value)]
		if !ok {
			return true
		}
		p.ReportAttr(a, "%s is filed in %s (<%s>), a folder the v7 tree migration deletes (%s): its content goes to \"To move\"; link a v7 folder instead",
			p.Entity.ID(), a.Value, el.Name, cond)
		return true
	})
}

// KeepFolderStructure flags the option that disables the v7 tree
// migration.
var KeepFolderStructure = &audit.Rule{
	ID:        "FLD-002",
	Name:      "keep-folder-structure",
	Title:     "Automatic migration of the folder tree disabled",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatFolders,
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
		URL: schDocTree,
	},
	Effort:  8,
	Schemas: []string{"xtk:option"},
	Run: schOptionRule(func(_ *audit.Pass, name, v string) string {
		if name != "NlMigration_KeepFolderStructure" || schOptionOff(v) {
			return ""
		}
		return "NlMigration_KeepFolderStructure = " + v + ": the postupgrade keeps the v5.11 folder tree; create the v7 folders and empty the obsolete ones by hand"
	}),
}

// schSpecialFolders are the folder models that have an entity schema of
// their own, and that schema.
var schSpecialFolders = map[string]string{
	"nmsoffercategory": "nms:offerCategory", "nms:offercategory": "nms:offerCategory",
	"nmsofferenv": "nms:offerEnv", "nms:offerenv": "nms:offerEnv",
	"nmsprogram": "nms:program", "nms:program": "nms:program",
	"nmsplan": "nms:plan", "nms:plan": "nms:plan",
}

// SpecialFolderAsFolder flags offer, program and plan folders exported
// through xtk:folder.
var SpecialFolderAsFolder = &audit.Rule{
	ID:        "FLD-003",
	Name:      "special-folder-exported-as-folder",
	Title:     "Offer, program or plan folder exported as xtk:folder",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatFolders,
	Doc: audit.Doc{
		Rationale: "Offer categories, offer environments, programs and plans are folders with data of their own: " +
			"\"don't ever select the xtk:folder as you may lose some data. Select … nms:offerCategory, nms:offerEnv, " +
			"nms:program, nms:plan\". The rule reports folders of an `<entities schema=\"xtk:folder\">` group whose " +
			"model (nmsOfferCategory, nmsOfferEnv, nmsProgram, nmsPlan) or entity attribute shows one of these " +
			"types; ordinary folders and the same folders exported through their own schema are fine.",
		Remediation: "Export these folders through their own entity schema: `<entities schema=\"nms:offerCategory\">` " +
			"(likewise nms:offerEnv, nms:program, nms:plan) in the package definition, and remove them from the " +
			"xtk:folder definition.",
		Bad: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:folder">
    <folder label="Summer offers" model="nmsOfferCategory" name="catSummer" schema="nms:offer">
      <parent _operation="none" name="designRcp"/>
    </folder>
  </entities>
</package>`,
		Good: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="nms:offerCategory">
    <offerCategory label="Summer offers" model="nmsOfferCategory" name="catSummer" schema="nms:offer">
      <parent _operation="none" name="designRcp"/>
    </offerCategory>
  </entities>
</package>`,
		URL: schDocPackageExp,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:folder"},
	Run:     runSpecialFolderAsFolder,
}

func runSpecialFolderAsFolder(p *audit.Pass) {
	root := p.Entity.Root
	if schDeleted(root) || schIsReference(root) {
		return
	}
	for _, n := range []string{"model", "entity"} {
		a := root.AttrNode(n)
		if a == nil {
			continue
		}
		if schema, ok := schSpecialFolders[strings.ToLower(strings.TrimSpace(a.Value))]; ok {
			p.ReportAttr(a, "folder %s (%s) is exported as xtk:folder: its %s data is lost; export it through <entities schema=\"%s\">",
				schOr(p.Entity.Key, "(unnamed)"), a.Value, schema, schema)
			return
		}
	}
}
