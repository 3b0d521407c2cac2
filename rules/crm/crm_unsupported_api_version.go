package crm

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// CRMUnsupportedAPIVersion flags Microsoft Dynamics accounts bound to an
// API version that Campaign 21.1 no longer supports.
var CRMUnsupportedAPIVersion = &audit.Rule{
	ID:        "CRM-002",
	Name:      "crm-unsupported-api-version",
	Title:     "Microsoft Dynamics account bound to a CRM version no longer supported",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.CRM,
	Doc: audit.Doc{
		Rationale: "\"Starting Campaign 21.1 release, the following CRM connectors are no longer compatible\": Microsoft " +
			"Dynamics through the SOAP API (On-premise 2007, 2015, 2016; Online 2015, 2016) and through the Web " +
			"API for Dynamics CRM 2016 and 2016 Update 1. The SOAP deployments are reported by CRM-001; this " +
			"rule reports a Web API account whose CRM version (crmApiVersion, or the /api/data/vX.Y path of its " +
			"server URL) names Dynamics CRM 2016 or older: a year up to 2016, or a version below 8.2 (8.0 is " +
			"2016, 8.1 is 2016 Update 1). Automatic detection ('auto'), Dynamics 365 and version 8.2 and later " +
			"are fine.",
		Remediation: "Connect the account to Dynamics 365 through the Web API: `<mscrm crmApiVersion=\"'auto'\" " +
			"crmDeploymentType=\"webapi\"/>` (or the 9.x API), then run the configuration wizard again and " +
			"retest the CRM connector workflows.",
		Bad: `<extAccount label="Dynamics CRM" name="msdynCrm" server="https://acme.crm4.dynamics.com" type="7" xtkschema="nms:extAccount">
  <params><mscrm crmApiVersion="8.1" crmDeploymentType="webapi"/></params>
</extAccount>`,
		Good: `<extAccount label="Dynamics CRM" name="msdynCrm" server="https://acme.crm4.dynamics.com" type="7" xtkschema="nms:extAccount">
  <params><mscrm crmApiVersion="'auto'" crmDeploymentType="webapi"/></params>
</extAccount>`,
		URL: docs.CRMDeprec,
	},
	Effort:  4,
	Schemas: []string{"nms:extAccount"},
	Run:     runCRMUnsupportedAPIVersion,
}

var (
	crmYear       = regexp.MustCompile(`(?:^|[^0-9])(20(?:0\d|1[0-6]))(?:[^0-9]|$)`)
	crmVersionNum = regexp.MustCompile(`^v?(\d+)(?:\.(\d+))?`)
	crmWebAPIPath = regexp.MustCompile(`(?i)/api/data/v(\d+)\.(\d+)`)
)

// oldCRMVersion returns the Dynamics release an API version names when
// it is no longer supported, or "".
func oldCRMVersion(v string) string {
	v = strings.ToLower(walk.Unquote(v))
	if v == "" || v == "auto" {
		return ""
	}
	if m := crmYear.FindStringSubmatch(v); m != nil {
		return "Dynamics CRM " + m[1]
	}
	if m := crmVersionNum.FindStringSubmatch(v); m != nil {
		return oldCRMMajorMinor(m[1], m[2])
	}
	return ""
}

func oldCRMMajorMinor(major, minor string) string {
	ma, _ := strconv.Atoi(major)
	mi, _ := strconv.Atoi(minor)
	switch {
	case ma == 8 && mi == 1:
		return "Dynamics CRM 2016 Update 1"
	case ma == 8 && mi == 0:
		return "Dynamics CRM 2016"
	case ma > 0 && ma < 8:
		return "a Dynamics CRM release older than 2016"
	}
	return ""
}

func runCRMUnsupportedAPIVersion(p *audit.Pass) {
	root := p.Entity.Root
	deprecated := false
	eachAttr(root, "crmDeploymentType", func(_ *xmltree.Element, a *xmltree.Attr) {
		deprecated = deprecated || crmDeployment(a.Value) != ""
	})
	if deprecated {
		return // CRM-001: the account is recreated anyway
	}
	eachAttr(root, "crmApiVersion", func(_ *xmltree.Element, a *xmltree.Attr) {
		if rel := oldCRMVersion(a.Value); rel != "" {
			p.ReportAttr(a, "Microsoft Dynamics %s targets %s, no longer compatible since Campaign 21.1: "+
				"connect it to Dynamics 365 through the Web API", walk.AccountName(p), rel)
		}
	})
	if a := root.AttrNode("server"); a != nil {
		if m := crmWebAPIPath.FindStringSubmatchIndex(a.Value); m != nil {
			if rel := oldCRMMajorMinor(a.Value[m[2]:m[3]], a.Value[m[4]:m[5]]); rel != "" {
				p.ReportValue(a.ValueSpan, m[0], m[1], "Microsoft Dynamics %s calls the Web API of %s, no longer compatible "+
					"since Campaign 21.1: connect it to Dynamics 365", walk.AccountName(p), rel)
			}
		}
	}
}
