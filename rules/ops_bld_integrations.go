package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// opsBldRules are the rules of the BLD family kept with the integrations
// and data-model checks of this file group.
var opsBldRules = []*audit.Rule{BuildTriggersAuthentication, BuildDemdexDomain, BuildLongIndexName}

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
	Category:  jsCatBuild,
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
		URL: opsDocTriggers,
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

// BuildDemdexDomain flags shared-audience integrations that still call the
// Demdex domain.
var BuildDemdexDomain = &audit.Rule{
	ID:        "BLD-003",
	Name:      "demdex-shared-audience",
	Title:     "Shared-audience integration using the Demdex domain",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Exchanging audiences with the Experience Cloud through the Demdex domain is no longer available " +
			"since 21.1.3. The rule reports demdex.net / demdex.com hosts in external accounts, and in the " +
			"activities and JavaScript of workflows and libraries that import or export shared audiences " +
			"(attributes, texts and string literals; labels, descriptions and comments excluded).",
		Remediation: "Reconfigure the audience exchange with the current Adobe Experience Cloud integration (People " +
			"core service through the Adobe Experience Cloud external account, configured with Adobe IMS), and " +
			"remove the Demdex URLs.",
		Bad:  `<extAccount label="Shared audiences" name="aecAudiences" server="https://dpm.demdex.net" type="18" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount label="Adobe Experience Cloud" name="aecAudiences" server="https://mc.adobe.io" type="18" xtkschema="nms:extAccount"/>`,
		URL:  opsDocRemoved,
	},
	Effort:  2,
	Schemas: []string{"nms:extAccount", "xtk:workflow", "xtk:javascript"},
	Run:     runBuildDemdexDomain,
}

var opsDemdex = regexp.MustCompile(`(?i)\b(?:[a-z0-9-]+\.)*demdex\.(?:net|com)\b`)

func runBuildDemdexDomain(p *audit.Pass) {
	if !p.Mentions("demdex") {
		return
	}
	where := p.Entity.ID()
	if p.Entity.Schema == "nms:extAccount" {
		where = opsAccountName(p)
	}
	opsLiteralSites(p, nil, func(s opsSite) {
		if !opsHasFold(s.text, "demdex") {
			return
		}
		for _, m := range opsDemdex.FindAllStringIndex(s.text, -1) {
			place := where
			if a := opsActivityOf(s.elem); a != nil {
				place = opsDescribeActivity(a)
			}
			p.ReportValue(s.span, m[0], m[1], "%s uses the Demdex domain (%s, %s), no longer available for shared audiences "+
				"since 21.1.3: reconfigure the exchange with the Adobe Experience Cloud integration",
				place, s.text[m[0]:m[1]], s.where)
		}
	})
}
