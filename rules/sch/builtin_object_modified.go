package sch

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// BuiltinObjectModified flags built-in forms, JavaScript, JSSP, navigation
// trees and web applications present in an export.
var BuiltinObjectModified = &audit.Rule{
	ID:        "SCH-009",
	Name:      "builtin-object-modified",
	Title:     "Built-in form, JavaScript, JSSP, navigation tree or web application in the export",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Schemas,
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
		URL: docs.SchemaConflicts,
	},
	Effort:   1,
	Schemas:  []string{"xtk:form", "xtk:javascript", "xtk:jst", "xtk:jssp", "xtk:navtree", "nms:webApp"},
	Requires: []*audit.Collector{option.Collector},
	Run:      runBuiltinObjectModified,
}

func runBuiltinObjectModified(p *audit.Pass) {
	e := p.Entity
	root := e.Root
	if srcschema.Deleted(root) || srcschema.IsReference(root) || srcschema.UnchangedSinceCreation(root) {
		return
	}
	var f audit.Finding
	switch {
	case e.Schema == "nms:webApp":
		a := root.AttrNode("internalName")
		if a == nil || !srcschema.BuiltinWebApps[strings.ToLower(strings.TrimSpace(a.Value))] {
			return
		}
		s, end := audit.AttrRange(a)
		f = p.Newf(s, end, "built-in web application %s is in the export: if it was changed, the postupgrade puts it in conflict with the new version; keep customisations in a copy with a customer internal name",
			a.Value)
	case srcschema.IsReserved(e.Namespace):
		a := root.AttrNode("namespace")
		s, end := audit.AttrRange(a)
		id := e.Namespace + ":" + e.Name
		kind := strings.TrimPrefix(e.Schema, "xtk:")
		known := ""
		if e.Schema == "xtk:form" && (srcschema.BuiltinSchema(id) != nil || srcschema.BuiltinForms[strings.ToLower(id)]) {
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
		if v, ok := option.Value(ix, option.RestrictJS); ok && option.Enabled(v) {
			f.Severity = audit.SeverityWarning
			f.Message += "; " + option.RestrictJS + " is enabled in the scan, so built-in JavaScript can no longer be edited"
		}
		return true
	})
}
