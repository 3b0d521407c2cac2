package sch

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// ExtensionOfProtectedSchema flags extensions of built-in schemas that must
// not be extended.
var ExtensionOfProtectedSchema = &audit.Rule{
	ID:        "SCH-004",
	Name:      "extension-of-non-extensible-schema",
	Title:     "Extension of a built-in schema that must not be extended",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.Schemas,
	Doc: audit.Doc{
		Rationale: "Some built-in schemas \"must not be extended: mainly those for which the dataSource=\"file\" and " +
			"mappingType=\"xmlFile\" parameters are defined\" — xtk:form, xtk:srcSchema, xtk:navtree, xtk:queryDef, " +
			"xtk:session, nms:calendar, nms:remoteTracking, nms:userAgentRules and the other schemas of the " +
			"documented list. Their definition is read from files and internal code that ignore extensions, so an " +
			"extension breaks the object or is lost at the upgrade. The documented list \"is not exhaustive\": an " +
			"extension whose target is in the scan with one of those mappings is reported as well.",
		Remediation: "Remove the extension and reach the need another way: store the extra data in a schema of your " +
			"own linked to the built-in (`<element name=\"calendarInfo\" type=\"link\" target=\"nms:calendar\"/>` in a " +
			"`cus:` schema), or customise the form or navigation tree through a copy in a customer namespace.",
		Bad: `<srcSchema name="queryDef" namespace="cus" extendedSchema="xtk:queryDef" xtkschema="xtk:srcSchema">
  <element name="queryDef">
    <attribute name="cacheKey" type="string"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="workflow" namespace="cus" extendedSchema="xtk:workflow" xtkschema="xtk:srcSchema">
  <element name="workflow">
    <attribute name="costCenter" type="string"/>
  </element>
</srcSchema>`,
		URL: docs.Extend,
	},
	Effort:   4,
	Schemas:  []string{"xtk:srcSchema"},
	Requires: []*audit.Collector{srcschema.SchemaCollector},
	Run:      runExtensionOfProtectedSchema,
}

func runExtensionOfProtectedSchema(p *audit.Pass) {
	root := p.Entity.Root
	target, a := srcschema.Extended(root)
	if target == "" || srcschema.Deleted(root) {
		return
	}
	id := p.Entity.Namespace + ":" + p.Entity.Name
	if srcschema.NotExtensible[strings.ToLower(target)] {
		p.ReportAttr(a, "%s extends %s, a built-in schema that must not be extended (file-based definition): the extension is ignored or breaks it",
			id, target)
		return
	}
	s, e := audit.AttrRange(a)
	f := p.Newf(s, e, "%s extends %s", id, target)
	p.DeferWith(f, decideFileMappedTarget, strings.ToLower(target))
}

// decideFileMappedTarget keeps the finding on an extension (DeferredArgs:
// the schema it extends, lowercased) when the scan maps that schema to
// files.
func decideFileMappedTarget(ix *audit.Index, f *audit.Finding) bool {
	var m []string
	for _, a := range srcschema.FileMapped.Values(ix, f.DeferredArgs()[0]) {
		m = append(m, a.Name+`="`+a.Value+`"`)
	}
	if len(m) == 0 {
		return false
	}
	f.Message += ", whose definition in the scan has " + strings.Join(m, " and ") +
		": schemas mapped to files must not be extended"
	return true
}
