package driver_test

import (
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// optionFact and optionCollector are a test's own fact: the longValue of
// each xtk:option, placed.
var optionFact = audit.NewMax("test.option", audit.ComparePlaced)

var optionCollector = &audit.Collector{
	Name:    "test-options",
	Schemas: []string{"xtk:option"},
	Facts:   []audit.FactKind{optionFact},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		optionFact.Record(rec, u.Entity.Name, audit.PlaceOf(u, u.Entity.Root.AttrValue("longValue")))
	},
}

func requiring(r *audit.Rule, cs ...*audit.Collector) *audit.Rule {
	r.Requires = cs
	return r
}

// TestPlacedFactsIgnoreReadingOrder: two exports define one option with
// different values. Whichever entity the workers index last used to win,
// so the decision flipped with scheduling (and with argument order under
// -j 1); the last in file order wins, always.
func TestPlacedFactsIgnoreReadingOrder(t *testing.T) {
	opt := func(v string) string {
		return `<package><entities schema="xtk:option"><option name="o1" longValue="` + v + `"/></entities></package>`
	}
	rule := requiring(testRule("TST-001", func(p *audit.Pass) {
		if p.Entity.Schema != "xtk:workflow" {
			return
		}
		p.Defer(p.Newf(p.Entity.Root.Start, p.Entity.Root.Start+1, "option"), func(ix *audit.Index, f *audit.Finding) bool {
			v, _ := audit.Last(optionFact.Values(ix, "o1"))
			f.Message += " = " + v
			return true
		})
	}), optionCollector)
	want := "option = 0" // from b.xml, after a.xml
	for _, order := range [][]string{
		{"a.xml", opt("1"), "b.xml", opt("0"), "w.xml", workflow},
		{"w.xml", workflow, "b.xml", opt("0"), "a.xml", opt("1")},
	} {
		for _, workers := range []int{1, 2, 3} {
			res := run(t, driver.Options{Rules: []*audit.Rule{rule}, Workers: workers}, order...)
			if res.Findings.Len() != 1 || res.Findings.Slice()[0].Message != want {
				t.Fatalf("order %s,%s,%s -j %d: findings %+v, want one %q", order[0], order[2], order[4], workers, res.Findings.Slice(), want)
			}
		}
	}
}

// TestFactsAreSortedAndUnique: values come out sorted by the fact's order
// and without duplicates, whatever the order they were recorded in; keys
// come out sorted.
func TestFactsAreSortedAndUnique(t *testing.T) {
	words := audit.NewFact("test.words", strings.Compare)
	c := &audit.Collector{Name: "words", Facts: []audit.FactKind{words}, Collect: func(u *audit.Unit, rec *audit.Recorder) {
		for _, w := range strings.Fields(u.Entity.Root.AttrValue("label")) {
			words.Record(rec, u.Entity.Root.AttrValue("internalName"), w)
		}
	}}
	var got []string
	var keys []string
	rule := requiring(testRule("TST-001", func(p *audit.Pass) {
		p.Defer(p.Newf(0, 1, "x"), func(ix *audit.Index, f *audit.Finding) bool {
			got = words.Values(ix, "a")
			keys = words.Keys(ix)
			return false
		})
	}), c)
	var files []string
	for i, label := range []string{"c b a b", "a d c", "b a"} {
		files = append(files, string(rune('p'+i))+".xml", `<workflow xtkschema="xtk:workflow" internalName="a" label="`+label+`"/>`)
	}
	files = append(files, "z.xml", `<workflow xtkschema="xtk:workflow" internalName="k" label="x"/>`)
	run(t, driver.Options{Rules: []*audit.Rule{rule}, Workers: 3}, files...)
	if strings.Join(got, " ") != "a b c d" || strings.Join(keys, " ") != "a k" {
		t.Errorf("values %q keys %q, want a b c d and a k", got, keys)
	}
}

