package rpt

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// ReportBuiltinConflict flags exported built-in reports, which the
// post-upgrade reports in conflict when they were modified.
var ReportBuiltinConflict = &audit.Rule{
	ID:        "RPT-004",
	Name:      "builtin-report-conflict",
	Title:     "Built-in report in the export: upgrade conflict to resolve",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Reports,
	Doc: audit.Doc{
		Rationale: "Built-in reports are updated by the upgrade; when the instance holds a modified copy, the " +
			"post-upgrade logs \"The document with identifier '…' and type 'xtk:report' is in conflict with the " +
			"new version\" and keeps the old version until the conflict is resolved. Exporting a built-in report " +
			"usually means it was customised. The rule reports xtk:report entities whose internal name is one " +
			"of the reports Campaign ships, in a Campaign namespace (or without namespace); a customer report " +
			"that reuses a built-in name in its own namespace is not reported.",
		Remediation: "After the post-upgrade, open Administration > Configuration > Package management > Edit " +
			"conflicts, compare the versions and choose Accept the new version, Keep the current version, or " +
			"merge the changes by hand and Declare as resolved; prefer a copy of the report in your namespace " +
			"for future changes.",
		Bad:  `<report label="Delivery throughput" name="throughput" namespace="nms" xtkschema="xtk:report"/>`,
		Good: `<report label="Delivery throughput (ACME)" name="throughput" namespace="cus" xtkschema="xtk:report"/>`,
		URL:  docs.Conflicts,
	},
	Effort:  1,
	Schemas: []string{"xtk:report"},
	Run:     runReportBuiltinConflict,
}

func runReportBuiltinConflict(p *audit.Pass) {
	if !isBuiltinReport(p.Entity) {
		return
	}
	root := p.Entity.Root
	name := p.Entity.Name
	if name == "" {
		name = p.Entity.Key
	}
	msg := "built-in report %s is part of the export: if it was modified, the post-upgrade puts it in conflict with the new " +
		"version; compare both versions and resolve the conflict (accept new, keep current, or merge and declare as resolved)"
	if a := root.AttrNode("name"); a != nil {
		p.ReportAttr(a, msg, name)
		return
	}
	p.ReportElement(root, msg, name)
}
