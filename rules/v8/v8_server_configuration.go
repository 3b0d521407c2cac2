package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
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
	Category:  area.V8,
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
		URL: docs.Security,
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
