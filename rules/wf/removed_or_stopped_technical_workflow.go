package wf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// changedTechWorkflows are the technical workflows recent builds
// removed or stopped, with what became of them.
var changedTechWorkflows = map[string]string{
	"billingActiveContactCount": "was removed in 21.1: the billing workflow now counts the active profiles",
	"collectDataHeatMapService": "is stopped by default since 7.3.2: start it deliberately if the heatmap service is used",
}

// WorkflowChangedTechnical flags exports and code that rely on technical
// workflows that recent builds removed or stopped.
var WorkflowChangedTechnical = &audit.Rule{
	ID:        "WF-005",
	Name:      "removed-or-stopped-technical-workflow",
	Title:     "Technical workflow removed (billingActiveContactCount) or stopped by default (collectDataHeatMapService)",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Workflows,
	Doc: audit.Doc{
		Rationale: "\"The **Billing (billing)** technical workflow now includes the tasks originally performed by the " +
			"**Number of active billing profiles** (billingActiveContactCount) workflow, which has been removed\" " +
			"(21.1), and \"the **Collect data for Heatmap service** (collectDataHeatMapService) workflow is now " +
			"stopped by default\" (7.3.2). The rule reports an exported workflow with either internal name, and " +
			"string literals of scripts that name one (a `xtk.workflow.Start(…)` or a query on it).",
		Remediation: "Read the active profile count from the billing workflow's report instead of " +
			"billingActiveContactCount; start collectDataHeatMapService after the upgrade only if the heatmap " +
			"service is used, and drop scripts that expect it running.",
		Bad: `<workflow internalName="wkfStarter" label="Start technical workflows" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>xtk.workflow.Start("billingActiveContactCount");</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfStarter" label="Start technical workflows" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>xtk.workflow.Start("billing");</script></js>
  </activities>
</workflow>`,
		URL: docs.Release2021,
	},
	Effort: 0.5,
	Run: func(p *audit.Pass) {
		root := p.Entity.Root
		if srcschema.Deleted(root) || !p.Mentions("billingactivecontactcount", "collectdataheatmapservice") {
			return
		}
		if p.Entity.Schema == "xtk:workflow" {
			if a := root.AttrNode("internalName"); a != nil {
				if what, ok := changedTechWorkflows[strings.TrimSpace(a.Value)]; ok {
					p.ReportAttr(a, "the export holds the technical workflow %s, which %s", a.Value, what)
				}
			}
		}
		for _, s := range p.Scripts() {
			if !s.Server {
				continue
			}
			for _, t := range s.JS().Tokens {
				if t.Kind != jsscan.String {
					continue
				}
				if what, ok := changedTechWorkflows[strings.TrimSpace(t.Value)]; ok {
					p.ReportToken(s, t, "the script names the technical workflow %s, which %s", strings.TrimSpace(t.Value), what)
				}
			}
		}
	},
}
