package audit_test

import (
	"context"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/source"
)

// TestIndexIgnoresReadingOrder: when the scan exports an option twice, or a
// SQL function in two lists, what deferred findings read must not depend on
// which file a worker happened to finish first: the last definition in file
// order wins for options, and for function lists (as when the files are imported in name order).
func TestIndexIgnoresReadingOrder(t *testing.T) {
	a := source.NewInput("a.xml", []byte(`<package><entities schema="xtk:option"><option name="Opt" longValue="0"/></entities>`+
		`<entities schema="xtk:funcList"><funcList name="first" namespace="cus"><function name="MyFn"/></funcList></entities></package>`))
	b := source.NewInput("b.xml", []byte(`<package><entities schema="xtk:option"><option name="Opt" longValue="1"/><option name="Opt" longValue="2"/></entities>`+
		`<entities schema="xtk:funcList"><funcList name="second" namespace="cus"><function name="myfn"/></funcList></entities></package>`))
	c := source.NewInput("c.xml", []byte(`<queryFilter name="f" schema="nms:recipient"/>`))
	read := func(inputs ...*source.Input) (opt, fn string) {
		rule := &audit.Rule{ID: "TST-001", Name: "t", Title: "t", Severity: audit.SeverityInfo, Category: "t",
			Schemas: []string{"xtk:queryFilter"},
			Run: func(p *audit.Pass) {
				p.Defer(p.Newf(0, 0, "x"), func(ix *audit.Index, f *audit.Finding) bool {
					opt, _ = ix.Option("Opt")
					fn, _ = ix.FunctionDeclared("MYFN")
					return false
				})
			}}
		res := audit.Run(context.Background(), inputs, audit.Options{Rules: []*audit.Rule{rule}, Workers: 1})
		if len(res.Problems) > 0 {
			t.Fatal(res.Problems)
		}
		return opt, fn
	}
	for _, order := range [][]*source.Input{{a, b, c}, {b, a, c}, {c, b, a}} {
		opt, fn := read(order...)
		if opt != "2" || fn != "cus:second" {
			t.Errorf("inputs %s, %s, %s: option %q, function declared by %q; want 2 and cus:second",
				order[0].Name, order[1].Name, order[2].Name, opt, fn)
		}
	}
}
