package crm

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// CRMOracleOnDemand flags Oracle CRM On Demand external accounts.
var CRMOracleOnDemand = &audit.Rule{
	ID:        "CRM-003",
	Name:      "oracle-crm-on-demand-account",
	Title:     "Oracle CRM On Demand external account",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.CRM,
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
		URL: docs.Release2021 + "#release-21-1-3-build-9330",
	},
	Effort:  16,
	Schemas: []string{"nms:extAccount"},
	Run:     runCRMOracleOnDemand,
}

var onDemandHost = regexp.MustCompile(`(?i)\b(?:[a-z0-9-]+\.)*crmondemand\.com\b`)

// onDemandParams are the element names Oracle On Demand settings are
// kept under in the params of an account (lower case).
var onDemandParams = map[string]bool{"ondemand": true, "ood": true, "oracleondemand": true, "crmondemand": true}

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
			if m := onDemandHost.FindStringIndex(a.Value); m != nil {
				p.ReportValue(a.ValueSpan, m[0], m[1], "%s connects to Oracle CRM On Demand (%s); the connector and its external "+
					"account were removed in 21.1.3: delete the account and re-implement the exchange", walk.AccountName(p), a.Value[m[0]:m[1]])
				reported = true
				return false
			}
		}
		if el.Parent != nil && el.Parent.LocalName() == "params" && onDemandParams[strings.ToLower(el.LocalName())] && len(el.Attrs) > 0 {
			p.ReportElement(el, "%s holds Oracle CRM On Demand connection parameters; the connector and its external "+
				"account were removed in 21.1.3: delete the account and re-implement the exchange", walk.AccountName(p))
			reported = true
			return false
		}
		return true
	})
}
