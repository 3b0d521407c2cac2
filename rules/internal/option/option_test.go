package option

import (
	"context"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// TestValueIgnoresReadingOrder: when the scan exports an option twice,
// what deferred findings read must not depend on which file a worker
// happened to finish first: the last definition in file order wins, as
// when the files are imported in name order.
func TestValueIgnoresReadingOrder(t *testing.T) {
	Watch("Opt")
	a := source.NewInput("a.xml", []byte(`<package><entities schema="xtk:option"><option name="Opt" longValue="0"/></entities></package>`))
	b := source.NewInput("b.xml", []byte(`<package><entities schema="xtk:option"><option name="Opt" longValue="1"/><option name="Opt" longValue="2"/></entities></package>`))
	c := source.NewInput("c.xml", []byte(`<queryFilter name="f" schema="nms:recipient"/>`))
	for _, order := range [][]*source.Input{{a, b, c}, {b, a, c}, {c, b, a}} {
		var got string
		var ok bool
		rule := &audit.Rule{ID: "TST-001", Schemas: []string{"xtk:queryFilter"}, Requires: []*audit.Collector{Collector},
			Run: func(p *audit.Pass) {
				p.Defer(p.Newf(0, 0, "x"), func(ix *audit.Index, f *audit.Finding) bool {
					got, ok = Value(ix, "Opt")
					return false
				})
			}}
		for _, workers := range []int{1, 3} {
			res := driver.Run(context.Background(), order, driver.Options{Rules: []*audit.Rule{rule}, Workers: workers})
			if len(res.Problems) > 0 {
				t.Fatal(res.Problems)
			}
			if !ok || got != "2" {
				t.Errorf("inputs %s, %s, %s -j %d: option %q, want 2", order[0].Name, order[1].Name, order[2].Name, workers, got)
			}
		}
	}
}

// TestOnlyWatchedOptionsAreKept: the scan keeps the value of the options
// rules read, not of every option exported; reading one not declared
// with Watch is a mistake that fails loudly.
func TestOnlyWatchedOptionsAreKept(t *testing.T) {
	Watch("Kept")
	in := source.NewInput("a.xml", []byte(`<package><entities schema="xtk:option"><option name="Kept" longValue="1"/><option name="Other" stringValue="long text"/></entities></package>`))
	c := source.NewInput("c.xml", []byte(`<queryFilter name="f" schema="nms:recipient"/>`))
	var kept, other int
	rule := &audit.Rule{ID: "TST-001", Schemas: []string{"xtk:queryFilter"}, Requires: []*audit.Collector{Collector},
		Run: func(p *audit.Pass) {
			p.Defer(p.Newf(0, 0, "x"), func(ix *audit.Index, f *audit.Finding) bool {
				kept, other = len(Defined.Values(ix, "Kept")), len(Defined.Values(ix, "Other"))
				return false
			})
		}}
	res := driver.Run(context.Background(), []*source.Input{in, c}, driver.Options{Rules: []*audit.Rule{rule}})
	if len(res.Problems) > 0 {
		t.Fatal(res.Problems)
	}
	if kept != 1 || other != 0 {
		t.Errorf("values kept: watched %d, other %d; want 1 and 0", kept, other)
	}
	defer func() {
		if recover() == nil {
			t.Error("Value of an option not watched: no panic")
		}
	}()
	Value(nil, "NeverWatched")
}
