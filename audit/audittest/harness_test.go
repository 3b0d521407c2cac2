package audittest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// flagBad is the rule under test of the harness's own tests: it reports
// every <bad/> element.
var flagBad = &audit.Rule{ID: "TST-001", Name: "tst", Title: "Test", Severity: audit.SeverityError, Category: "Test",
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "bad" {
				p.ReportElement(el, "bad element")
			}
			return true
		})
	}}

// TestRunCaseFailsWhenItMust: the harness fails a fixture whose findings
// and expectations differ either way, a good_ fixture holding
// expectations, a bad_ fixture holding none, a header naming an unknown
// rule, and an input problem the header does not announce; and passes the
// fixtures that are right.
func TestRunCaseFailsWhenItMust(t *testing.T) {
	const wf = `<workflow xtkschema="xtk:workflow" internalName="w">` + "\n"
	// A package whose second entity is broken: the first is checked.
	const broken = `<package><entities schema="xtk:workflow"><workflow internalName="w">` + "\n" +
		`<bad/> <!-- want "TST-001" -->` + "\n</workflow><workflow internalName=\"x\"><open></workflow></entities></package>\n"
	tests := []struct {
		name, file, src string
		want            []string // substrings of the complaints; none for a passing case
	}{
		{"met", "bad_met.xml", wf + `<bad/> <!-- want "TST-001:bad element" -->` + "\n</workflow>\n", nil},
		{"silent good", "good_silent.xml", wf + "<fine/>\n</workflow>\n", nil},
		{"announced problem", "bad_broken.xml", `<!-- audit-test: problems=1 -->` + "\n" + broken, nil},
		{"unexpected finding", "bad_unexpected.xml", wf + `<bad/> <!-- want "TST-001" -->` + "\n<bad/>\n</workflow>\n",
			[]string{"unexpected finding TST-001 at bad_unexpected.xml:3:1: bad element"}},
		{"missing finding", "bad_missing.xml", wf + `<fine/> <!-- want "TST-001" -->` + "\n</workflow>\n",
			[]string{"bad_missing.xml:2: TST-001: no finding matched"}},
		{"message mismatch", "bad_message.xml", wf + `<bad/> <!-- want "TST-001:other text" -->` + "\n</workflow>\n",
			[]string{"no finding matched", "unexpected finding TST-001"}},
		{"good with expectations", "good_wants.xml", wf + `<bad/> <!-- want "TST-001" -->` + "\n</workflow>\n",
			[]string{"fatal: good_wants.xml is a good_ fixture but holds expectations"}},
		{"good that fires", "good_fires.xml", wf + "<bad/>\n</workflow>\n", []string{"unexpected finding TST-001 at good_fires.xml:2"}},
		{"bad without expectations", "bad_none.xml", wf + "<bad/>\n</workflow>\n",
			[]string{"fatal: bad_none.xml is a bad_ fixture but holds no expectation"}},
		{"unknown rule in header", "bad_header.xml", `<!-- audit-test: rules=TST-001,NOPE-999 -->` + "\n" + wf + `<bad/> <!-- want "TST-001" -->` + "\n</workflow>\n",
			[]string{"fatal: header names unknown rule NOPE-999"}},
		{"unknown header key", "bad_key.xml", `<!-- audit-test: color=red -->` + "\n" + wf + `<bad/> <!-- want "TST-001" -->` + "\n</workflow>\n",
			[]string{`fatal: bad_key.xml:1: unknown audit-test key "color"`}},
		{"input problem", "bad_input.xml", broken,
			[]string{"input problem: bad_input.xml:"}},
		{"problems miscounted", "bad_count.xml", `<!-- audit-test: problems=2 -->` + "\n" + broken,
			[]string{"input problem: bad_count.xml:", "got 1 input problems, want 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			r := &recorder{}
			r.run(func() {
				RunCase(r, Case{Name: tt.file, Dir: dir, Files: []string{path}}, flagBad, []*audit.Rule{flagBad})
			})
			r.expect(t, tt.want)
		})
	}
}

// TestRunWithoutSubtests: given a TB that is not a *testing.T, Run checks
// every case in turn, a failing one and a passing one, and returns their
// outcomes.
func TestRunWithoutSubtests(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"bad_one.xml":  `<workflow xtkschema="xtk:workflow" internalName="w"><bad/> <!-- want "TST-001" --></workflow>`,
		"good_one.xml": `<workflow xtkschema="xtk:workflow" internalName="w"><bad/></workflow>`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &recorder{}
	out := Run(r, dir, flagBad, []*audit.Rule{flagBad})
	if len(out) != 2 || out["bad_one.xml"].Expectations != 1 || out["good_one.xml"].Findings != 1 {
		t.Errorf("outcomes %+v", out)
	}
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "unexpected finding TST-001 at good_one.xml:1") {
		t.Errorf("complaints %q", r.errs)
	}
}

// TestRunCaseReportsRuleFailures: a rule that panics on a fixture fails
// it with the rule's internal error, not a silent empty result.
func TestRunCaseReportsRuleFailures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "good_panics.xml")
	if err := os.WriteFile(path, []byte(`<workflow xtkschema="xtk:workflow" internalName="w"/>`), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := *flagBad
	boom.Run = func(*audit.Pass) { panic("boom") }
	r := &recorder{}
	r.run(func() { RunCase(r, Case{Name: "good_panics.xml", Dir: dir, Files: []string{path}}, &boom, nil) })
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "rule failure: good_panics.xml:1:1: internal error in rule TST-001") {
		t.Errorf("complaints %q", r.errs)
	}
}
