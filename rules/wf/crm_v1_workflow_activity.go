package wf

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

// WorkflowCRMv1Activity flags the Microsoft CRM, Salesforce and Oracle CRM
// On Demand action activities of the first CRM connectors, removed in v7.
var WorkflowCRMv1Activity = &audit.Rule{
	ID:        "WF-002",
	Name:      "crm-v1-workflow-activity",
	Title:     "Removed CRM v1 action activity (Microsoft CRM, Salesforce, Oracle CRM On Demand)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Workflows,
	Compat:    []string{"PU-0008"},
	Doc: audit.Doc{
		Rationale: "\"Microsoft CRM, Salesforce, Oracle CRM On Demand action activities are no longer available\" " +
			"and were removed from the interface; the post-upgrade check stops on the first two as PU-0008 " +
			"(`CRM v1(mscrmWorkflow/sfdcWorkflow)`), but does not name the Oracle CRM On Demand activity, which " +
			"was removed as well (21.1.3). The rule reports each activity of a workflow (or campaign workflow, or " +
			"template) whose type is one of these v1 activities, or that refers to their definitions " +
			"(mscrmWorkflow, sfdcWorkflow) in a technical attribute. The generic CRM connector activity, labels, " +
			"descriptions and comments that merely mention the old activities are not reported.",
		Remediation: "Rebuild the step with the CRM connector targeting activity (import from / export to the CRM, " +
			"through the Microsoft Dynamics or Salesforce external account), then delete the v1 activity; for " +
			"Oracle CRM On Demand, re-implement the exchange outside the removed connector.",
		Bad: `<workflow internalName="wkfCrmSync" label="CRM sync" xtkschema="xtk:workflow">
  <activities>
    <sfdcWorkflow label="Update Salesforce leads" name="sfdcWorkflow" x="300" y="100"/>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfCrmSync" label="CRM sync" xtkschema="xtk:workflow">
  <activities>
    <crmConnector label="Export to Salesforce" name="crmConnector" x="300" y="100"/>
  </activities>
</workflow>`,
		URL: docs.Check,
	},
	Effort:  6,
	Schemas: []string{"xtk:workflow", "nms:operation"},
	Run:     runWorkflowCRMv1Activity,
}

// crMv1Types maps the element names of the v1 CRM activities (lower
// case) to the CRM they drive. The vendor check names mscrmWorkflow and
// sfdcWorkflow; the short forms and the Oracle CRM On Demand names cover
// the same activities exported under their activity type.
var crMv1Types = map[string]string{
	"mscrmworkflow": "Microsoft CRM", "mscrm": "Microsoft CRM",
	"sfdcworkflow": "Salesforce", "sfdc": "Salesforce",
	"oodworkflow": "Oracle CRM On Demand", "ood": "Oracle CRM On Demand",
	"oracleondemand": "Oracle CRM On Demand", "oracleondemandworkflow": "Oracle CRM On Demand",
	"crmondemand": "Oracle CRM On Demand", "crmondemandworkflow": "Oracle CRM On Demand",
}

// crMv1Ref finds a reference to the v1 activity definitions in a
// technical attribute (an image, a form or a schema name).
var crMv1Ref = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9_])((?:[a-z]+:)?(mscrmWorkflow|sfdcWorkflow))(?:[^A-Za-z0-9_]|$)`)

func runWorkflowCRMv1Activity(p *audit.Pass) {
	for _, a := range walk.Activities(p.Entity.Root) {
		if crm, ok := crMv1Types[strings.ToLower(a.LocalName())]; ok {
			p.ReportElement(a, "%s is an action activity of the v1 CRM connectors (%s), removed from v7 (post-upgrade check PU-0008); "+
				"rebuild the step with the CRM connector activity", walk.DescribeActivity(a), crm)
			continue
		}
		reportCRMv1Ref(p, a)
	}
}

// reportCRMv1Ref reports the first technical attribute of an activity
// that refers to a v1 CRM activity definition.
func reportCRMv1Ref(p *audit.Pass, act *xmltree.Element) {
	found := false
	act.Walk(func(el *xmltree.Element) bool {
		if found || el != act && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			at := &el.Attrs[i]
			// The image names the activity's definition: technical, not prose.
			if acc.IsDescriptiveAttr(at.Name) && at.Name != "img" {
				continue
			}
			if !walk.HasFold(at.Value, "crmworkflow", "sfdcworkflow") {
				continue
			}
			m := crMv1Ref.FindStringSubmatchIndex(at.Value)
			if m == nil {
				continue
			}
			crm := crMv1Types[strings.ToLower(at.Value[m[4]:m[5]])]
			p.ReportValue(at.ValueSpan, m[2], m[3], "%s is built on %s, an action activity of the v1 CRM connectors (%s) removed from v7 "+
				"(post-upgrade check PU-0008); rebuild the step with the CRM connector activity",
				walk.DescribeActivity(act), at.Value[m[2]:m[3]], crm)
			found = true
			return false
		}
		return true
	})
}
