package driver_test

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

func testRule(id string, run func(*audit.Pass)) *audit.Rule {
	return &audit.Rule{ID: id, Name: strings.ToLower(id), Title: "Test", Severity: audit.SeverityError, Category: "Test", Run: run}
}

// reportRoot reports every entity at its root element.
func reportRoot(p *audit.Pass) { p.ReportElement(p.Entity.Root, "seen %s", p.Entity.ID()) }

func run(t *testing.T, opt driver.Options, files ...string) *driver.Result {
	t.Helper()
	var in []*source.Input
	for i := 0; i+1 < len(files); i += 2 {
		in = append(in, source.NewInput(files[i], []byte(files[i+1])))
	}
	return driver.Run(context.Background(), in, opt)
}

func internalProblems(res *driver.Result) []audit.Problem {
	var out []audit.Problem
	for _, p := range res.Problems {
		if p.Internal {
			out = append(out, p)
		}
	}
	return out
}

const workflow = `<workflow xtkschema="xtk:workflow" internalName="wkfA"/>`

// TestPanicsInEveryPhaseAreInternalErrors: a panic in a deferred decision
// used to crash the whole scan. Each phase now reports it at its place, as
// an internal error, and the other findings are kept.
func TestPanicsInEveryPhaseAreInternalErrors(t *testing.T) {
	boom := func() { panic("boom") }
	cases := map[string]struct {
		opt  driver.Options
		want string
	}{
		"rule": {driver.Options{Rules: []*audit.Rule{testRule("TST-002", func(*audit.Pass) { boom() })}}, "internal error in rule TST-002 on xtk:workflow wkfA: boom"},
		"deferred": {driver.Options{Rules: []*audit.Rule{testRule("TST-003", func(p *audit.Pass) {
			p.Defer(p.Newf(0, 1, "x"), func(*audit.Index, *audit.Finding) bool { boom(); return true })
		})}}, "internal error in rule TST-003 deciding a finding on xtk:workflow wkfA: boom"},
		"collector": {driver.Options{Rules: []*audit.Rule{requiring(testRule("TST-005", func(*audit.Pass) {}),
			&audit.Collector{Name: "c", Facts: []audit.FactKind{optionFact}, Collect: func(*audit.Unit, *audit.Recorder) { boom() }})}},
			"internal error in collector c on xtk:workflow wkfA: boom"},
		"onunit":    {driver.Options{OnUnit: func(*audit.Unit) { boom() }}, "internal error listing the entity on xtk:workflow wkfA: boom"},
		"directive": {driver.Options{Directives: func(*audit.Unit) []audit.Directive { boom(); return nil }}, "internal error reading the suppression comments on xtk:workflow wkfA: boom"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			c.opt.Rules = append(c.opt.Rules, testRule("TST-009", reportRoot))
			res := run(t, c.opt, "w.xml", workflow)
			probs := internalProblems(res)
			if len(probs) != 1 || probs[0].Message != c.want || probs[0].File != "w.xml" || probs[0].Line != 1 {
				t.Fatalf("problems %+v, want one internal %q at w.xml:1", res.Problems, c.want)
			}
			if probs[0].Severity != audit.SeverityError || !res.HasInternalErrors() || !res.HasErrors() {
				t.Errorf("problem %+v: want an internal error", probs[0])
			}
			if probs[0].Detail == "" || strings.Contains(probs[0].Message, "goroutine") {
				t.Errorf("the stack belongs in Detail, not in the message: %+v", probs[0])
			}
			if res.Findings.Len() != 1 || res.Findings.Slice()[0].RuleID != "TST-009" {
				t.Errorf("findings %+v: want the other rule's finding kept", res.Findings.Slice())
			}
		})
	}
}

// TestFailStopsTheRule: a rule that gives up runs on no further entity and
// none of its findings stay, whatever entities it had already seen, so
// that the report is the same with any number of workers.
func TestFailStopsTheRule(t *testing.T) {
	const n = 50
	var files []string
	for i := range n {
		files = append(files, "f"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+".xml", workflow)
	}
	for _, workers := range []int{1, 2, 8} {
		var calls atomic.Int64
		rule := testRule("TST-004", func(p *audit.Pass) {
			calls.Add(1)
			reportRoot(p)
			if p.File == "fj.xml" {
				p.Fail(audit.Problem{File: "rules.yaml", Line: 3, Col: 5, Message: "gave up"})
			}
		})
		res := run(t, driver.Options{Rules: []*audit.Rule{rule, testRule("TST-009", reportRoot)}, Workers: workers}, files...)
		probs := internalProblems(res)
		if len(probs) != 1 || probs[0].String() != "rules.yaml:3:5: gave up" || probs[0].Severity != audit.SeverityError {
			t.Fatalf("-j %d: problems %+v", workers, res.Problems)
		}
		for _, f := range res.Findings.Slice() {
			if f.RuleID == "TST-004" {
				t.Fatalf("-j %d: finding of the stopped rule kept: %+v", workers, f)
			}
		}
		if res.Findings.Len() != n {
			t.Errorf("-j %d: %d findings, want the %d of the other rule", workers, res.Findings.Len(), n)
		}
		if len(res.Rules) != 1 || res.Rules[0].ID != "TST-009" {
			t.Errorf("-j %d: rules that ran %v, want TST-009 alone", workers, res.Rules)
		}
		if workers == 1 && calls.Load() != 10 {
			t.Errorf("-j 1: the rule ran on %d entities, want 10 (it stops at the tenth file)", calls.Load())
		}
	}
}

