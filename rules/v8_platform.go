package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// v8ServerSettings are the serverConf.xml settings a v7 instance owns and
// that Adobe sets on v8, with what to request instead.
var v8ServerSettings = map[string]string{
	"dataStore":     "data sources and upload allowlist",
	"securityZone":  "security zones (IP allowlist in the Control Panel)",
	"urlPermission": "URL permissions (Control Panel)",
	"relay":         "relay rules",
	"exec":          "external command settings",
	"pipelined":     "pipeline (Triggers) settings",
	"mta":           "MTA settings",
}

// V8ServerConfig inventories the server configuration a v8 instance does
// not let its customer set.
var V8ServerConfig = &audit.Rule{
	ID:        "V8-001",
	Name:      "v8-server-configuration",
	Title:     "Server configuration that Adobe manages on Campaign v8",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Scope:     audit.ScopeFile,
	Doc: audit.Doc{
		Rationale: "Campaign v8 is \"only released as an Adobe Managed Cloud Service\"; \"Server-side configurations " +
			"can only be performed by Adobe for deployments hosted by Adobe\", and customers \"use Campaign Control " +
			"Panel to manage instance-level security: IP allowlist … URL permissions … GPG keys\". Every setting of " +
			"the v7 serverConf.xml the instance relies on (data sources, security zones, URL permissions, relay " +
			"rules, external commands, pipeline, MTA) must be requested again. The rule reports once per file, at " +
			"the first such setting, with the others as related places.",
		Remediation: "List the settings the instance needs (allowed IP ranges, URL permissions, relay exceptions, " +
			"pipeline) and request them from Adobe or set them in the Control Panel; do not plan to ship serverConf.xml.",
		Bad: `<serverconf>
  <securityZone label="Public Network" name="public"/>
</serverconf>`,
		Good: `<serverconf>
  <shared/>
</serverconf>`,
		URL: v8DocSecurity,
	},
	Effort:  1,
	Schemas: []string{acc.SchemaServerConf},
	Run: func(p *audit.Pass) {
		for _, el := range p.Entity.Root.Elements() {
			v8ServerSetting(p, el)
			if el.LocalName() == "shared" {
				for _, sub := range el.Elements() {
					v8ServerSetting(p, sub)
				}
			}
		}
	},
}

func v8ServerSetting(p *audit.Pass, el *xmltree.Element) {
	what, ok := v8ServerSettings[el.LocalName()]
	if !ok {
		return
	}
	p.EmitAdvisory(p.Newf(el.Start, el.Start+1+int64(len(el.Name)),
		"<%s> (%s) is set by Adobe on Campaign v8: request the values the instance needs or set them in the Control Panel", el.Name, what),
		audit.ScopeFile, "")
}

// V8AdminGroup flags operator groups that would open the Control Panel.
var V8AdminGroup = &audit.Rule{
	ID:        "V8-004",
	Name:      "v8-admin-in-group-name",
	Title:     "Operator group named with \"admin\"",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "After the migration to Adobe IMS operator groups become product profiles, and \"any Product " +
			"Profile in the Adobe Admin Console containing the word \"admin\" in its name … will automatically grant " +
			"access to the Campaign Control Panel\". The rule reports operator groups (xtk:group) whose name or " +
			"label contains admin, in any case.",
		Remediation: "Rename the groups whose members must not administer the instance before the IMS migration; keep " +
			"\"admin\" only in groups meant for Control Panel users.",
		Bad:  `<group label="Campaign admins" name="campaignAdmins" xtkschema="xtk:group"/>`,
		Good: `<group label="Campaign managers" name="campaignManagers" xtkschema="xtk:group"/>`,
		URL:  v8DocIMSUsers,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:group"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		for _, n := range []string{"name", "label"} {
			if a := p.Entity.Root.AttrNode(n); a != nil && strings.Contains(strings.ToLower(a.Value), "admin") {
				p.ReportAttr(a, "operator group %q has \"admin\" in its %s: as a product profile it would grant access to the Campaign Control Panel; rename it unless its members administer the instance", a.Value, n)
				return
			}
		}
	},
}

// V8PackageVersion flags package exports meant to be imported into v8.
var V8PackageVersion = &audit.Rule{
	ID:        "V8-013",
	Name:      "v8-package-from-another-version",
	Title:     "Package exported from a v7 (or older) build",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  CatV8,
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
		URL:  v8DocPackages,
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
