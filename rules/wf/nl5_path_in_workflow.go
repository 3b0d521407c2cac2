package wf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/installpath"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// WorkflowNL5Path flags file paths into the v5 installation directory
// (nl5) written in workflow activities and scripts.
var WorkflowNL5Path = &audit.Rule{
	ID:        "WF-001",
	Name:      "nl5-path-in-workflow",
	Title:     "Workflow path into the Campaign v5 installation directory (nl5)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.Workflows,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "\"If a workflow references the nl5 directory in one of its activities, this will raise an error.\" " +
			"The v7 installation lives elsewhere (nl6 on Linux, Adobe Campaign v7 on Windows) and the v5 tree is " +
			"renamed or removed during the migration, so file imports, exports, transfers and scripts that read " +
			"or write under /usr/local/neolane/nl5, nl5.back or C:\\Program Files\\Neolane v5 fail. The vendor's " +
			"query (`mData LIKE '%nl5%'`) matches any substring; this rule only reports nl5 or \"Neolane v5\" as " +
			"a directory of a path (next to a / or \\ separator) in activity attributes, element texts, SQL " +
			"outside comments, template text and JavaScript string literals. Variables named nl5, ids or hashes " +
			"containing the letters, labels, descriptions and comments are not reported.",
		Remediation: "Point the path to the v7 installation (for example `/usr/local/neolane/nl6/var/<instance>/import/`), " +
			"or better build it from an option so that the next upgrade does not break it: " +
			"`var dir = getOption(\"cusImportDir\"); vars.filename = dir + \"customers.csv\";`.",
		Bad: `<workflow internalName="wkfImportCustomers" label="Import customers" xtkschema="xtk:workflow">
  <activities>
    <js label="Locate file" name="js" x="200" y="100">
      <script>vars.filename = "/usr/local/neolane/nl5/var/prod/import/customers.csv";</script>
    </js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfImportCustomers" label="Import customers" xtkschema="xtk:workflow">
  <activities>
    <js label="Locate file" name="js" x="200" y="100">
      <script>vars.filename = getOption("cusImportDir") + "customers.csv";</script>
    </js>
  </activities>
</workflow>`,
		URL: docs.Workflows,
	},
	Effort:   0.75,
	Schemas:  []string{"xtk:workflow", "nms:operation"},
	Keywords: []string{"nl5", "neolane"},
	Run:      runWorkflowNL5Path,
}

func runWorkflowNL5Path(p *audit.Pass) {
	for _, wf := range workflowRoots(p.Entity.Root) {
		walk.LiteralSites(p, wf, func(s walk.Site) {
			if !walk.HasFold(s.Text, "nl5", "neolane") {
				return
			}
			for _, m := range installpath.NL5.FindAllStringIndex(s.Text, -1) {
				if !installpath.Match(s.Text, m[0], m[1]) {
					continue
				}
				p.ReportValue(s.Span, m[0], m[1],
					"%s uses the v5 installation directory in \"%s\" (%s): the path does not exist after the migration; "+
						"point it to the v7 installation or build it from an option",
					walk.PlaceOf(p, s.Elem), installpath.Around(s.Raw, m[0], m[1]), s.Where)
			}
		})
	}
}

// workflowRoots returns the workflows of an entity: the entity itself,
// or the workflows nested in a campaign.
func workflowRoots(root *xmltree.Element) []*xmltree.Element {
	if root.LocalName() == "workflow" {
		return []*xmltree.Element{root}
	}
	var out []*xmltree.Element
	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() == "workflow" {
			out = append(out, el)
			return false
		}
		return el == root || !acc.IsDescriptiveElement(el.LocalName())
	})
	return out
}
