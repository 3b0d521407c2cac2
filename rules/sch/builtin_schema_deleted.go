package sch

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// BuiltinSchemaDeleted flags packages and scripts that delete a built-in
// schema.
var BuiltinSchemaDeleted = &audit.Rule{
	ID:        "SCH-008",
	Name:      "builtin-schema-deleted",
	Title:     "Built-in schema deleted",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Schemas,
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
		URL: docs.MigTools,
	},
	Effort: 3,
	Run:    runBuiltinSchemaDeleted,
}

func runBuiltinSchemaDeleted(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	check := func(el *xmltree.Element, inScript bool) {
		if el.LocalName() != "srcSchema" || !srcschema.Deleted(el) {
			return
		}
		nsA, nameA := el.AttrNode("namespace"), el.AttrNode("name")
		if nsA == nil || nameA == nil || nsA.Expr || nameA.Expr {
			return
		}
		ns, name := strings.TrimSpace(nsA.Value), strings.TrimSpace(nameA.Value)
		id := ns + ":" + name
		if !srcschema.IsReserved(ns) || srcschema.IsRemoved(id) {
			return
		}
		how := "this package deletes"
		if inScript {
			how = "this script deletes"
		}
		op := el.AttrNode("_operation")
		s, e := audit.AttrRange(op)
		if b := srcschema.BuiltinSchema(id); b != nil {
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
		for _, t := range s.JS().Tokens {
			if t.Kind == jsscan.XML && t.XML != nil {
				t.XML.Walk(func(el *xmltree.Element) bool {
					check(el, true)
					return true
				})
			}
		}
	}
}
