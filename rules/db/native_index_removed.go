package db

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// NativeIndexRemoved flags extensions that delete indexes, keys or fields
// of built-in schemas.
var NativeIndexRemoved = &audit.Rule{
	ID:        "DB-002",
	Name:      "native-index-removed",
	Title:     "Index or field of a built-in table removed by an extension",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Database,
	Doc: audit.Doc{
		Rationale: "\"Do not remove native indexes from out-of-the-box tables.\" An extension of a built-in schema can " +
			"remove an inherited item with `_operation=\"delete\"`: a <dbindex> or <key> (the built-in queries and " +
			"purge workflows lose their index), an attribute or element (built-in screens and code may still read " +
			"the column). " +
			"Indexes and keys that another extension of the same schema in the scan declares are the customer's own " +
			"and are not reported; system filter removals are SCH-007.",
		Remediation: "Remove the `_operation=\"delete\"` entry and keep the native index; add the index you need beside " +
			"it (`<dbindex name=\"cusEmailLower\"><keyfield xpath=\"@email\"/></dbindex>`).",
		Bad: `<srcSchema name="broadLogRcp" namespace="cus" extendedSchema="nms:broadLogRcp" xtkschema="xtk:srcSchema">
  <element name="broadLogRcp">
    <dbindex name="eventDate" _operation="delete"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="broadLogRcp" namespace="cus" extendedSchema="nms:broadLogRcp" xtkschema="xtk:srcSchema">
  <element name="broadLogRcp">
    <dbindex name="cusEventDateAddr">
      <keyfield xpath="@eventDate"/>
      <keyfield xpath="@address"/>
    </dbindex>
  </element>
</srcSchema>`,
		URL: docs.Indexes,
	},
	Effort:   1,
	Schemas:  []string{"xtk:srcSchema"},
	Requires: []*audit.Collector{srcschema.SchemaCollector},
	Run:      runNativeIndexRemoved,
}

func runNativeIndexRemoved(p *audit.Pass) {
	root := p.Entity.Root
	target, ok := srcschema.BuiltinExtension(root)
	if !ok {
		return
	}
	id := p.Entity.Namespace + ":" + p.Entity.Name
	root.Walk(func(el *xmltree.Element) bool {
		if el == root || !srcschema.Deleted(el) {
			return true
		}
		ln := el.LocalName()
		if strings.EqualFold(ln, "sysFilter") {
			return false
		}
		name := el.AttrValue("name")
		op := el.AttrNode("_operation")
		s, e := audit.AttrRange(op)
		switch ln {
		case "dbindex", "key":
			f := p.Newf(s, e, "extension %s removes the %s %s of the built-in %s: built-in queries and purges lose it; keep native indexes",
				id, ln, srcschema.Or(name, "(unnamed)"), target)
			ext, index := strings.ToLower(target), strings.ToLower(name)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				for _, x := range srcschema.ExtIndexes.Values(ix, ext) {
					if x.Name == index && x.By != strings.ToLower(id) {
						return false // declared by a customer extension
					}
				}
				return true
			})
		case "attribute", "element":
			p.Reportf(s, e, "extension %s removes the %s %s of the built-in %s, which built-in screens, workflows and code may still use; keep it", id, ln, srcschema.Or(name, "(unnamed)"), target)
		}
		return false
	})
}
