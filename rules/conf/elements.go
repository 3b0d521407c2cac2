package conf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// each calls fn for every element named name (case-insensitive) of a
// server configuration.
func each(root *xmltree.Element, name string, fn func(el *xmltree.Element)) {
	root.Walk(func(el *xmltree.Element) bool {
		if strings.EqualFold(el.LocalName(), name) {
			fn(el)
		}
		return true
	})
}

// srvFalse reads an attribute value set to false or 0.
func srvFalse(v string) bool {
	v = strings.TrimSpace(v)
	return v == "0" || strings.EqualFold(v, "false")
}

// confValues calls fn for every attribute value and text of a server
// configuration. Comments, which the shipped file uses to document each
// node, are not values and are skipped.
func confValues(root *xmltree.Element, fn func(el *xmltree.Element, name, text string, span xmltree.Span)) {
	root.Walk(func(el *xmltree.Element) bool {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if a.Name == "label" {
				continue
			}
			fn(el, "@"+a.Name, a.Value, a.ValueSpan)
		}
		for _, c := range el.Children {
			if t, ok := c.(*xmltree.Text); ok && strings.TrimSpace(t.Data) != "" {
				fn(el, "", t.Data, t.Span)
			}
		}
		return true
	})
}

func where(el *xmltree.Element, name string) string {
	if name == "" {
		return "<" + el.Name + ">"
	}
	return name + " of <" + el.Name + ">"
}
