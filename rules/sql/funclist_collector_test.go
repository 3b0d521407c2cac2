package sql

import (
	"context"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// TestFunctionDeclaredIgnoresReadingOrder: when two function lists of the
// scan declare one SQL function, the list placed last (by file, then
// position) declares it, whatever the order the workers read the files;
// the configuration's functions come first.
func TestFunctionDeclaredIgnoresReadingOrder(t *testing.T) {
	a := source.NewInput("a.xml", []byte(`<package><entities schema="xtk:funcList"><funcList name="first" namespace="cus"><function name="MyFn"/></funcList></entities></package>`))
	b := source.NewInput("b.xml", []byte(`<package><entities schema="xtk:funcList"><funcList name="second" namespace="cus"><function name="myfn"/></funcList></entities></package>`))
	c := source.NewInput("c.xml", []byte(`<queryFilter name="f" schema="nms:recipient"/>`))
	check := func(order []*source.Input, allow []string, want string) {
		t.Helper()
		var got string
		rule := &audit.Rule{ID: "TST-001", Schemas: []string{"xtk:queryFilter"}, Requires: []*audit.Collector{FuncListCollector},
			Run: func(p *audit.Pass) {
				p.Defer(p.Newf(0, 0, "x"), func(ix *audit.Index, f *audit.Finding) bool {
					got, _ = functionDeclared(ix, "MYFN")
					return false
				})
			}}
		res := driver.Run(context.Background(), order, driver.Options{Rules: []*audit.Rule{rule}, Workers: 2, Facts: AllowFunctions(allow)})
		if len(res.Problems) > 0 {
			t.Fatal(res.Problems)
		}
		if got != want {
			t.Errorf("inputs %s, %s, %s, allowed %v: declared by %q, want %q", order[0].Name, order[1].Name, order[2].Name, allow, got, want)
		}
	}
	for _, order := range [][]*source.Input{{a, b, c}, {b, a, c}, {c, b, a}} {
		check(order, nil, "cus:second")
		check(order, []string{"myFN"}, "configuration")
	}
}
