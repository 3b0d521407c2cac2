package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// V8PackageVersion flags package exports meant to be imported into v8.
var V8PackageVersion = &audit.Rule{
	ID:        "V8-013",
	Name:      "v8-package-from-another-version",
	Title:     "Package exported from a v7 (or older) build",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Scope:     audit.ScopeExport,
	Doc: audit.Doc{
		Rationale: "\"Importing between different versions is not supported by Adobe\" (v8 packages page): a package " +
			"exported from a v7 build cannot be imported into a v8 instance as it is. The rule reports once per " +
			"export, at the first package header that names a build version, with the others as related places.",
		Remediation: "Rework the objects (the other findings of this report), rebuild them on a v8 stage instance and " +
			"export the packages from there; never force the import of a v7 package.",
		Bad:  `<package buildNumber="9032" buildVersion="6.7" name="crm" namespace="cus"/>`,
		Good: `<package name="crm" namespace="cus"/>`,
		URL:  docs.Packages,
	},
	Effort:  0.5,
	Schemas: []string{audit.SchemaPackage},
	Run: func(p *audit.Pass) {
		root := p.Entity.Root
		v := strings.TrimSpace(root.AttrValue("buildVersion"))
		if v == "" {
			return
		}
		build := v
		if n := strings.TrimSpace(root.AttrValue("buildNumber")); n != "" {
			build += " build " + n
		}
		p.EmitAdvisory(p.Newf(root.Start, root.Start+1+int64(len(root.Name)),
			"package exported from %s: importing between Campaign versions is not supported; rebuild the objects on a v8 instance and export them from there", build),
			audit.ScopeExport, "")
	},
}
