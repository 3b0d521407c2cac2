package rules

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Options of v7 builds 21.1.3 and later that lock built-in objects.
const (
	schOptRestrictSchema = "RestrictEditingOOTBSchema"
	schOptRestrictJS     = "RestrictEditingOOTBJavascript"
)

// SchemaModifiedInPlace flags built-in source schemas exported as such
// rather than through an extension.
var SchemaModifiedInPlace = &audit.Rule{
	ID:        "SCH-001",
	Name:      "builtin-schema-modified-in-place",
	Title:     "Built-in schema modified in place instead of extended",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  schCatSchemas,
	Doc: audit.Doc{
		Rationale: "\"You are not allowed to modify the built-in schemas of the application, but rather the schema " +
			"extension mechanism. Otherwise, modified schemas will not be updated at the time of future upgrades.\" " +
			"A source schema whose namespace and name are those of a documented built-in (nms:recipient, " +
			"nms:delivery, xtk:workflow, ...) and that has no extendedSchema is the built-in itself: a customer " +
			"change made to it collides with the factory version the postupgrade installs (\"Document of identifier " +
			"'nms:includeView' and type 'xtk:srcSchema' updated in the database and found in the file system. You " +
			"will have to merge the two versions manually\"), and from build 21.1.3 the option " +
			"RestrictEditingOOTBSchema forbids editing it at all. Exports of the console XML view whose created and " +
			"lastModified dates are equal (never modified) are not reported; a package cannot tell, so an " +
			"unmodified built-in included in a package is reported too and can simply be left out of it. When the " +
			"scan holds RestrictEditingOOTBSchema enabled, the finding is an error.",
		Remediation: "Move the customer fields into an extension schema in a customer namespace " +
			"(`<srcSchema name=\"recipient\" namespace=\"cus\" extendedSchema=\"nms:recipient\"><element name=\"recipient\">…</element></srcSchema>`), " +
			"restore the factory version (`nlserver config -postupgrade -restoreFactory:<folder>`), regenerate the schemas " +
			"and update the database structure.",
		Bad: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:srcSchema">
    <srcSchema name="recipient" namespace="nms" label="Recipients" mappingType="sql">
      <element name="recipient" sqltable="NmsRecipient" autopk="true">
        <attribute name="branchCode" label="Branch code" type="long"/>
      </element>
    </srcSchema>
  </entities>
</package>`,
		Good: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:srcSchema">
    <srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" label="Recipients" mappingType="sql">
      <element name="recipient">
        <attribute name="branchCode" label="Branch code" type="long"/>
      </element>
    </srcSchema>
  </entities>
</package>`,
		URL: schDocExtend,
	},
	Effort:  4,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runSchemaModifiedInPlace,
}

func runSchemaModifiedInPlace(p *audit.Pass) {
	root := p.Entity.Root
	ns, name := p.Entity.Namespace, p.Entity.Name
	if !schIsReserved(ns) || name == "" || schDeleted(root) || schIsReference(root) {
		return
	}
	if target, _ := schExtended(root); target != "" {
		return // an extension written in a reserved namespace: SCH-003
	}
	b := schBuiltinSchema(ns + ":" + name)
	if b == nil || strings.Contains(b.Flags, "R") || schUnchangedSinceCreation(root) {
		return // not documented (SCH-003), removed in v7 (INT-001), or never modified
	}
	_, bname, _ := strings.Cut(b.ID, ":")
	fix := fmt.Sprintf("move it to <srcSchema namespace=\"cus\" name=\"%s\" extendedSchema=\"%s\">", bname, b.ID)
	if strings.Contains(b.Flags, "X") {
		fix = "restore the factory version and keep customer data in a schema of your own (this one must not be extended)"
	}
	f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)),
		"built-in schema %s is exported as a source schema, not as an extension: a change made in place collides with the factory version at the postupgrade (manual merge) and is lost at later upgrades; %s",
		b.ID, fix)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if v, ok := ix.Option(schOptRestrictSchema); ok && optionEnabled(v) {
			f.Severity = audit.SeverityError
			f.Message += "; " + schOptRestrictSchema + " is enabled in the scan, so the built-in can no longer be edited"
		}
		return true
	})
}

// schIsReference reports whether an entity element only reconciles with an
// existing object (_operation="none") rather than carrying its content.
func schIsReference(el *xmltree.Element) bool {
	return strings.EqualFold(strings.TrimSpace(el.AttrValue("_operation")), "none")
}

