package sch

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// SchemaInReservedNamespace flags custom source schemas created in a
// namespace reserved for Campaign.
var SchemaInReservedNamespace = &audit.Rule{
	ID:        "SCH-003",
	Name:      "schema-in-reserved-namespace",
	Title:     "Custom schema in a namespace reserved for Campaign",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Schemas,
	Doc: audit.Doc{
		Rationale: "\"The following namespaces are reserved for descriptions of the system entities required for the " +
			"operation of the Adobe Campaign application and must not be used: xtk, nl, nms, ncm, temp, ncl, crm, " +
			"xxl.\" A source schema in one of them that is not a documented built-in is either a customer schema " +
			"(which an upgrade treats as a factory object and may overwrite or collide with) or a built-in missing " +
			"from the documented list that was changed in place; both need the same review. Extensions written in a " +
			"reserved namespace are reported too. Log schemas derived from a built-in template (the documentation's " +
			"own nms:remaMatchPers built on template=\"nms:remaMatch\") are reported as info. Other entity types " +
			"in reserved namespaces (forms, JavaScript, JSSP) are covered by SCH-009, as no list tells built-in ones " +
			"from custom ones.",
		Remediation: "Create the schema in a dedicated customer namespace (the default `cus`, or the project's own), " +
			"e.g. `<srcSchema name=\"remaMatchPers\" namespace=\"cus\">`, migrate its data and update the links, " +
			"filters and scripts that name it.",
		Bad: `<srcSchema name="loyaltyCard" namespace="nms" label="Loyalty cards" xtkschema="xtk:srcSchema">
  <element name="loyaltyCard" autopk="true">
    <attribute name="number" type="string" length="20"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="loyaltyCard" namespace="cus" label="Loyalty cards" xtkschema="xtk:srcSchema">
  <element name="loyaltyCard" autopk="true">
    <attribute name="number" type="string" length="20"/>
  </element>
</srcSchema>`,
		URL: docs.SchemaRef,
	},
	Effort:  6,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runSchemaInReservedNamespace,
}

func runSchemaInReservedNamespace(p *audit.Pass) {
	root := p.Entity.Root
	ns, name := p.Entity.Namespace, p.Entity.Name
	if !srcschema.IsReserved(ns) || name == "" || srcschema.Deleted(root) || srcschema.IsReference(root) {
		return
	}
	at := root.AttrNode("namespace")
	target, _ := srcschema.Extended(root)
	if target == "" && srcschema.BuiltinSchema(ns+":"+name) != nil {
		return // a built-in: SCH-001
	}
	id := ns + ":" + name
	if target != "" {
		p.ReportAttr(at, "extension %s of %s is written in the reserved namespace %s: extensions belong to a customer namespace (e.g. cus:%s), or the next upgrade may treat it as a factory schema",
			id, target, ns, name)
		return
	}
	if main := srcschema.MainElement(root, name); main != nil {
		if tpl := main.AttrValue("template"); tpl != "" {
			f := p.Newf(at.NameOff, at.ValueSpan.File(len(at.Value))+1,
				"schema %s, derived from template %s, is a custom schema in the reserved namespace %s; the documented pattern tolerates it, but a customer namespace (e.g. cus:%s) keeps it out of the factory objects",
				id, tpl, ns, name)
			f.Severity = audit.SeverityInfo
			p.Emit(f)
			return
		}
	}
	p.ReportAttr(at, "schema %s is in the reserved namespace %s but is not a documented built-in: a custom schema there is taken for a factory object by upgrades (or, if it is an undocumented built-in, it was changed in place); use a customer namespace such as cus:%s",
		id, ns, name)
}
