package pkg

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// V5Package flags package exports made by a v5 server.
var V5Package = &audit.Rule{
	ID:        "PKG-001",
	Name:      "v5-package",
	Title:     "Package exported from a v5 platform",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Packages,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "\"Due to changes made to the data structure, importing and exporting data packages is not possible " +
			"between a v5 platform and a v7 platform.\" The package header tells which build exported it: " +
			"buildVersion 5.x is a v5 server. Such a package cannot be imported into the migrated instance, whatever " +
			"it holds; its content has to be carried by the migration itself or exported again once migrated. " +
			"Packages without a header (hand-made files, single entities) and programmatic packages " +
			"(buildVersion=\"*\") are not judged.",
		Remediation: "Migrate the instance first, then export the objects again from the migrated v7 instance " +
			"(`<package buildVersion=\"6.7\" buildNumber=\"9032\">`), or rebuild the package there; never import the v5 file.",
		Bad: `<package author="Administrator (admin)" buildNumber="5089" buildVersion="5.11" name="" namespace="">
  <entities schema="xtk:option">
    <option name="cusBrand" stringValue="ACME"/>
  </entities>
</package>`,
		Good: `<package author="Administrator (admin)" buildNumber="8977" buildVersion="6.1" name="" namespace="">
  <entities schema="xtk:option">
    <option name="cusBrand" stringValue="ACME"/>
  </entities>
</package>`,
		URL: docs.GeneralProc,
	},
	Effort:  0.5,
	Schemas: []string{audit.SchemaPackage},
	Run:     runV5Package,
}

func runV5Package(p *audit.Pass) {
	root := p.Entity.Root
	a := root.AttrNode("buildVersion")
	if a == nil || !strings.HasPrefix(strings.TrimSpace(a.Value), "5") {
		return
	}
	build := ""
	if n := strings.TrimSpace(root.AttrValue("buildNumber")); n != "" {
		build = " build " + n
	}
	p.ReportAttr(a, "package exported by a v%s%s server: v5 packages cannot be imported into v7; export the objects again from the migrated instance",
		strings.TrimSpace(a.Value), build)
}
