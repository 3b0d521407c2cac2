package custom_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/custom"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// explosive is cubic in the number of elements of the entity: on 45 KB it
// used to run for minutes.
const explosive = `//*[count(//*[count(//*)>0])>0]`

// rulesFile writes a file with a cheap rule and an explosive one; extra is
// inserted at the top of the file and into the explosive rule.
func rulesFile(fileExtra, ruleExtra string) string {
	return fileExtra + `rules:
  - id: CUS-030
    name: cheap
    title: Cheap
    severity: info
    xpath: /workflow/@internalName
    message: named {{.Value}}
    rationale: r
    remediation: R.
  - id: CUS-031
    name: explosive
    title: Explosive
    severity: error
    xpath: '` + explosive + `'
    message: found
    rationale: r
    remediation: R.
` + ruleExtra
}

// bigWorkflow is an entity of about size bytes of small elements.
func bigWorkflow(name string, size int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<workflow xtkschema="xtk:workflow" internalName=%q><activities>`, name)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `<js name="js%d" x="%d"/>`, i, i)
	}
	b.WriteString("</activities></workflow>")
	return b.String()
}

func scanWith(t testing.TB, rules []*audit.Rule, workers int, docs ...string) *driver.Result {
	t.Helper()
	var in []*source.Input
	for i, d := range docs {
		in = append(in, source.NewInput(fmt.Sprintf("w%02d.xml", i), []byte(d)))
	}
	return driver.Run(context.Background(), in, driver.Options{Rules: rules, Workers: workers})
}

// TestBudgetStopsTheRule: the explosive rule goes past its budget on the
// 45 KB entity. It is reported once, at its place in the rules file, as an
// internal problem; it is stopped and its findings are left out, whatever
// the number of workers; the other rule is unaffected. The bound is a
// count of steps, so the test does not depend on the machine's speed: the
// budget below lets the rule through on the small entities and not on the
// big one (cubic: 1,500 elements need billions of steps).
func TestBudgetStopsTheRule(t *testing.T) {
	rules, err := custom.Parse("r.yaml", []byte(rulesFile("budget: 100000\n", "")), builtin, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{bigWorkflow("small1", 100), bigWorkflow("big", 45<<10), bigWorkflow("small2", 100)}
	for _, workers := range []int{1, 2, 3} {
		res := scanWith(t, rules, workers, docs...)
		if len(res.Problems) != 1 {
			t.Fatalf("-j %d: problems %v", workers, res.Problems)
		}
		p := res.Problems[0]
		if !p.Internal || p.Severity != audit.SeverityError || !strings.HasPrefix(p.String(), "r.yaml:11:9: custom rule CUS-031 went past its budget of 100000 XPath steps") {
			t.Errorf("-j %d: problem %+v", workers, p)
		}
		var got []string
		for _, f := range res.Findings.Slice() {
			got = append(got, f.RuleID+" "+f.Message)
		}
		if want := "CUS-030 named small1|CUS-030 named big|CUS-030 named small2"; strings.Join(got, "|") != want {
			t.Errorf("-j %d: findings %s, want %s", workers, strings.Join(got, "|"), want)
		}
	}
}

// TestBudgetIsConfigurable: the rule's own budget wins over the file's,
// and the explosive rule runs to the end on small entities within it.
func TestBudgetIsConfigurable(t *testing.T) {
	small := bigWorkflow("small", 300)
	for _, tt := range []struct {
		file, rule string
		stopped    bool
	}{
		{"", "", false},            // the default is far above what 300 bytes need
		{"budget: 50\n", "", true}, // the file's budget
		{"budget: 50\n", "    budget: 100000000\n", false}, // the rule's own, larger
		{"", "    budget: 50\n", true},                     // the rule's own, smaller
	} {
		rules, err := custom.Parse("r.yaml", []byte(rulesFile(tt.file, tt.rule)), builtin, nil)
		if err != nil {
			t.Fatal(err)
		}
		res := scanWith(t, rules, 1, small)
		if stopped := len(res.Problems) > 0; stopped != tt.stopped {
			t.Errorf("file %q rule %q: problems %v, want stopped=%v", tt.file, tt.rule, res.Problems, tt.stopped)
		}
		if !tt.stopped && res.Findings.Len() < 2 {
			t.Errorf("file %q rule %q: findings %v", tt.file, tt.rule, res.Findings.Slice())
		}
	}
	for _, src := range []string{rulesFile("budget: 0\n", ""), rulesFile("", "    budget: -1\n")} {
		if _, err := custom.Parse("r.yaml", []byte(src), builtin, nil); err == nil || !strings.Contains(err.Error(), "budget must be 1 or more") {
			t.Errorf("got %v, want a budget error", err)
		}
	}
}

// TestDefaultBudgetBoundsTheWork: with the default budget, the explosive
// selector on 45 KB is stopped rather than run for minutes. What bounds
// the time is the step count (see TestBudgetStopsTheRule); this checks
// the default applies.
func TestDefaultBudgetBoundsTheWork(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates the default budget's worth of steps")
	}
	rules, err := custom.Parse("r.yaml", []byte(rulesFile("", "")), builtin, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := scanWith(t, rules, 1, bigWorkflow("big", 45<<10))
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, fmt.Sprintf("budget of %d XPath steps", custom.DefaultBudget)) {
		t.Fatalf("problems %v", res.Problems)
	}
}

func BenchmarkDefaultBudget(b *testing.B) {
	rules, err := custom.Parse("r.yaml", []byte(rulesFile("", "")), builtin, nil)
	if err != nil {
		b.Fatal(err)
	}
	doc := bigWorkflow("big", 45<<10)
	for b.Loop() {
		scanWith(b, rules, 1, doc)
	}
}
