package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// V8ExtAccounts lists the external accounts Adobe must configure again.
var V8ExtAccounts = &audit.Rule{
	ID:        "V8-018",
	Name:      "v8-external-accounts-inventory",
	Title:     "External accounts to be provisioned again by Adobe",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
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
		URL:  docs.ExtAccount,
	},
	Effort:  0.5,
	Schemas: []string{"nms:extAccount"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		p.EmitAdvisory(p.Newf(p.Entity.Root.Start, p.Entity.Root.Start+1+int64(len(p.Entity.Root.Name)),
			"%s must be configured again by Adobe on Campaign v8 (external accounts are Adobe-managed there): list it in the transition request",
			walk.AccountName(p)), audit.ScopeExport, "")
	},
}
