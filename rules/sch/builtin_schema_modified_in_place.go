package sch

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// SchemaModifiedInPlace flags built-in source schemas exported as such
// rather than through an extension.
var SchemaModifiedInPlace = &audit.Rule{
	ID:        "SCH-001",
	Name:      "builtin-schema-modified-in-place",
	Title:     "Built-in schema modified in place instead of extended",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.Schemas,
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
			"unmodified built-in included in a package is reported too, the message saying that the export cannot tell, " +
			"and can simply be left out of it. When the " +
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
		URL: docs.Extend,
	},
	Effort:   4,
	Schemas:  []string{"xtk:srcSchema"},
	Requires: []*audit.Collector{option.Collector},
	Run:      runSchemaModifiedInPlace,
}

func runSchemaModifiedInPlace(p *audit.Pass) {
	root := p.Entity.Root
	ns, name := p.Entity.Namespace, p.Entity.Name
	if !srcschema.IsReserved(ns) || name == "" || srcschema.Deleted(root) || srcschema.IsReference(root) {
		return
	}
	if target, _ := srcschema.Extended(root); target != "" {
		return // an extension written in a reserved namespace: SCH-003
	}
	b := srcschema.BuiltinSchema(ns + ":" + name)
	if b == nil || strings.Contains(b.Flags, "R") || srcschema.UnchangedSinceCreation(root) {
		return // not documented (SCH-003), removed in v7 (INT-001), or never modified
	}
	_, bname, _ := strings.Cut(b.ID, ":")
	fix := fmt.Sprintf("move it to <srcSchema namespace=\"cus\" name=\"%s\" extendedSchema=\"%s\">", bname, b.ID)
	if strings.Contains(b.Flags, "X") {
		fix = "restore the factory version and keep customer data in a schema of your own (this one must not be extended)"
	}
	if _, dated := root.Attr("lastModified"); !dated {
		// A package carries no modification date: it cannot tell.
		fix += " (the export does not tell whether it was changed: if it was not, leave it out of the package)"
	}
	f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)),
		"built-in schema %s is exported as a source schema, not as an extension: a change made in place collides with the factory version at the postupgrade (manual merge) and is lost at later upgrades; %s",
		b.ID, fix)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if v, ok := option.Value(ix, option.RestrictSchema); ok && option.Enabled(v) {
			f.Severity = audit.SeverityError
			f.Message += "; " + option.RestrictSchema + " is enabled in the scan, so the built-in can no longer be edited"
		}
		return true
	})
}
