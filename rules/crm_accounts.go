package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// The Microsoft Dynamics settings of an external account live in
// params/mscrm (crmDeploymentType, crmApiVersion), as a SOAP read of a v7
// account shows: <params><mscrm crmApiVersion="'auto'"
// crmDeploymentType="webapi" crmGrantType="0"/></params>.

// CRMDeprecatedDeployment flags Microsoft Dynamics external accounts that
// use the On-premise or Office 365 deployment type.
var CRMDeprecatedDeployment = &audit.Rule{
	ID:        "CRM-001",
	Name:      "crm-deprecated-deployment-type",
	Title:     "Microsoft Dynamics account with the On-premise or Office 365 deployment type",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  opsCatCRM,
	Compat:    []string{"PU-0007"},
	Doc: audit.Doc{
		Rationale: "\"Office 365 and On-premise Microsoft CRM connector deployment type have now been deprecated\" and " +
			"were removed from the interface (21.1.4): the post-upgrade check reports such an account as PU-0007, " +
			"an error. The check looks for the literal `crmDeploymentType=\"onpremise\"`; it misses single quotes, " +
			"spaces around `=` and the Office 365 type. This rule reads the crmDeploymentType attribute of the " +
			"external account itself (any quoting, any case) and reports every value other than the Web API " +
			"deployment (`webapi`), naming On-premise and Office 365. Labels, descriptions and comments that " +
			"mention a deployment type are not reported.",
		Remediation: "Delete the external account, run the post-upgrade again, then recreate the account with the " +
			"**Web API** deployment type (Dynamics CRM 365, OAuth with a certificate or password credentials): " +
			"`<mscrm crmDeploymentType=\"webapi\"/>`; run the Microsoft CRM configuration wizard again.",
		Bad: `<extAccount label="Dynamics CRM" name="msdynCrm" server="http://crm.acme.local/acme" type="7" xtkschema="nms:extAccount">
  <params><mscrm crmDeploymentType="onpremise"/></params>
</extAccount>`,
		Good: `<extAccount label="Dynamics CRM" name="msdynCrm" server="https://acme.crm4.dynamics.com" type="7" xtkschema="nms:extAccount">
  <params><mscrm crmApiVersion="'auto'" crmDeploymentType="webapi"/></params>
</extAccount>`,
		URL: opsDocMSDynamics,
	},
	Effort:  6,
	Schemas: []string{"nms:extAccount"},
	Run:     runCRMDeprecatedDeployment,
}

// opsCRMDeployment classifies a crmDeploymentType value: "" when it is
// the Web API (or unset), otherwise the name of the deprecated type.
func opsCRMDeployment(v string) string {
	n := strings.ToLower(opsUnquote(v))
	n = strings.NewReplacer(" ", "", "-", "", "_", "").Replace(n)
	switch n {
	case "", "webapi":
		return ""
	case "onpremise", "onpremises", "onprem":
		return "On-premise"
	case "office365", "o365", "online", "crmonline":
		return "Office 365"
	}
	return "\"" + opsUnquote(v) + "\" (not the Web API)"
}

// opsUnquote removes the XTK string quotes a default value may keep
// ('auto') and surrounding spaces.
func opsUnquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '\'' && v[len(v)-1] == '\'' || v[0] == '"' && v[len(v)-1] == '"') {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

// opsAccountName names an external account for a message.
func opsAccountName(p *audit.Pass) string {
	r := p.Entity.Root
	s := "external account"
	if n := r.AttrValue("name"); n != "" {
		s += " \"" + n + "\""
	}
	if l := strings.TrimSpace(r.AttrValue("label")); l != "" {
		s += " (" + opsShorten(l, 60) + ")"
	}
	return s
}

// opsEachAttr calls fn for the attributes named name (case-insensitive)
// of the entity, outside prose.
func opsEachAttr(root *xmltree.Element, name string, fn func(el *xmltree.Element, a *xmltree.Attr)) {
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			if strings.EqualFold(el.Attrs[i].Name, name) {
				fn(el, &el.Attrs[i])
			}
		}
		return true
	})
}

func runCRMDeprecatedDeployment(p *audit.Pass) {
	opsEachAttr(p.Entity.Root, "crmDeploymentType", func(_ *xmltree.Element, a *xmltree.Attr) {
		if kind := opsCRMDeployment(a.Value); kind != "" {
			p.ReportAttr(a, "Microsoft Dynamics %s uses the %s deployment type, removed in v7 (post-upgrade check PU-0007): "+
				"delete the account, run the post-upgrade again and recreate it with the Web API deployment type (Dynamics 365)",
				opsAccountName(p), kind)
		}
	})
}

// CRMUnsupportedAPIVersion flags Microsoft Dynamics accounts bound to an
// API version that Campaign 21.1 no longer supports.
var CRMUnsupportedAPIVersion = &audit.Rule{
	ID:        "CRM-002",
	Name:      "crm-unsupported-api-version",
	Title:     "Microsoft Dynamics account bound to a CRM version no longer supported",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  opsCatCRM,
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
		URL: opsDocCRMDeprec,
	},
	Effort:  4,
	Schemas: []string{"nms:extAccount"},
	Run:     runCRMUnsupportedAPIVersion,
}

