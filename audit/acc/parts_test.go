package acc

import (
	"reflect"
	"testing"

	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// Parts splits a code block's template once and gives what SplitTemplate
// gives; text without a block has none.
func TestCodePartsSplitOnce(t *testing.T) {
	c := &Code{Lang: Template, Text: `<%@ page import="cus:a.js" %><p><%= x %></p><% y(); %>`}
	first := c.Parts()
	if !reflect.DeepEqual(first, jsscan.SplitTemplate(c.Text)) {
		t.Fatalf("parts %+v, want SplitTemplate's", first)
	}
	if again := c.Parts(); len(again) == 0 || &again[0] != &first[0] {
		t.Error("parts split again")
	}
	if p := (&Code{Lang: Template, Text: "<p>plain</p>"}).Parts(); p != nil {
		t.Errorf("plain text: parts %+v", p)
	}
}
