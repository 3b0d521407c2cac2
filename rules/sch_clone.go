package rules

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// SchemaClone flags custom schemas that duplicate a built-in instead of
// extending it.
var SchemaClone = &audit.Rule{
	ID:        "SCH-002",
	Name:      "builtin-schema-clone",
	Title:     "Built-in schema cloned into a custom namespace",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  schCatSchemas,
	Doc: audit.Doc{
		Rationale: "The migration guide asks for \"particular attention\" to \"out-of-the-box schema cloning\". A custom " +
			"source schema without extendedSchema that maps the SQL table of a built-in (sqltable=\"NmsRecipient\", " +
			"compared case-insensitively, database prefixes and quotes ignored) makes two schemas create and update " +
			"the same table: the next database structure update or upgrade applies both definitions and they " +
			"diverge. A custom schema with the name of a built-in, a table and key of its own, and a copy mark of " +
			"the built-in (its icon such as img=\"nms:recipient.png\", a computed string ending in \"(nms)\", " +
			"template=\"nms:recipient\", or — when the scan holds the built-in's source or generated schema — most of " +
			"its fields) duplicates its structure in a second table. Extensions, view=\"true\" " +
			"mappings of existing tables, federated (dataSource) schemas and log schemas built on the documented " +
			"templates (nms:broadLog, nms:trackingLog, nms:remaMatch) are not clones. The clone criteria are " +
			"inferred: the documentation only names the practice.",
		Remediation: "Turn the clone into an extension of the built-in (`<srcSchema name=\"recipient\" namespace=\"cus\" " +
			"extendedSchema=\"nms:recipient\">`) and move its data; or, when a separate table is really needed, give it " +
			"its own `sqltable` (e.g. `CusRecipientArchive`) and its own key sequence.",
		Bad: `<srcSchema name="recipient" namespace="cus" img="nms:recipient.png" label="Recipients" xtkschema="xtk:srcSchema">
  <element name="recipient" sqltable="NmsRecipient" autopk="true">
    <attribute name="email" type="string" length="80" sqlname="sEmail"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" img="nms:recipient.png" label="Recipients" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="branchCode" type="long"/>
  </element>
</srcSchema>`,
		URL: schDocMigration,
	},
	Effort:  8,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runSchemaClone,
}

// schCustomStandalone returns the facts SCH-002 and SCH-005 share about a
// custom source schema without extendedSchema, or ok=false when the schema
// is out of their scope (reserved namespace, extension, deletion, view,
// federated data source, file mapping, library).
func schCustomStandalone(p *audit.Pass) (ns, name string, main *xmltree.Element, ok bool) {
	root := p.Entity.Root
	ns, name = strings.TrimSpace(p.Entity.Namespace), strings.TrimSpace(p.Entity.Name)
	if ns == "" || name == "" || schIsReserved(ns) || schDeleted(root) || schIsReference(root) {
		return "", "", nil, false
	}
	if t, _ := schExtended(root); t != "" {
		return "", "", nil, false
	}
	if schIsTrue(root.AttrValue("view")) || schIsTrue(root.AttrValue("library")) || root.AttrValue("dataSource") != "" {
		return "", "", nil, false
	}
	if mt := strings.TrimSpace(root.AttrValue("mappingType")); mt != "" && !strings.EqualFold(mt, "sql") {
		return "", "", nil, false
	}
	for _, el := range schTopElements(root) {
		if el.AttrValue("dataSource") != "" {
			return "", "", nil, false
		}
	}
	return ns, name, schMainElement(root, name), true
}

// schLogTemplates are the built-ins documented as templates for custom log
// schemas.
var schLogTemplates = schSet("nms:broadLog", "nms:trackingLog", "nms:remaMatch")

// schCopyMarks returns what shows that a schema named like the built-in b
// was copied from it.
func schCopyMarks(root, main *xmltree.Element, b *schBuiltin) []string {
	var marks []string
	ns, bname, _ := strings.Cut(b.ID, ":")
	icon := strings.ToLower(ns + ":" + bname + ".png")
	for _, el := range []*xmltree.Element{root, main} {
		if el != nil && strings.ToLower(strings.TrimSpace(el.AttrValue("img"))) == icon {
			marks = append(marks, `the built-in's icon img="`+el.AttrValue("img")+`"`)
			break
		}
	}
	if cs := strings.TrimSpace(root.AttrValue("_cs")); strings.HasSuffix(strings.ToLower(cs), "("+ns+")") {
		marks = append(marks, `the computed string "`+cs+`"`)
	}
	if main != nil && strings.EqualFold(strings.TrimSpace(main.AttrValue("template")), b.ID) {
		marks = append(marks, `template="`+main.AttrValue("template")+`"`)
	}
	return marks
}

// schOwnStorage reports whether a main element declares a table of its
// own: a table name, an automatic key, a key sequence or a key.
func schOwnStorage(main *xmltree.Element) bool {
	if main == nil {
		return false
	}
	if main.AttrValue("sqltable") != "" || schIsTrue(main.AttrValue("autopk")) || main.AttrValue("pkSequence") != "" {
		return true
	}
	return main.Child("key") != nil
}

