package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// v8Live reports whether an entity is a live object of the export, not a
// deletion or a reference.
func v8Live(p *audit.Pass) bool {
	return !schDeleted(p.Entity.Root) && !schIsReference(p.Entity.Root)
}

// V8Facebook flags Social Marketing with Facebook, removed in v8.
var V8Facebook = &audit.Rule{
	ID:        "V8-008",
	Name:      "v8-facebook-social-marketing",
	Title:     "Social Marketing with Facebook: external account or social schema extension",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 lists \"Social Marketing with Facebook\" among the capabilities removed from v7 (it was " +
			"already deprecated in v7). The export shows it through an external account that connects to Facebook " +
			"(a facebook.com server or Facebook parameters) and through extensions of the schemas of the social " +
			"marketing package (nms:friendshipRel, nms:interest, nms:visitorInterestRel, nms:visitorSub; " +
			"nms:visitor alone is not reported, Interaction and LINE use it too). How the account stores its " +
			"Facebook application is inferred from the documented fields, hence the medium precision.",
		Remediation: "Stop the Facebook deliveries and applications, export what must be kept, then remove the " +
			"account and the extensions; use the X (Twitter) channel or a custom channel where a social channel is needed.",
		Bad:  `<extAccount label="Facebook page" name="fbAcme" server="https://graph.facebook.com" type="9" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount label="SFTP exports" name="sftpExports" server="sftp.acme.com" type="4" xtkschema="nms:extAccount"/>`,
		URL:  v8DocV7toV8 + "#gs-removed",
	},
	Effort:  8,
	Schemas: []string{"nms:extAccount", "xtk:srcSchema"},
	Run:     runV8Facebook,
}

var (
	v8FacebookHost    = regexp.MustCompile(`(?i)\b(?:[a-z0-9-]+\.)*facebook\.com\b`)
	v8SocialSchemas   = map[string]bool{"nms:friendshiprel": true, "nms:interest": true, "nms:visitorinterestrel": true, "nms:visitorsub": true}
	v8FacebookParams  = map[string]bool{"facebook": true, "fbapp": true}
	v8FacebookMessage = ": Social Marketing with Facebook was removed in Campaign v8; retire it before the move or use another channel"
)

func runV8Facebook(p *audit.Pass) {
	if !v8Live(p) {
		return
	}
	if p.Entity.Schema == "xtk:srcSchema" {
		if target, a := v8Extension(p); v8SocialSchemas[target] {
			p.ReportAttr(a, "%s extends %s, a schema of Social Marketing with Facebook%s", p.Entity.ID(), a.Value, v8FacebookMessage)
		}
		return
	}
	if !p.Mentions("facebook") {
		return
	}
	reported := false
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if reported || el != p.Entity.Root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Name == "name" {
				continue
			}
			if m := v8FacebookHost.FindStringIndex(a.Value); m != nil {
				p.ReportValue(a.ValueSpan, m[0], m[1], "%s connects to Facebook (%s)%s", opsAccountName(p), a.Value[m[0]:m[1]], v8FacebookMessage)
				reported = true
				return false
			}
		}
		if el.Parent != nil && el.Parent.LocalName() == "params" && v8FacebookParams[strings.ToLower(el.LocalName())] {
			p.ReportElement(el, "%s holds Facebook parameters%s", opsAccountName(p), v8FacebookMessage)
			reported = true
			return false
		}
		return true
	})
}

// V8ACSConnector flags the ACS Connector accounts.
var V8ACSConnector = &audit.Rule{
	ID:        "V8-009",
	Name:      "v8-acs-connector",
	Title:     "ACS Connector external account",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
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
		URL:  v8DocV7toV8 + "#gs-removed",
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
			p.ReportAttr(a, "%s is an account of the ACS Connector, removed in Campaign v8: move the exchange with Campaign Standard to exports and imports", opsAccountName(p))
		}
	},
}

