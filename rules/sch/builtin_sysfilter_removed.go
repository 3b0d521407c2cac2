package sch

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// SysFilterRemoved flags extensions that delete a system filter of a
// built-in schema.
var SysFilterRemoved = &audit.Rule{
	ID:        "SCH-007",
	Name:      "builtin-sysfilter-removed",
	Title:     "System filter of a built-in schema removed by an extension",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Schemas,
	Doc: audit.Doc{
		Rationale: "Built-in schemas carry system filters (`readAccess`, `writeAccess`) that protect them; an " +
			"extension can remove one with `<sysFilter name=\"writeAccess\" _operation=\"delete\"/>`, and \"Adobe " +
			"recommends you not to modify the default parameters to guarantee optimal security\". v7 relies on " +
			"these filters (admin-only schemas, rights on folders), so a removed filter opens data or configuration " +
			"to every operator. Removing writeAccess from one of the 30 schemas v7 makes writable by administrators " +
			"only (xtk:operatorGroup, xtk:javascript, xtk:srcSchema, ...) undoes that protection and is an error. A " +
			"replacement filter in the same extension is mentioned in the finding: it still needs a review. Extensions " +
			"of customer schemas are not reported.",
		Remediation: "Keep the default system filters; grant access through a named right and the operator groups " +
			"(`<sysFilter name=\"writeAccess\"><condition expr=\"HasNamedRight('cusRecipientEdit')=false\" enabledIf=\"…\"/></sysFilter>` " +
			"added beside the default ones), or review that the replacement grants no more than the default.",
		Bad: `<srcSchema name="operatorGroup" namespace="cus" extendedSchema="xtk:operatorGroup" xtkschema="xtk:srcSchema">
  <element name="operatorGroup">
    <sysFilter name="writeAccess" _operation="delete"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="operatorGroup" namespace="cus" extendedSchema="xtk:operatorGroup" xtkschema="xtk:srcSchema">
  <element name="operatorGroup">
    <attribute name="validatedOn" type="date" label="Validated on"/>
  </element>
</srcSchema>`,
		URL: docs.SysFilters,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runSysFilterRemoved,
}

func runSysFilterRemoved(p *audit.Pass) {
	root := p.Entity.Root
	target, ok := srcschema.BuiltinExtension(root)
	if !ok {
		return
	}
	var removed []*xmltree.Element
	kept := map[*xmltree.Element][]string{} // parent → filters still declared
	root.Walk(func(el *xmltree.Element) bool {
		if !strings.EqualFold(el.LocalName(), "sysFilter") {
			return true
		}
		if srcschema.Deleted(el) {
			removed = append(removed, el)
		} else if el.Parent != nil {
			kept[el.Parent] = append(kept[el.Parent], srcschema.Or(el.AttrValue("name"), "(unnamed)"))
		}
		return false
	})
	for _, el := range removed {
		name := srcschema.Or(el.AttrValue("name"), "(unnamed)")
		note := ""
		if k := kept[el.Parent]; len(k) > 0 {
			note = "; the extension declares " + strings.Join(k, ", ") + " instead: check it grants no more than the default"
		}
		s, e := audit.AttrRange(el.AttrNode("_operation"))
		if srcschema.AdminWriteOnly[strings.ToLower(target)] && strings.EqualFold(name, "writeAccess") {
			f := p.Newf(s, e, "extension %s:%s removes the system filter writeAccess of %s, which v7 restricts to administrators: every operator could write to it again%s",
				p.Entity.Namespace, p.Entity.Name, target, note)
			f.Severity = audit.SeverityError
			p.Emit(f)
			continue
		}
		p.Reportf(s, e, "extension %s:%s removes the system filter %s of the built-in %s, which protects its data%s",
			p.Entity.Namespace, p.Entity.Name, name, target, note)
	}
}
