package dlv

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// DeliveryLeadsPackage flags dependencies on the Leads package
// (crm:incomingLead), removed in 20.2, whose web tracking must be
// reconfigured after a v5.11 migration.
var DeliveryLeadsPackage = &audit.Rule{
	ID:        "DLV-006",
	Name:      "leads-package-reference",
	Title:     "Dependency on the Leads package (crm:incomingLead) and its web tracking",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Deliveries,
	Doc: audit.Doc{
		Rationale: "Web tracking is reconfigured after a v5.11 migration with the deployment wizard (session, permanent " +
			"or anonymous mode); the anonymous mode relies on the Leads package and its CrmIncomingLead table, and " +
			"the Leads package was deprecated in 18.4 and removed in 20.2. The rule reports what an export shows " +
			"of that dependency: entities of the crm:incomingLead schema, and references to the schema or to " +
			"its table in attributes, queries, SQL and JavaScript strings (labels, descriptions and comments " +
			"excluded). The web tracking mode itself is chosen in the deployment wizard and is not part of a " +
			"package export.",
		Remediation: "Replace the Leads features by native workflow activities and data-model extensions (a custom " +
			"schema for incoming leads), then run the deployment wizard to choose the web tracking mode.",
		Bad: `<workflow internalName="wkfLeads" label="Qualify leads" xtkschema="xtk:workflow">
  <activities>
    <query label="New leads" name="query" schema="crm:incomingLead" x="80" y="100"/>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfLeads" label="Qualify leads" xtkschema="xtk:workflow">
  <activities>
    <query label="New leads" name="query" schema="cus:lead" x="80" y="100"/>
  </activities>
</workflow>`,
		URL: docs.Removed,
	},
	Effort: 2,
	Run:    runDeliveryLeadsPackage,
}

var leadsRef = regexp.MustCompile(`(?i)\bcrm:incomingLead\b|\bCrmIncomingLead\b`)

func runDeliveryLeadsPackage(p *audit.Pass) {
	if p.Entity.Schema == audit.SchemaPackage {
		return // its <entities schema="crm:incomingLead"> groups are reported entity by entity
	}
	if leadsRef.MatchString(p.Entity.Schema) {
		p.ReportElement(p.Entity.Root, "%s is a record of the Leads package, removed in 20.2: move the data to a custom schema", p.Entity.ID())
		return
	}
	if !p.Mentions("incominglead") {
		return
	}
	walk.LiteralSites(p, nil, func(s walk.Site) {
		if !walk.HasFold(s.Text, "incominglead") {
			return
		}
		for _, m := range leadsRef.FindAllStringIndex(s.Text, -1) {
			p.ReportValue(s.Span, m[0], m[1], "%s depends on the Leads package (%s, %s), removed in 20.2: replace it by a custom "+
				"schema and native activities, and reconfigure web tracking with the deployment wizard",
				walk.PlaceOf(p, s.Elem), s.Text[m[0]:m[1]], s.Where)
		}
	})
}