// schTemplateOf returns the built-in template of a main element when it is
// one of the documented log templates.
func schTemplateOf(main *xmltree.Element) string {
	if main == nil {
		return ""
	}
	t := strings.TrimSpace(main.AttrValue("template"))
	if schLogTemplates[strings.ToLower(t)] {
		return t
	}
	return ""
}

func runSchemaClone(p *audit.Pass) {
	ns, name, main, ok := schCustomStandalone(p)
	if !ok {
		return
	}
	root := p.Entity.Root
	id := ns + ":" + name
	for _, el := range schTopElements(root) {
		a := el.AttrNode("sqltable")
		if a == nil {
			continue
		}
		schema, builtin := schBuiltinTable(a.Value)
		if !builtin {
			continue
		}
		owner := "a built-in table"
		if schema != "" {
			owner = "the table of the built-in " + schema
		}
		p.ReportAttr(a, "custom schema %s maps %s (%s) without extending it: two schemas creating and updating the same table diverge at the next structure update; extend %s instead, or give the table its own name",
			id, owner, schUnquoteIdent(a.Value), schOr(schema, "the built-in"))
		return
	}
	if !schOwnStorage(main) || schTemplateOf(main) != "" {
		return
	}
	at := root.AttrNode("name")
	var candidates []string
	for _, b := range schBuiltinsNamed(name) {
		if strings.ContainsAny(b.Flags, "TIWR") {
			continue
		}
		if marks := schCopyMarks(root, main, b); len(marks) > 0 {
			p.ReportAttr(at, "custom schema %s duplicates the built-in %s (same name, a table of its own, %s) instead of extending it; use extendedSchema=\"%s\" or a distinct schema",
				id, b.ID, strings.Join(marks, ", "), b.ID)
			return
		}
		candidates = append(candidates, b.ID)
	}
	// Without a copy mark, compare the fields with those of the built-in
	// when the scan holds its definition.
	own := schFieldNames(main)
	if len(candidates) == 0 || len(own) < schCloneMinFields {
		return
	}
	s, e := audit.AttrRange(at)
	f := p.Newf(s, e, "custom schema %s duplicates the built-in", id)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		for _, c := range candidates {
			theirs := ix.Facts(schFactFields, strings.ToLower(c))
			common := 0
			for _, n := range own {
				if _, found := slices.BinarySearch(theirs, n); found {
					common++
				}
			}
			if common >= schCloneMinFields && common*10 >= len(own)*schCloneShare {
				f.Message += fmt.Sprintf(" %s (same name, a table of its own, %d of its %d fields also in the %s of the scan) instead of extending it; use extendedSchema=\"%s\" or a distinct schema",
					c, common, len(own), c, c)
				return true
			}
		}
		return false
	})
}

// A custom schema named like a built-in whose fields are mostly the
// built-in's (at least schCloneMinFields fields and schCloneShare tenths of
// its own) is a copy of it.
const (
	schCloneMinFields = 3
	schCloneShare     = 6
)

// schOr returns s, or def when s is empty.
func schOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// BrokenExtension flags schema extensions that are not declared as such,
// or declared wrongly.
var BrokenExtension = &audit.Rule{
	ID:        "SCH-005",
	Name:      "broken-extension-declaration",
	Title:     "Schema extension without a valid extendedSchema declaration",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatSchemas,
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
		URL: schDocSchemaEdit,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runBrokenExtension,
}

var schIDPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*$`)

func runBrokenExtension(p *audit.Pass) {
	root := p.Entity.Root
	if schDeleted(root) || schIsReference(root) {
		return
	}
	if target, a := schExtended(root); target != "" {
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
	for _, b := range schBuiltinsNamed(name) {
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
	if b := schBuiltinSchema(target); b != nil && b.ID != target {
		p.ReportAttr(a, "extendedSchema=%q of %s differs from the built-in %s only by case: schema names are case-sensitive", a.Value, id, b.ID)
		return
	}
	tns, tname, _ := strings.Cut(target, ":")
	root := p.Entity.Root
	if tops := schTopElements(root); len(tops) > 0 && schMainElement(root, tname) == nil {
		el := tops[0]
		p.ReportElement(el, "extension %s of %s has no main element named %q: the fields of <element name=%q> are not merged into %s",
			id, target, tname, el.AttrValue("name"), target)
	}
	lower := strings.ToLower(target)
	self := strings.ToLower(id)
	f := p.Newf(a.NameOff, a.ValueSpan.File(len(a.Value))+1, "")
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if lower == self {
			f.Message = "extension " + id + " names itself in extendedSchema"
			return true
		}
		if base := ix.Facts(schFactExtends, lower); len(base) > 0 {
			f.Message = "extension " + id + " extends " + target + ", which is itself an extension of " + base[0] +
				": an extension has no schema of its own; extend " + base[0] + " directly"
			return true
		}
		if !schIsReserved(tns) && !ix.HasFact(schFactExtends, lower) && !ix.HasFact(schFactSchema, lower) &&
			ix.HasFact(schFactNamespace, strings.ToLower(tns)) {
			// The export may be partial: a warning, not an error.
			f.Severity = audit.SeverityWarning
			f.Message = "extension " + id + " extends " + target + ", which is not in the scan although other " + tns +
				" schemas are: check the schema id"
			return true
		}
		return false
	})
}
