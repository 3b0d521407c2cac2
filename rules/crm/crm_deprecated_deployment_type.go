package crm

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// CRMDeprecatedDeployment flags Microsoft Dynamics external accounts that
// use the On-premise or Office 365 deployment type.
var CRMDeprecatedDeployment = &audit.Rule{
	ID:        "CRM-001",
	Name:      "crm-deprecated-deployment-type",
	Title:     "Microsoft Dynamics account with the On-premise or Office 365 deployment type",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.CRM,
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
		URL: docs.MSDynamics,
	},
	Effort:  6,
	Schemas: []string{"nms:extAccount"},
	Run:     runCRMDeprecatedDeployment,
}

func runCRMDeprecatedDeployment(p *audit.Pass) {
	eachAttr(p.Entity.Root, "crmDeploymentType", func(_ *xmltree.Element, a *xmltree.Attr) {
		if kind := crmDeployment(a.Value); kind != "" {
			p.ReportAttr(a, "Microsoft Dynamics %s uses the %s deployment type, removed in v7 (post-upgrade check PU-0007): "+
				"delete the account, run the post-upgrade again and recreate it with the Web API deployment type (Dynamics 365)",
				walk.AccountName(p), kind)
		}
	})
}
