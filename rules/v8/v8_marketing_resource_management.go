package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// v8MRMSchemas are the schemas of Marketing Resource Management.
var v8MRMSchemas = map[string]bool{
	"nms:budget": true, "nms:costline": true, "nms:coststructure": true, "nms:costcategory": true,
	"nms:commitment": true, "nms:task": true, "nms:asset": true,
}

// V8MRM flags Marketing Resource Management objects, absent from v8
// Enterprise.
var V8MRM = &audit.Rule{
	ID:        "V8-005",
	Name:      "v8-marketing-resource-management",
	Title:     "Marketing Resource Management schema extended or exported",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"Marketing Resource Management (MRM) is not available in the context of an Enterprise (FFDA) " +
			"deployment\"; the v7-to-v8 page lists it among the unavailable capabilities. The rule reports schema " +
			"extensions of the MRM schemas (nms:budget, nms:costLine, nms:costStructure, nms:costCategory, " +
			"nms:commitment, nms:task, nms:asset) and exported entities of those schemas. The schema list is " +
			"inferred from the MRM documentation of v7, hence the medium precision.",
		Remediation: "Move budget, cost and task management to another tool (Workfront, for instance) or choose a v8 " +
			"deployment on PostgreSQL (FDA), then drop the extensions.",
		Bad: `<srcSchema extendedSchema="nms:budget" name="budget" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="budget"><attribute name="costCenter" type="string" length="20"/></element>
</srcSchema>`,
		Good: `<srcSchema extendedSchema="nms:operation" name="operation" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="operation"><attribute name="costCenter" type="string" length="20"/></element>
</srcSchema>`,
		URL: docs.MRM,
	},
	Effort: 8,
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		if v8MRMSchemas[strings.ToLower(p.Entity.Schema)] {
			root := p.Entity.Root
			p.ReportElement(root, "%s is a Marketing Resource Management object, not available on Campaign v8 Enterprise (FFDA)", p.Entity.ID())
			return
		}
		if p.Entity.Schema != "xtk:srcSchema" {
			return
		}
		if target, a := v8Extension(p); v8MRMSchemas[target] {
			p.ReportAttr(a, "%s extends %s, a Marketing Resource Management schema, not available on Campaign v8 Enterprise (FFDA)", p.Entity.ID(), a.Value)
		}
	},
}
