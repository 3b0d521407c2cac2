package fld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// specialFolders are the folder models that have an entity schema of
// their own, and that schema.
var specialFolders = map[string]string{
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
	Category:  area.Folders,
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
		URL: docs.PackageExp,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:folder"},
	Run:     runSpecialFolderAsFolder,
}

func runSpecialFolderAsFolder(p *audit.Pass) {
	root := p.Entity.Root
	if srcschema.Deleted(root) || srcschema.IsReference(root) {
		return
	}
	for _, n := range []string{"model", "entity"} {
		a := root.AttrNode(n)
		if a == nil {
			continue
		}
		if schema, ok := specialFolders[strings.ToLower(strings.TrimSpace(a.Value))]; ok {
			p.ReportAttr(a, "folder %s (%s) is exported as xtk:folder: its %s data is lost; export it through <entities schema=\"%s\">",
				srcschema.Or(p.Entity.Key, "(unnamed)"), a.Value, schema, schema)
			return
		}
	}
}