var (
	opsCRMYear       = regexp.MustCompile(`(?:^|[^0-9])(20(?:0\d|1[0-6]))(?:[^0-9]|$)`)
	opsCRMVersionNum = regexp.MustCompile(`^v?(\d+)(?:\.(\d+))?`)
	opsCRMWebAPIPath = regexp.MustCompile(`(?i)/api/data/v(\d+)\.(\d+)`)
)

// opsOldCRMVersion returns the Dynamics release an API version names when
// it is no longer supported, or "".
func opsOldCRMVersion(v string) string {
	v = strings.ToLower(opsUnquote(v))
	if v == "" || v == "auto" {
		return ""
	}
	if m := opsCRMYear.FindStringSubmatch(v); m != nil {
		return "Dynamics CRM " + m[1]
	}
	if m := opsCRMVersionNum.FindStringSubmatch(v); m != nil {
		return opsOldCRMMajorMinor(m[1], m[2])
	}
	return ""
}

func opsOldCRMMajorMinor(major, minor string) string {
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
	opsEachAttr(root, "crmDeploymentType", func(_ *xmltree.Element, a *xmltree.Attr) {
		deprecated = deprecated || opsCRMDeployment(a.Value) != ""
	})
	if deprecated {
		return // CRM-001: the account is recreated anyway
	}
	opsEachAttr(root, "crmApiVersion", func(_ *xmltree.Element, a *xmltree.Attr) {
		if rel := opsOldCRMVersion(a.Value); rel != "" {
			p.ReportAttr(a, "Microsoft Dynamics %s targets %s, no longer compatible since Campaign 21.1: "+
				"connect it to Dynamics 365 through the Web API", opsAccountName(p), rel)
		}
	})
	if a := root.AttrNode("server"); a != nil {
		if m := opsCRMWebAPIPath.FindStringSubmatchIndex(a.Value); m != nil {
			if rel := opsOldCRMMajorMinor(a.Value[m[2]:m[3]], a.Value[m[4]:m[5]]); rel != "" {
				p.ReportValue(a.ValueSpan, m[0], m[1], "Microsoft Dynamics %s calls the Web API of %s, no longer compatible "+
					"since Campaign 21.1: connect it to Dynamics 365", opsAccountName(p), rel)
			}
		}
	}
}

// CRMOracleOnDemand flags Oracle CRM On Demand external accounts.
var CRMOracleOnDemand = &audit.Rule{
	ID:        "CRM-003",
	Name:      "oracle-crm-on-demand-account",
	Title:     "Oracle CRM On Demand external account",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  opsCatCRM,
	Doc: audit.Doc{
		Rationale: "\"Following the deprecation of Oracle CRM in 20.3, the related external account has been removed " +
			"from the interface\" (21.1.3), together with the Oracle On Demand workflow activity. An account " +
			"still configured for it cannot be used after the upgrade. The rule recognises the account by its " +
			"server (Oracle CRM On Demand is served from *.crmondemand.com hosts) or by Oracle On Demand " +
			"connection parameters (a params/onDemand or params/ood element).",
		Remediation: "Delete the account and the workflows that use it, and re-implement the exchange with Oracle " +
			"outside the removed connector (file transfers or an API integration through JavaScript and a " +
			"technical workflow).",
		Bad: `<extAccount label="Oracle CRM" name="oracleCrm" server="https://secure-ausomxapa.crmondemand.com" type="7" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount label="Salesforce" name="salesforceCrm" server="https://login.salesforce.com" type="7" xtkschema="nms:extAccount">
  <params><salesforce apiVersion="'51.0'"/></params>
</extAccount>`,
		URL: opsDocRelease2021 + "#release-21-1-3-build-9330",
	},
	Effort:  16,
	Schemas: []string{"nms:extAccount"},
	Run:     runCRMOracleOnDemand,
}

var opsOnDemandHost = regexp.MustCompile(`(?i)\b(?:[a-z0-9-]+\.)*crmondemand\.com\b`)

// opsOnDemandParams are the element names Oracle On Demand settings are
// kept under in the params of an account (lower case).
var opsOnDemandParams = map[string]bool{"ondemand": true, "ood": true, "oracleondemand": true, "crmondemand": true}

func runCRMOracleOnDemand(p *audit.Pass) {
	root := p.Entity.Root
	reported := false
	root.Walk(func(el *xmltree.Element) bool {
		if reported || el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) {
				continue
			}
			if m := opsOnDemandHost.FindStringIndex(a.Value); m != nil {
				p.ReportValue(a.ValueSpan, m[0], m[1], "%s connects to Oracle CRM On Demand (%s); the connector and its external "+
					"account were removed in 21.1.3: delete the account and re-implement the exchange", opsAccountName(p), a.Value[m[0]:m[1]])
				reported = true
				return false
			}
		}
		if el.Parent != nil && el.Parent.LocalName() == "params" && opsOnDemandParams[strings.ToLower(el.LocalName())] && len(el.Attrs) > 0 {
			p.ReportElement(el, "%s holds Oracle CRM On Demand connection parameters; the connector and its external "+
				"account were removed in 21.1.3: delete the account and re-implement the exchange", opsAccountName(p))
			reported = true
			return false
		}
		return true
	})
}
