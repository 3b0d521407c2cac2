package sch

import (
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// BrokenExtension flags schema extensions that are not declared as such,
// or declared wrongly.
var BrokenExtension = &audit.Rule{
	ID:        "SCH-005",
	Name:      "broken-extension-declaration",
	Title:     "Schema extension without a valid extendedSchema declaration",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Schemas,
	Doc: audit.Doc{
		Rationale: "An extension is a schema of a customer namespace whose root carries extendedSchema (\"Remember to " +
			"add the extendedSchema attribute\"). Without it, a schema named like a built-in that only adds fields " +
			"(no table, key or template of its own) creates a new table CusRecipient instead of adding columns to " +
			"NmsRecipient, and the code that expects the fields on the built-in breaks. The rule also reports " +
			"extendedSchema values that cannot work: not of the form namespace:name, differing from a built-in " +
			"only by case, naming an extension (\"an extension schema does not have its own schema\": extend the " +
			"original), or naming a schema of a customer namespace absent from a scan that holds other schemas of " +
			"that namespace (a warning: the export may be partial); and extensions whose top elements do not include the main element of the extended " +
			"schema (its name), so that their fields are never merged.",
		Remediation: "Declare the extension on the root, in a customer namespace, with the main element named like the " +
			"extended schema: `<srcSchema name=\"recipient\" namespace=\"cus\" extendedSchema=\"nms:recipient\"><element name=\"recipient\">…</element></srcSchema>`; " +
			"then regenerate the schemas and update the database structure.",
		Bad: `<srcSchema name="recipient" namespace="cus" label="Recipients" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="branchCode" label="Branch code" type="long"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" label="Recipients" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="branchCode" label="Branch code" type="long"/>
  </element>
</srcSchema>`,
		URL: docs.SchemaEdit,
	},
	Effort:   2,
	Schemas:  []string{"xtk:srcSchema"},
	Requires: []*audit.Collector{srcschema.SchemaCollector},
	Run:      runBrokenExtension,
}

var schIDPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*$`)

func runBrokenExtension(p *audit.Pass) {
	root := p.Entity.Root
	if srcschema.Deleted(root) || srcschema.IsReference(root) {
		return
	}
	if target, a := srcschema.Extended(root); target != "" {
		schCheckExtendedSchema(p, target, a)
		return
	}
	ns, name, main, ok := schCustomStandalone(p)
	if !ok || main == nil || schOwnStorage(main) || main.AttrValue("template") != "" {
		return
	}
	if len(main.Elements()) == 0 {
		return // declares no field
	}
	var ids []string
	for _, b := range srcschema.BuiltinsNamed(name) {
		if !strings.ContainsAny(b.Flags, "TIWRX") {
			ids = append(ids, b.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	sort.Strings(ids)
	at := root.AttrNode("name")
	p.ReportAttr(at, "schema %s:%s is named like the built-in %s and only adds fields, but has no extendedSchema: it creates a separate table instead of extending the built-in; add extendedSchema=\"%s\"",
		ns, name, strings.Join(ids, " / "), ids[0])
}

// schCheckExtendedSchema checks the value of extendedSchema and the main
// element of an extension.
func schCheckExtendedSchema(p *audit.Pass, target string, a *xmltree.Attr) {
	id := p.Entity.Namespace + ":" + p.Entity.Name
	if !schIDPattern.MatchString(target) {
		p.ReportAttr(a, "extendedSchema=%q of %s is not a schema id of the form namespace:name", a.Value, id)
		return
	}
	if b := srcschema.BuiltinSchema(target); b != nil && b.ID != target {
		p.ReportAttr(a, "extendedSchema=%q of %s differs from the built-in %s only by case: schema names are case-sensitive", a.Value, id, b.ID)
		return
	}
	_, tname, _ := strings.Cut(target, ":")
	root := p.Entity.Root
	if tops := srcschema.TopElements(root); len(tops) > 0 && srcschema.MainElement(root, tname) == nil {
		el := tops[0]
		p.ReportElement(el, "extension %s of %s has no main element named %q: the fields of <element name=%q> are not merged into %s",
			id, target, tname, el.AttrValue("name"), target)
	}
	f := p.Newf(a.NameOff, a.ValueSpan.File(len(a.Value))+1, "")
	// The decision waits for the end of the scan, once per extension: the
	// two ids travel with the finding, the rest is derived when it runs.
	p.DeferWith(f, decideExtendedSchema, id, target)
}

// decideExtendedSchema keeps the finding on an extension (DeferredArgs:
// its id, the schema it extends) when the scan shows it extends itself,
// another extension, or a schema missing from a namespace the scan holds.
func decideExtendedSchema(ix *audit.Index, f *audit.Finding) bool {
	args := f.DeferredArgs()
	id, target := args[0], args[1]
	tns, _, _ := strings.Cut(target, ":")
	lower := strings.ToLower(target)
	if lower == strings.ToLower(id) {
		f.Message = "extension " + id + " names itself in extendedSchema"
		return true
	}
	if base := srcschema.Extends.Values(ix, lower); len(base) > 0 {
		f.Message = "extension " + id + " extends " + target + ", which is itself an extension of " + base[0] +
			": an extension has no schema of its own; extend " + base[0] + " directly"
		return true
	}
	if !srcschema.IsReserved(tns) && !srcschema.Extends.Has(ix, lower) && !srcschema.Schemas.Has(ix, lower) &&
		srcschema.Namespaces.Has(ix, strings.ToLower(tns)) {
		// The export may be partial: a warning, not an error.
		f.Severity = audit.SeverityWarning
		f.Message = "extension " + id + " extends " + target + ", which is not in the scan although other " + tns +
			" schemas are: check the schema id"
		return true
	}
	return false
}
