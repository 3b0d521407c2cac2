package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/audit/xtk"
)

// ExtensionOfProtectedSchema flags extensions of built-in schemas that must
// not be extended.
var ExtensionOfProtectedSchema = &audit.Rule{
	ID:        "SCH-004",
	Name:      "extension-of-non-extensible-schema",
	Title:     "Extension of a built-in schema that must not be extended",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  schCatSchemas,
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
		URL: schDocExtend,
	},
	Effort:  4,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runExtensionOfProtectedSchema,
}

func runExtensionOfProtectedSchema(p *audit.Pass) {
	root := p.Entity.Root
	target, a := schExtended(root)
	if target == "" || schDeleted(root) {
		return
	}
	id := p.Entity.Namespace + ":" + p.Entity.Name
	if schNotExtensible[strings.ToLower(target)] {
		p.ReportAttr(a, "%s extends %s, a built-in schema that must not be extended (file-based definition): the extension is ignored or breaks it",
			id, target)
		return
	}
	lower := strings.ToLower(target)
	s, e := audit.AttrRange(a)
	f := p.Newf(s, e, "%s extends %s", id, target)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		m := ix.Facts(schFactFileMapped, lower)
		if len(m) == 0 {
			return false
		}
		f.Message += ", whose definition in the scan has " + strings.Join(m, " and ") +
			": schemas mapped to files must not be extended"
		return true
	})
}

// ExtensionSQLData summarises, per schema extension, the fields and
// filters built on SQLData.
var ExtensionSQLData = &audit.Rule{
	ID:        "SCH-006",
	Name:      "extension-with-sqldata",
	Title:     "Schema extension with SQLData",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  schCatSchemas,
	Compat:    []string{"PU-0005", "PU-0006"},
	Doc: audit.Doc{
		Rationale: "The migration guide singles out \"schema extensions with SQLdata\": the postupgrade regenerates every " +
			"schema, stops on their [SQLDATA[ expressions (PU-0006) and sql attributes (PU-0005), and calculated " +
			"fields, system filters and joins of the built-in tables then fail for every query. SQL-001, SQL-002 " +
			"and SQL-003 report each fragment where it is written; this rule gives one finding per extension, on its " +
			"root, naming the extended built-in and each field, filter or link concerned, so that the schema can be " +
			"planned and retested as a whole. The sql=\"true\" storage flag of fields is not SQLData.",
		Remediation: "Rewrite each expression with the v7 syntax — a sub-query " +
			"(`<condition expr=\"@id\" setOperator=\"IN\"><subQuery schema=\"cus:order\">…</subQuery></condition>`), " +
			"an aggregate on a link (`expr=\"count([order/@id])\"`) or a join `[schema:alias:xpath]` — then regenerate the " +
			"schemas and retest the queries that use the extension.",
		Bad: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="ordersTotal" type="double"
               expr="[SQLDATA[(SELECT SUM(dAmount) FROM CusOrder O WHERE O.iRecipientId = @id)]]"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="ordersTotal" type="double" expr="Sum([order/@amount])"/>
    <attribute name="exported" type="boolean" sql="true"/>
  </element>
</srcSchema>`,
		URL: schDocMigration,
	},
	Effort:      1,
	Schemas:     []string{"xtk:srcSchema"},
	RootCauses:  []string{"SQL-001", "SQL-002", "SQL-003"},
	Consequence: "the postupgrade fails on this schema extension until each of its SQLData fields, filters and joins is rewritten (SCH-006)",
	Run:         runExtensionSQLData,
}

func runExtensionSQLData(p *audit.Pass) {
	root := p.Entity.Root
	target, _ := schExtended(root)
	if target == "" || schDeleted(root) {
		return
	}
	var places []string
	seen := map[string]bool{}
	add := func(el *xmltree.Element, what string) {
		s := schOwnerLabel(root, el) + " (" + what + ")"
		if !seen[s] {
			seen[s] = true
			places = append(places, s)
		}
	}
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		name := el.LocalName()
		for i := range el.Attrs {
			a := &el.Attrs[i]
			switch {
			case acc.IsDescriptiveAttr(a.Name):
			case strings.EqualFold(a.Name, "aliasSqlTable"):
				add(el, "aliasSqlTable of <"+el.Name+">")
			case a.Name == "sql" && (name == "condition" || name == "node"):
				add(el, "sql of <"+el.Name+">")
			case len(xtk.SQLData(a.Value)) > 0:
				add(el, a.Name+" of <"+el.Name+">")
			}
		}
		return true
	})
	if len(places) == 0 {
		return
	}
	p.ReportElement(root, "extension %s:%s of %s holds SQLData in %s: the postupgrade fails on it until each is rewritten with sub-queries, aggregates or joins",
		p.Entity.Namespace, p.Entity.Name, target, strings.Join(places, ", "))
}

// schOwnerLabel names the schema item holding el: the nearest field, link,
// filter, key or index with a name, e.g. "attribute ordersTotal" or
// "sysFilter readAccess".
func schOwnerLabel(root, el *xmltree.Element) string {
	for cur := el; cur != nil && cur != root; cur = cur.Parent {
		switch ln := cur.LocalName(); ln {
		case "attribute", "element", "sysFilter", "key", "dbindex", "compute-string", "enumeration", "method":
			if n := cur.AttrValue("name"); n != "" {
				return ln + " " + n
			}
			if ln == "compute-string" {
				return "compute-string"
			}
		}
	}
	return "<" + el.Name + ">"
}

// SysFilterRemoved flags extensions that delete a system filter of a
// built-in schema.
var SysFilterRemoved = &audit.Rule{
	ID:        "SCH-007",
	Name:      "builtin-sysfilter-removed",
	Title:     "System filter of a built-in schema removed by an extension",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatSchemas,
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
		URL: schDocSysFilters,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runSysFilterRemoved,
}

func runSysFilterRemoved(p *audit.Pass) {
	root := p.Entity.Root
	target, ok := schBuiltinExtension(root)
	if !ok {
		return
	}
	var removed []*xmltree.Element
	kept := map[*xmltree.Element][]string{} // parent → filters still declared
	root.Walk(func(el *xmltree.Element) bool {
		if !strings.EqualFold(el.LocalName(), "sysFilter") {
			return true
		}
		if schDeleted(el) {
			removed = append(removed, el)
		} else if el.Parent != nil {
			kept[el.Parent] = append(kept[el.Parent], schOr(el.AttrValue("name"), "(unnamed)"))
		}
		return false
	})
	for _, el := range removed {
		name := schOr(el.AttrValue("name"), "(unnamed)")
		note := ""
		if k := kept[el.Parent]; len(k) > 0 {
			note = "; the extension declares " + strings.Join(k, ", ") + " instead: check it grants no more than the default"
		}
		s, e := audit.AttrRange(el.AttrNode("_operation"))
		if schAdminWriteOnly[strings.ToLower(target)] && strings.EqualFold(name, "writeAccess") {
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
