package tz

import (
	"strings"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// dateFields returns the SQL date+time fields (type datetime or
// datetimetz, stored in a column rather than in an XML memo, not
// calculated, not deleted) declared under el.
func dateFields(el *xmltree.Element) []*xmltree.Element {
	var out []*xmltree.Element
	el.Walk(func(c *xmltree.Element) bool {
		ln := c.LocalName()
		if ln != "attribute" && ln != "element" {
			return true
		}
		if srcschema.Deleted(c) {
			return false
		}
		inXML := srcschema.IsTrue(c.AttrValue("xml")) && !srcschema.IsTrue(c.AttrValue("sql"))
		t := strings.ToLower(strings.TrimSpace(c.AttrValue("type")))
		if (t == "datetime" || t == "datetimetz") && c.AttrValue("expr") == "" && !inXML {
			out = append(out, c)
		}
		// The fields of an XML-stored element live in its memo, not in columns.
		return !inXML
	})
	return out
}

// nowDefault reports a default of the current date (GetDate()): the field
// records when something happened, an instant the conversion keeps right.
func nowDefault(v string) bool {
	v = strings.ToLower(strings.Join(strings.Fields(v), ""))
	return v == "getdate()" || v == "now()"
}

// names returns the name attributes of elements.
func names(els []*xmltree.Element) []string {
	out := make([]string, len(els))
	for i, el := range els {
		out[i] = el.AttrValue("name")
	}
	return out
}