// TestPanicWhileReadingIsAnInternalError: a reader that panics fails its
// file, and the other inputs are still scanned.
func TestPanicWhileReadingIsAnInternalError(t *testing.T) {
	broken := &source.Input{Name: "broken.xml"} // no opener: Open panics
	res := driver.Run(context.Background(), []*source.Input{broken, source.NewInput("w.xml", []byte(workflow))},
		driver.Options{Rules: []*audit.Rule{testRule("TST-009", reportRoot)}, Workers: 1})
	probs := internalProblems(res)
	if len(probs) != 1 || probs[0].File != "broken.xml" || !strings.HasPrefix(probs[0].Message, "internal error reading the file") {
		t.Fatalf("problems %+v", res.Problems)
	}
	if res.Findings.Len() != 1 || res.Findings.Slice()[0].File != "w.xml" || !res.Files[0].Failed {
		t.Errorf("findings %+v files %+v", res.Findings.Slice(), res.Files)
	}
}

// Rules of one entity run in one recover frame: after each panic the
// rules that follow still run, on every entity.
func TestRulesAfterPanicsStillRun(t *testing.T) {
	boom := func(*audit.Pass) { panic("boom") }
	opt := driver.Options{Rules: []*audit.Rule{
		testRule("TST-011", boom), testRule("TST-012", reportRoot),
		testRule("TST-013", boom), testRule("TST-014", reportRoot),
	}}
	res := run(t, opt, "a.xml", workflow, "b.xml", strings.Replace(workflow, "wkfA", "wkfB", 1))
	var got []string
	for _, p := range internalProblems(res) {
		got = append(got, p.File+" "+p.Message)
	}
	for _, f := range res.Findings.Slice() {
		got = append(got, f.File+" "+f.RuleID)
	}
	want := []string{
		"a.xml internal error in rule TST-011 on xtk:workflow wkfA: boom",
		"a.xml internal error in rule TST-013 on xtk:workflow wkfA: boom",
		"b.xml internal error in rule TST-011 on xtk:workflow wkfB: boom",
		"b.xml internal error in rule TST-013 on xtk:workflow wkfB: boom",
		"a.xml TST-012", "a.xml TST-014", "b.xml TST-012", "b.xml TST-014",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOnCheckedFollowsEveryEntity: OnChecked is called once, after the
// rules ran on every entity and before the deferred decisions.
func TestOnCheckedFollowsEveryEntity(t *testing.T) {
	var units, calls, decidedBefore atomic.Int32
	var unitsAtCall int32
	rule := testRule("TST-001", func(p *audit.Pass) {
		units.Add(1)
		p.Defer(p.Newf(0, 1, "x"), func(*audit.Index, *audit.Finding) bool {
			if calls.Load() == 0 {
				decidedBefore.Add(1)
			}
			return false
		})
	})
	files := []string{"a.xml", workflow, "b.xml", workflow, "c.xml", workflow}
	for _, workers := range []int{1, 3} {
		units.Store(0)
		calls.Store(0)
		decidedBefore.Store(0)
		run(t, driver.Options{Rules: []*audit.Rule{rule}, Workers: workers, OnChecked: func() {
			calls.Add(1)
			unitsAtCall = units.Load()
		}}, files...)
		if calls.Load() != 1 || unitsAtCall != 3 || decidedBefore.Load() != 0 {
			t.Errorf("-j %d: %d calls, after %d of 3 entities, %d decisions before", workers, calls.Load(), unitsAtCall, decidedBefore.Load())
		}
	}
}

// TestDeferWithCarriesArgs: the values given to DeferWith reach the
// decision (after the finding was packed), and a kept finding reports
// without them.
func TestDeferWithCarriesArgs(t *testing.T) {
	var seen []string
	decide := func(ix *audit.Index, f *audit.Finding) bool {
		seen = append(seen, strings.Join(f.DeferredArgs(), "|"))
		return f.DeferredArgs()[0] == "keep"
	}
	rule := testRule("TST-001", func(p *audit.Pass) {
		p.DeferWith(p.Newf(0, 1, "kept"), decide, "keep", p.Entity.Key)
		p.DeferWith(p.Newf(1, 2, "dropped"), decide, "drop", "")
	})
	res := run(t, driver.Options{Rules: []*audit.Rule{rule}}, "a.xml", workflow)
	if strings.Join(seen, ",") != "keep|wkfA,drop|" {
		t.Errorf("decisions saw %q", seen)
	}
	if res.Findings.Len() != 1 || res.Findings.Slice()[0].Message != "kept" || res.Findings.Slice()[0].DeferredArgs() != nil {
		t.Errorf("findings %+v, want the kept one, without its args", res.Findings.Slice())
	}
}

// TestKeywordsSkipEntities: a rule that declares keywords runs on the
// entities whose source holds one of them, in any case (or a character
// reference, which could spell one), and on no other.
func TestKeywordsSkipEntities(t *testing.T) {
	var seen []string
	rule := testRule("TST-001", func(p *audit.Pass) { seen = append(seen, p.Entity.Key) })
	rule.Keywords = []string{"sqlexec", "neolane"}
	files := []string{
		"a.xml", `<workflow xtkschema="xtk:workflow" internalName="wkfA"><script>sqlExec("x")</script></workflow>`,
		"b.xml", `<workflow xtkschema="xtk:workflow" internalName="wkfB"><script>logInfo("x")</script></workflow>`,
		"c.xml", `<workflow xtkschema="xtk:workflow" internalName="wkfC" label="NEOLANE"/>`,
		"d.xml", `<workflow xtkschema="xtk:workflow" internalName="wkfD" label="&#78;eolane"/>`,
	}
	run(t, driver.Options{Rules: []*audit.Rule{rule}, Workers: 1}, files...)
	slices.Sort(seen)
	if got := strings.Join(seen, " "); got != "wkfA wkfC wkfD" {
		t.Errorf("the rule ran on %q, want wkfA wkfC wkfD", got)
	}
}