// SchemaInReservedNamespace flags custom source schemas created in a
// namespace reserved for Campaign.
var SchemaInReservedNamespace = &audit.Rule{
	ID:        "SCH-003",
	Name:      "schema-in-reserved-namespace",
	Title:     "Custom schema in a namespace reserved for Campaign",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatSchemas,
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
		URL: schDocSchemaRef,
	},
	Effort:  6,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runSchemaInReservedNamespace,
}

func runSchemaInReservedNamespace(p *audit.Pass) {
	root := p.Entity.Root
	ns, name := p.Entity.Namespace, p.Entity.Name
	if !schIsReserved(ns) || name == "" || schDeleted(root) || schIsReference(root) {
		return
	}
	at := root.AttrNode("namespace")
	target, _ := schExtended(root)
	if target == "" && schBuiltinSchema(ns+":"+name) != nil {
		return // a built-in: SCH-001
	}
	id := ns + ":" + name
	if target != "" {
		p.ReportAttr(at, "extension %s of %s is written in the reserved namespace %s: extensions belong to a customer namespace (e.g. cus:%s), or the next upgrade may treat it as a factory schema",
			id, target, ns, name)
		return
	}
	if main := schMainElement(root, name); main != nil {
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

// BuiltinSchemaDeleted flags packages and scripts that delete a built-in
// schema.
var BuiltinSchemaDeleted = &audit.Rule{
	ID:        "SCH-008",
	Name:      "builtin-schema-deleted",
	Title:     "Built-in schema deleted",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatSchemas,
	From:      []string{audit.V511, audit.V602},
	Doc: audit.Doc{
		Rationale: "The v7 migration documentation warns: \"If out-of-the-box schemas have been deleted in v6.02 or v5.11, " +
			"you may no longer be able to edit your schemas after the postupgrade\"; the migration tool lists them " +
			"(\"Out of the box object 'nms:deliveryCustomizationMdl' belonging to the 'xtk:srcSchema' schema has not " +
			"been found\"). The rule reports `<srcSchema _operation=\"delete\">` entries of packages and of E4X " +
			"literals written by scripts (`xtk.session.Write(<srcSchema … _operation=\"delete\"/>)`) whose schema is " +
			"a documented built-in, or lies in a reserved namespace (warning: possibly an undocumented built-in). " +
			"Deleting the v6.02 Interaction representation schemas (nms:emailOfferView, ...) is the documented " +
			"prerequisite of the migration, and the migration script's own temporary nlmig:emailOfferView is not a " +
			"built-in: neither is reported.",
		Remediation: "Remove the deletion from the package or script, restore the built-in schema (reinstall the " +
			"package that provides it or run `nlserver config -postupgrade -restoreFactory:<folder>`), then rerun " +
			"`nlserver config -postupgrade -instance:<name> -force`.",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="xtk:srcSchema">
    <srcSchema _operation="delete" name="deliveryCustomizationMdl" namespace="nms"/>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="xtk:srcSchema">
    <srcSchema _operation="delete" name="emailOfferView" namespace="nms"/>
    <srcSchema _operation="delete" name="loyaltyCardOld" namespace="cus"/>
  </entities>
</package>`,
		URL: schDocMigTools,
	},
	Effort: 3,
	Run:    runBuiltinSchemaDeleted,
}

func runBuiltinSchemaDeleted(p *audit.Pass) {
	if schIsHeader(p) {
		return
	}
	check := func(el *xmltree.Element, inScript bool) {
		if el.LocalName() != "srcSchema" || !schDeleted(el) {
			return
		}
		nsA, nameA := el.AttrNode("namespace"), el.AttrNode("name")
		if nsA == nil || nameA == nil || nsA.Expr || nameA.Expr {
			return
		}
		ns, name := strings.TrimSpace(nsA.Value), strings.TrimSpace(nameA.Value)
		id := ns + ":" + name
		if !schIsReserved(ns) || schIsRemoved(id) {
			return
		}
		how := "this package deletes"
		if inScript {
			how = "this script deletes"
		}
		op := el.AttrNode("_operation")
		s, e := audit.AttrRange(op)
		if b := schBuiltinSchema(id); b != nil {
			p.Reportf(s, e, "%s the built-in schema %s: after the postupgrade schemas may no longer be editable; restore it and rerun the postupgrade with -force", how, b.ID)
			return
		}
		f := p.Newf(s, e, "%s the schema %s of the reserved namespace %s: if it is a built-in (the documented list is incomplete), schemas may no longer be editable after the postupgrade; restore it", how, id, ns)
		f.Severity = audit.SeverityWarning
		p.Emit(f)
	}
	if p.Entity.Schema == "xtk:srcSchema" {
		check(p.Entity.Root, false)
	}
	for _, s := range p.Scripts() {
		for _, t := range s.JS.Tokens {
			if t.Kind == jsscan.XML && t.XML != nil {
				t.XML.Walk(func(el *xmltree.Element) bool {
					check(el, true)
					return true
				})
			}
		}
	}
}

// BuiltinObjectModified flags built-in forms, JavaScript, JSSP, navigation
// trees and web applications present in an export.
var BuiltinObjectModified = &audit.Rule{
	ID:        "SCH-009",
	Name:      "builtin-object-modified",
	Title:     "Built-in form, JavaScript, JSSP, navigation tree or web application in the export",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  schCatSchemas,
	Doc: audit.Doc{
		Rationale: "Upgrades install the factory version of built-in objects: \"conflicts may appear in reports, forms " +
			"or web applications\" (the usual suspects are deliveryValidation, deliveryOverview, budget, " +
			"stockOverview), and the other types are silently replaced. From build 21.1.3 the option " +
			"RestrictEditingOOTBJavascript forbids editing built-in JavaScript. The rule reports xtk:form, " +
			"xtk:javascript, xtk:jst, xtk:jssp and xtk:navtree entities of a reserved namespace (nms, xtk, ncm, nl, " +
			"crm, ...) and web applications bearing a documented built-in internal name: each is a built-in " +
			"changed in place, or a custom object written in a reserved namespace. Reports are covered by RPT-004. " +
			"Console exports never modified since their creation are not reported. A JavaScript library is a " +
			"warning when the scan holds RestrictEditingOOTBJavascript enabled.",
		Remediation: "Keep customer changes in objects of a customer namespace (copy the form or library to " +
			"`cus:…` and point the schema, navigation tree or caller to it); after the postupgrade, resolve each conflict " +
			"(Accept the new version, or merge, remove the `_conflict_` markers and Declare as resolved), or restore the " +
			"factory version with `-restoreFactory`.",
		Bad: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:javascript">
    <javascript name="gdpr.js" namespace="nms" label="GDPR helpers">
      <data><![CDATA[function nms_gdpr_purge(id) { logInfo("custom purge " + id); }]]></data>
    </javascript>
  </entities>
</package>`,
		Good: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:javascript">
    <javascript name="gdpr.js" namespace="cus" label="GDPR helpers">
      <data><![CDATA[function cus_gdpr_purge(id) { logInfo("custom purge " + id); }]]></data>
    </javascript>
  </entities>
</package>`,
		URL: schDocConflicts,
	},
	Effort:  1,
	Schemas: []string{"xtk:form", "xtk:javascript", "xtk:jst", "xtk:jssp", "xtk:navtree", "nms:webApp"},
	Run:     runBuiltinObjectModified,
}

func runBuiltinObjectModified(p *audit.Pass) {
	e := p.Entity
	root := e.Root
	if schDeleted(root) || schIsReference(root) || schUnchangedSinceCreation(root) {
		return
	}
	var f audit.Finding
	switch {
	case e.Schema == "nms:webApp":
		a := root.AttrNode("internalName")
		if a == nil || !schBuiltinWebApps[strings.ToLower(strings.TrimSpace(a.Value))] {
			return
		}
		s, end := audit.AttrRange(a)
		f = p.Newf(s, end, "built-in web application %s is in the export: if it was changed, the postupgrade puts it in conflict with the new version; keep customisations in a copy with a customer internal name",
			a.Value)
	case schIsReserved(e.Namespace):
		a := root.AttrNode("namespace")
		s, end := audit.AttrRange(a)
		id := e.Namespace + ":" + e.Name
		kind := strings.TrimPrefix(e.Schema, "xtk:")
		known := ""
		if e.Schema == "xtk:form" && (schBuiltinSchema(id) != nil || schBuiltinForms[strings.ToLower(id)]) {
			known = " (the form of a built-in)"
		}
		f = p.Newf(s, end, "%s %s is in the reserved namespace %s%s: a built-in changed in place is replaced or put in conflict by upgrades, and a custom object does not belong there; keep customisations in a cus: copy",
			kind, id, e.Namespace, known)
	default:
		return
	}
	if e.Schema != "xtk:javascript" {
		p.Emit(f)
		return
	}
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if v, ok := ix.Option(schOptRestrictJS); ok && optionEnabled(v) {
			f.Severity = audit.SeverityWarning
			f.Message += "; " + schOptRestrictJS + " is enabled in the scan, so built-in JavaScript can no longer be edited"
		}
		return true
	})
}
