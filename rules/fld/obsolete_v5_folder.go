package fld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// ObsoleteFolder flags folders that the v7 tree migration deletes, and the
// objects filed in them.
var ObsoleteFolder = &audit.Rule{
	ID:        "FLD-001",
	Name:      "obsolete-v5-folder",
	Title:     "Folder removed by the v7 tree migration",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.Folders,
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
		URL: docs.Tree,
	},
	Effort: 0.5,
	Run:    runObsoleteFolder,
}

func runObsoleteFolder(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	root := p.Entity.Root
	if p.Entity.Schema == "xtk:folder" && !srcschema.Deleted(root) {
		if a := root.AttrNode("name"); a != nil {
			if cond, ok := srcschema.ObsoleteFolders[strings.TrimSpace(a.Value)]; ok {
				p.ReportAttr(a, "folder %s is deleted by the v7 tree migration (%s) and its content moved to \"To move\": re-home it in a v7 folder", a.Value, cond)
			}
		}
	}
	root.Walk(func(el *xmltree.Element) bool {
		if el == root || !srcschema.IsReference(el) {
			return true
		}
		a := el.AttrNode("name")
		if a == nil {
			return true
		}
		cond, ok := srcschema.ObsoleteFolders[strings.TrimSpace(a.Value)]
		if !ok {
			return true
		}
		p.ReportAttr(a, "%s is filed in %s (<%s>), a folder the v7 tree migration deletes (%s): its content goes to \"To move\"; link a v7 folder instead",
			p.Entity.ID(), a.Value, el.Name, cond)
		return true
	})
}
