package bld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// BuildTriggersAuthentication flags the Experience Cloud Triggers
// (pipelined) and Adobe I/O credentials that current builds no longer
// accept: the legacy OAuth application, and Service Account (JWT)
// credentials.
var BuildTriggersAuthentication = &audit.Rule{
	ID:        "BLD-002",
	Name:      "triggers-legacy-authentication",
	Title:     "Triggers or Adobe I/O integration authenticated the legacy way",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "The Experience Cloud Triggers integration first authenticated to the pipeline with a legacy OAuth " +
			"application: `<pipelined appName=\"…\" authPrivateKey=\"…\"/>` in the instance configuration. That " +
			"mode \"has been retired\" (2021-2022) in favour of Adobe I/O (`authType=\"imsJwtToken\"`). The " +
			"Service Account (JWT) credential that Adobe I/O first used is deprecated in turn: \"Campaign " +
			"integrations with Adobe solutions and apps must now rely on OAuth Server-to-Server credential\" " +
			"(7.4.1; JWT credentials stopped working on 27 January 2025). The rule reads serverConf.xml and " +
			"config-<instance>.xml: a pipelined element with an application name or private key and no Adobe " +
			"I/O authentication type is reported as an error (removed), a private key in the ims technical " +
			"account credentials (set by -setimsjwtauth) as a warning.",
		Remediation: "Move the integration to Adobe I/O with an OAuth Server-to-Server credential: on 7.4.1 and later " +
			"run `nlserver config -instance:<name> -setimsoauth:<org-id>/<client-id>/<technical-account-id>/<client-secret>`, " +
			"set `<pipelined authType=\"imsJwtToken\" …/>`, remove appName and authPrivateKey, then reload the " +
			"configuration and restart pipelined.",
		Bad: `<serverConf>
  <pipelined autoStart="true" appName="campaign-triggers" authPrivateKey="@qQf146pexBksGvo0esVIDO"/>
</serverConf>`,
		Good: `<serverConf>
  <pipelined autoStart="true" authType="imsJwtToken"/>
</serverConf>`,
		URL: docs.Triggers,
	},
	Effort:  4,
	Schemas: []string{acc.SchemaServerConf},
	Run:     runBuildTriggersAuthentication,
}

func runBuildTriggersAuthentication(p *audit.Pass) {
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		switch el.LocalName() {
		case "pipelined":
			if strings.TrimSpace(el.AttrValue("authType")) != "" {
				return false
			}
			for _, name := range []string{"appName", "authPrivateKey"} {
				if a := el.AttrNode(name); a != nil && strings.TrimSpace(a.Value) != "" {
					s, e := audit.AttrRange(a)
					f := p.Newf(s, e, "pipelined authenticates Triggers with the legacy "+
						"OAuth application (%s), retired by Adobe: move the integration to Adobe I/O with an OAuth "+
						"Server-to-Server credential and authType=\"imsJwtToken\"", name)
					f.Severity = audit.SeverityError
					p.Emit(f)
					break
				}
			}
			return false
		case "ims":
			for i := range el.Attrs {
				a := &el.Attrs[i]
				if strings.Contains(strings.ToLower(a.Name), "privatekey") && strings.TrimSpace(a.Value) != "" {
					p.ReportAttr(a, "the Adobe I/O technical account uses a Service Account (JWT) credential (%s), deprecated "+
						"and no longer accepted since January 2025: migrate it to OAuth Server-to-Server (-setimsoauth, 7.4.1+)", a.Name)
				}
			}
			return false
		}
		return true
	})
}
