package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// V8ACSConnector flags the ACS Connector accounts.
var V8ACSConnector = &audit.Rule{
	ID:        "V8-009",
	Name:      "v8-acs-connector",
	Title:     "ACS Connector external account",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 lists the \"ACS Connector (Prime offering)\" among the capabilities removed from v7: " +
			"the replication between Campaign Classic and Campaign Standard does not exist there. The connector " +
			"works through the external accounts acsDefaultAccount and acsDefaultRelayAccount (their names in the " +
			"v7 release notes and troubleshooting page); the rule reports a live account of either name.",
		Remediation: "Stop the ACS replication workflows, move the exchange between the two products to exports and " +
			"imports (or retire Campaign Standard), then delete the accounts.",
		Bad:  `<extAccount active="1" label="ACS" name="acsDefaultAccount" server="https://acme.campaign.adobe.com" type="10" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount active="1" label="Mid-sourcing" name="defaultEmailMid" server="https://acme-mid.campaign.adobe.com" type="3" xtkschema="nms:extAccount"/>`,
		URL:  docs.V7toV8 + "#gs-removed",
	},
	Effort:  16,
	Schemas: []string{"nms:extAccount"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		a := p.Entity.Root.AttrNode("name")
		if a == nil {
			return
		}
		switch n := strings.ToLower(strings.TrimSpace(a.Value)); n {
		case "acsdefaultaccount", "acsdefaultrelayaccount":
			p.ReportAttr(a, "%s is an account of the ACS Connector, removed in Campaign v8: move the exchange with Campaign Standard to exports and imports", walk.AccountName(p))
		}
	},
}
