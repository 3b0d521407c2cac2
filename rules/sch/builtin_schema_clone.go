package sch

import (
	"fmt"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// SchemaClone flags custom schemas that duplicate a built-in instead of
// extending it.
var SchemaClone = &audit.Rule{
	ID:        "SCH-002",
	Name:      "builtin-schema-clone",
	Title:     "Built-in schema cloned into a custom namespace",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.Schemas,
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
		URL: docs.Migration,
	},
	Effort:   8,
	Schemas:  []string{"xtk:srcSchema"},
	Requires: []*audit.Collector{srcschema.FieldCollector},
	Run:      runSchemaClone,
}

// schLogTemplates are the built-ins documented as templates for custom log
// schemas.
var schLogTemplates = srcschema.Set("nms:broadLog", "nms:trackingLog", "nms:remaMatch")

// schCopyMarks returns what shows that a schema named like the built-in b
// was copied from it.
func schCopyMarks(root, main *xmltree.Element, b *srcschema.Builtin) []string {
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
	for _, el := range srcschema.TopElements(root) {
		a := el.AttrNode("sqltable")
		if a == nil {
			continue
		}
		schema, builtin := srcschema.BuiltinTable(a.Value)
		if !builtin {
			continue
		}
		owner := "a built-in table"
		if schema != "" {
			owner = "the table of the built-in " + schema
		}
		p.ReportAttr(a, "custom schema %s maps %s (%s) without extending it: two schemas creating and updating the same table diverge at the next structure update; extend %s instead, or give the table its own name",
			id, owner, srcschema.UnquoteIdent(a.Value), srcschema.Or(schema, "the built-in"))
		return
	}
	if !schOwnStorage(main) || schTemplateOf(main) != "" {
		return
	}
	at := root.AttrNode("name")
	var candidates []string
	for _, b := range srcschema.BuiltinsNamed(name) {
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
	own := srcschema.FieldNames(main)
	if len(candidates) == 0 || len(own) < schCloneMinFields {
		return
	}
	s, e := audit.AttrRange(at)
	f := p.Newf(s, e, "custom schema %s duplicates the built-in", id)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		for _, c := range candidates {
			theirs := srcschema.Fields.Values(ix, strings.ToLower(c))
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