// TestFactsOnlyOfRequiredCollectors: a decision reading a fact that no
// collector of its rule's Requires records fails as an internal error,
// even when another enabled rule requires the collector: its result would
// otherwise change with the rules enabled. So does a collector recording
// a fact it does not declare, and a fact whose order cannot tell two
// values apart.
func TestFactsOnlyOfRequiredCollectors(t *testing.T) {
	opt := `<package><entities schema="xtk:option"><option name="o1" longValue="1"/></entities></package>`
	reader := testRule("TST-001", func(p *audit.Pass) {
		if p.Entity.Schema == "xtk:workflow" {
			p.Defer(p.Newf(0, 1, "x"), func(ix *audit.Index, f *audit.Finding) bool { return optionFact.Has(ix, "o1") })
		}
	})
	other := requiring(testRule("TST-002", func(*audit.Pass) {}), optionCollector)
	res := run(t, driver.Options{Rules: []*audit.Rule{reader, other}, Workers: 1}, "a.xml", opt, "w.xml", workflow)
	if probs := internalProblems(res); len(probs) != 1 || !strings.Contains(probs[0].Message, "rule TST-001 reads fact test.option, which no collector of its Requires records") {
		t.Errorf("problems %+v", res.Problems)
	}

	sneaky := &audit.Collector{Name: "sneaky", Facts: []audit.FactKind{audit.NewMarks("test.other")}, Collect: func(u *audit.Unit, rec *audit.Recorder) {
		optionFact.Record(rec, "o1", audit.PlaceOf(u, ""))
	}}
	res = run(t, driver.Options{Rules: []*audit.Rule{requiring(testRule("TST-003", func(*audit.Pass) {}), sneaky)}, Workers: 1}, "w.xml", workflow)
	if probs := internalProblems(res); len(probs) != 1 || !strings.Contains(probs[0].Message, "collector sneaky records fact test.option, which is not in its Facts") {
		t.Errorf("problems %+v", res.Problems)
	}

	loose := audit.NewFact("test.loose", func(a, b string) int { return 0 })
	c := &audit.Collector{Name: "loose", Facts: []audit.FactKind{loose}, Collect: func(u *audit.Unit, rec *audit.Recorder) {
		loose.Record(rec, "k", u.File)
	}}
	res = run(t, driver.Options{Rules: []*audit.Rule{requiring(testRule("TST-004", func(p *audit.Pass) {
		p.Defer(p.Newf(0, 1, "x"), func(ix *audit.Index, f *audit.Finding) bool { return len(loose.Values(ix, "k")) > 0 })
	}), c)}, Workers: 1}, "a.xml", workflow, "b.xml", workflow)
	if len(res.Problems) != 2 || !strings.Contains(res.Problems[0].Message, "fact test.loose: the order of its values compares two different values equal") {
		t.Errorf("problems %+v", res.Problems)
	}
}

// TestCollectorsFollowTheRules: the engine runs the collectors the
// enabled rules require, each once per entity however many rules require
// it.
func TestCollectorsFollowTheRules(t *testing.T) {
	calls := map[string]int{}
	mk := func(name string) *audit.Collector {
		return &audit.Collector{Name: name, Facts: []audit.FactKind{audit.NewMarks(name)}, Collect: func(*audit.Unit, *audit.Recorder) { calls[name]++ }}
	}
	a, b := mk("a"), mk("b")
	rules := []*audit.Rule{requiring(testRule("TST-001", reportRoot), a), requiring(testRule("TST-002", reportRoot), a, b)}
	run(t, driver.Options{Rules: rules, Workers: 1}, "w.xml", workflow)
	if calls["a"] != 1 || calls["b"] != 1 {
		t.Errorf("collector calls %v, want a and b once", calls)
	}
	run(t, driver.Options{Rules: rules[:1], Workers: 1}, "w.xml", workflow)
	if calls["a"] != 2 || calls["b"] != 1 {
		t.Errorf("collector calls %v, want b not run for TST-001 alone", calls)
	}
}
