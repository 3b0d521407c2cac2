package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

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
	Category:  area.V8,
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
		URL:  docs.Compat + "#FederatedDataAccessFDA",
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
		key := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(walk.Unquote(a.Value)))
		if name, ok := v8FDAEngines[key]; ok {
			p.ReportAttr(a, "%s connects to %s, which Campaign v8 reaches only through the Enhanced Security add-on: "+
				"move the data to a cloud database of the v8 list or plan the add-on with Adobe", walk.AccountName(p), name)
		}
	},
}
