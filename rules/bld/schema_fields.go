package bld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// Facts about the custom schemas defined by the scan, for queries that
// must name existing fields and sort on the primary key. Keys are schema
// ids (ns:name); paths are relative to the main element ("@a", "sub/@b",
// "link").
var (
	// schemaDefined: each schema whose own definition is in the scan.
	schemaDefined = audit.NewMarks("bld.schema.defined")
	// schemaOpen: path prefixes whose content is not known ("" = all).
	schemaOpen = audit.NewFact("bld.schema.open", strings.Compare)
	// schemaFields: the fields, schemaLinks: those that are links.
	schemaFields = audit.NewFact("bld.schema.field", strings.Compare)
	schemaLinks  = audit.NewFact("bld.schema.link", strings.Compare)
	// schemaKeys: the paths of the primary key.
	schemaKeys = audit.NewFact("bld.schema.key", strings.Compare)
)

// SchemaCollector records the fields, links and keys of the custom
// schemas of the scan (definitions and extensions).
var SchemaCollector = &audit.Collector{
	Name:    "bld-schema-fields",
	Schemas: []string{"xtk:srcSchema"},
	Facts:   []audit.FactKind{schemaDefined, schemaOpen, schemaFields, schemaLinks, schemaKeys},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		e := u.Entity
		if e.Key == "" || !strings.Contains(e.Key, ":") {
			return
		}
		target := e.Key
		ext := strings.TrimSpace(e.Root.AttrValue("extendedSchema"))
		if ext != "" {
			target = ext
		}
		// Built-in schemas are never wholly in an export: their fields
		// cannot be checked, and recording them would only cost memory.
		if ns, _, _ := strings.Cut(target, ":"); jsflow.ReservedNamespaces[ns] {
			// Its links still give custom schemas their reverse links
			// (an nms:recipient extension linking cus:order).
			_, name, _ := strings.Cut(target, ":")
			e.Root.Walk(func(el *xmltree.Element) bool {
				if el.LocalName() == "element" && el.AttrValue("type") == "link" {
					recordReverseLink(rec, el, name)
				}
				return true
			})
			return
		}
		if ext == "" {
			schemaDefined.Record(rec, target, audit.Mark{})
		}
		_, rootName, _ := strings.Cut(target, ":")
		var main *xmltree.Element
		for _, el := range e.Root.Elements() {
			if n := el.AttrValue("name"); el.LocalName() == "element" && (n == e.Name || n == rootName) {
				main = el
			}
		}
		if main == nil {
			schemaOpen.Record(rec, target, "")
			return
		}
		if main.AttrValue("autopk") == "true" {
			schemaFields.Record(rec, target, "@id")
			schemaKeys.Record(rec, target, "@id")
		}
		var walk func(el *xmltree.Element, prefix string)
		walk = func(el *xmltree.Element, prefix string) {
			// template, ref and aggregate copy content defined elsewhere.
			if el.AttrValue("template") != "" || el.AttrValue("ref") != "" || el.AttrValue("aggregate") != "" {
				schemaOpen.Record(rec, target, prefix)
			}
			for _, c := range el.Elements() {
				name := c.AttrValue("name")
				switch c.LocalName() {
				case "attribute":
					if name != "" {
						schemaFields.Record(rec, target, prefix+"@"+name)
					}
					if c.AttrValue("ref") != "" {
						schemaOpen.Record(rec, target, prefix)
					}
				case "element":
					if name == "" {
						if c.AttrValue("ref") != "" {
							schemaOpen.Record(rec, target, prefix)
						}
						continue
					}
					if agg := strings.TrimSpace(c.AttrValue("aggregate")); agg != "" {
						recordAggregate(rec, target, prefix, agg)
					}
					schemaFields.Record(rec, target, prefix+name)
					if c.AttrValue("type") == "link" {
						schemaLinks.Record(rec, target, prefix+name)
						recordReverseLink(rec, c, rootName)
						continue
					}
					walk(c, prefix+name+"/")
				case "key":
					if c.AttrValue("internal") == "true" {
						for _, kf := range c.Elements() {
							if x := kf.AttrValue("xpath"); x != "" {
								schemaKeys.Record(rec, target, x)
							}
						}
					}
				}
			}
		}
		walk(main, "")
	},
}

// auditTrailFields are the fields xtk:common:auditTrail adds where it is
// aggregated (links marked by a trailing /).
var auditTrailFields = []string{"@created", "@lastModified", "@createdBy-id", "@modifiedBy-id", "createdBy/", "modifiedBy/"}

// recordAggregate records what an aggregated element brings to the element
// holding it: the audit trail's known fields, else an open prefix (the
// copied definition is in a schema the scan may not hold).
func recordAggregate(rec *audit.Recorder, target, prefix, agg string) {
	if agg != "xtk:common:auditTrail" {
		schemaOpen.Record(rec, target, prefix)
		return
	}
	for _, f := range auditTrailFields {
		if l, ok := strings.CutSuffix(f, "/"); ok {
			schemaFields.Record(rec, target, prefix+l)
			schemaLinks.Record(rec, target, prefix+l)
			continue
		}
		schemaFields.Record(rec, target, prefix+f)
	}
}

// recordReverseLink gives the target of a link the reverse link the
// platform generates on it: named by revLink, else after the linking
// schema ("_NONE_": no reverse link).
func recordReverseLink(rec *audit.Recorder, link *xmltree.Element, source string) {
	target := strings.TrimSpace(link.AttrValue("target"))
	if ns, _, ok := strings.Cut(target, ":"); !ok || jsflow.ReservedNamespaces[ns] {
		return
	}
	rev := strings.TrimSpace(or(link.AttrValue("revLink"), source))
	if rev == "" || rev == "_NONE_" {
		return
	}
	schemaFields.Record(rec, target, rev)
	schemaLinks.Record(rec, target, rev)
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
