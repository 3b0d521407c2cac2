package audit_test

import (
	"context"
	"slices"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Elements lists what a walk that prunes descriptive elements visits, in
// the same order, and ElementsNamed picks from it by local name.
func TestElements(t *testing.T) {
	doc := `<workflow><desc><script>not code</script></desc>` +
		`<activities><js:script xmlns:js="x">a</js:script><label>l</label><query><where/></query><script>b</script></activities></workflow>`
	names := func(els []*xmltree.Element) []string {
		var out []string
		for _, el := range els {
			out = append(out, el.Name)
		}
		return out
	}
	var all, scripts, none []string
	var walked []string
	rule := &audit.Rule{ID: "TST-001", Name: "t", Title: "t", Severity: audit.SeverityInfo, Category: "t",
		Run: func(p *audit.Pass) {
			all = names(p.Elements())
			scripts = names(p.ElementsNamed("script"))
			none = names(p.ElementsNamed("desc"))
			root := p.Entity.Root
			root.Walk(func(el *xmltree.Element) bool {
				switch el.LocalName() {
				case "desc", "label":
					if el != root {
						return false
					}
				}
				walked = append(walked, el.Name)
				return true
			})
		}}
	driver.Run(context.Background(), []*source.Input{source.NewInput("a.xml", []byte(doc))}, driver.Options{Rules: []*audit.Rule{rule}, Workers: 1})
	if want := []string{"workflow", "activities", "js:script", "query", "where", "script"}; !slices.Equal(all, want) {
		t.Errorf("Elements = %v, want %v", all, want)
	}
	if !slices.Equal(all, walked) {
		t.Errorf("Elements = %v, the pruned walk visits %v", all, walked)
	}
	if want := []string{"js:script", "script"}; !slices.Equal(scripts, want) {
		t.Errorf(`ElementsNamed("script") = %v, want %v`, scripts, want)
	}
	if len(none) != 0 {
		t.Errorf(`ElementsNamed("desc") = %v: descriptive elements are left out`, none)
	}
}
