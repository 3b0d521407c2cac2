package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// v8FFDASource is the data source of the tables v8 Enterprise keeps in
// Snowflake.
const v8FFDASource = "nms:extaccount:ffda"

// v8CustomTable returns the main element of a srcSchema that creates a
// table of its own in a customer namespace: not an extension, not a view,
// not a reserved namespace, not a deletion.
func v8CustomTable(p *audit.Pass) *xmltree.Element {
	root := p.Entity.Root
	if !v8Live(p) {
		return nil
	}
	if t, _ := srcschema.Extended(root); t != "" || srcschema.IsReserved(root.AttrValue("namespace")) {
		return nil
	}
	main := srcschema.MainElement(root, root.AttrValue("name"))
	if main == nil || srcschema.IsTrue(main.AttrValue("view")) {
		return nil
	}
	for _, el := range []*xmltree.Element{main, root} {
		if m := strings.ToLower(strings.TrimSpace(el.AttrValue("mappingType"))); m != "" && m != "sql" {
			return nil
		}
	}
	return main
}

// v8DataSource returns the data source a schema's main element or root
// names, lower-cased, or "".
func v8DataSource(root, main *xmltree.Element) string {
	for _, el := range []*xmltree.Element{main, root} {
		if el != nil {
			if v := strings.TrimSpace(el.AttrValue("dataSource")); v != "" {
				return strings.ToLower(v)
			}
		}
	}
	return ""
}