// v8FDAEngines maps the database engines a v7 external database account
// may name (lower case, as the provider is written) to their names; those
// of the v8 compatibility matrix are absent.
var v8FDAEngines = map[string]string{
	"oracle": "Oracle", "mssql": "Microsoft SQL Server", "sqlserver": "Microsoft SQL Server",
	"mysql": "MySQL", "postgresql": "PostgreSQL", "postgres": "PostgreSQL", "greenplum": "Greenplum",
	"teradata": "Teradata", "netezza": "Netezza", "hana": "SAP HANA", "saphana": "SAP HANA",
	"sybase": "Sybase", "sybasease": "Sybase ASE", "sybaseiq": "Sybase IQ", "asa": "Sybase ASA",
	"db2": "IBM DB2", "hive": "Hadoop (Hive)", "hadoop": "Hadoop", "odbc": "ODBC",
}

// V8FDAEngine flags federated database accounts on engines outside the
// v8 matrix.
var V8FDAEngine = &audit.Rule{
	ID:        "V8-010",
	Name:      "v8-fda-engine",
	Title:     "External database account on an engine outside the Campaign v8 FDA list",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 connects to \"Amazon Redshift … Azure Synapse … Databricks … Google Big Query … " +
			"Snowflake … Vertica\" (compatibility matrix); on-premise databases are reachable only \"with the " +
			"Enhanced Security Add-on\", and \"As a Managed Cloud Services user, contact Adobe to connect your " +
			"external database(s)\". The rule reports an external account whose provider attribute names another " +
			"engine (Oracle, Microsoft SQL Server, MySQL, PostgreSQL, Greenplum, Teradata, Netezza, SAP HANA, " +
			"Sybase, DB2, Hadoop, ODBC). That the engine is stored in provider is inferred from the account fields, " +
			"hence the medium precision; the schemas bound to the account move with it.",
		Remediation: "Move the data to a database of the v8 list, or order the Enhanced Security add-on to reach the " +
			"on-premise database; Adobe then configures the account.",
		Bad:  `<extAccount active="1" label="Data warehouse" name="dwh" provider="Oracle" server="dwh.acme.local" type="6" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount active="1" label="Data warehouse" name="dwh" provider="Snowflake" server="acme.snowflakecomputing.com" type="6" xtkschema="nms:extAccount"/>`,
		URL:  v8DocCompat + "#FederatedDataAccessFDA",
	},
	Effort:  8,
	Schemas: []string{"nms:extAccount"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		a := p.Entity.Root.AttrNode("provider")
		if a == nil {
			return
		}
		key := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(opsUnquote(a.Value)))
		if name, ok := v8FDAEngines[key]; ok {
			p.ReportAttr(a, "%s connects to %s, which Campaign v8 reaches only through the Enhanced Security add-on: "+
				"move the data to a cloud database of the v8 list or plan the add-on with Adobe", opsAccountName(p), name)
		}
	},
}

// V8ExtAccounts lists the external accounts Adobe must configure again.
var V8ExtAccounts = &audit.Rule{
	ID:        "V8-018",
	Name:      "v8-external-accounts-inventory",
	Title:     "External accounts to be provisioned again by Adobe",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Scope:     audit.ScopeExport,
	Doc: audit.Doc{
		Rationale: "\"As a Managed Cloud Services user, external accounts are configured for your instance by Adobe " +
			"and must not be modified.\" Every account of the v7 instance (routing, bounce mails, file servers, SMS, " +
			"CRM, federated databases, Adobe solutions) must be requested again. The rule reports once per export, " +
			"at the first live account, with the count and every other account as a related place.",
		Remediation: "Hand the list of accounts (name, type, server, active flag) to Adobe with the transition request, " +
			"and point workflows at the account names Adobe provisions.",
		Bad:  `<extAccount active="1" label="SFTP exports" name="sftpExports" server="sftp.acme.com" type="4" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount _operation="delete" name="sftpExports" xtkschema="nms:extAccount"/>`,
		URL:  v8DocExtAccount,
	},
	Effort:  0.5,
	Schemas: []string{"nms:extAccount"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		p.EmitAdvisory(p.Newf(p.Entity.Root.Start, p.Entity.Root.Start+1+int64(len(p.Entity.Root.Name)),
			"%s must be configured again by Adobe on Campaign v8 (external accounts are Adobe-managed there): list it in the transition request",
			opsAccountName(p)), audit.ScopeExport, "")
	},
}
