package audittest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

// recorder is a TB that keeps the complaints; Fatalf stops the harness
// as *testing.T does, by unwinding to run.
type recorder struct{ errs []string }

// fatal is the panic value of recorder.Fatalf.
type fatal struct{}

func (r *recorder) Helper()           {}
func (r *recorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errs = append(r.errs, "fatal: "+fmt.Sprintf(format, args...))
	panic(fatal{})
}

// expect fails t unless the recorder holds exactly one complaint per
// item of want, each containing its item.
func (r *recorder) expect(t *testing.T, want []string) {
	t.Helper()
	if len(r.errs) != len(want) {
		t.Fatalf("complaints %q, want %d", r.errs, len(want))
	}
	got := strings.Join(r.errs, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing complaint %q in\n%s", w, got)
		}
	}
}

// run calls fn with the recorder, stopping where a Fatalf stops it.
func (r *recorder) run(fn func()) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(fatal); !ok {
				panic(v)
			}
		}
	}()
	fn()
}

func expectations(t *testing.T, src string) []*Expectation {
	t.Helper()
	exps, _, _, err := Parse("f.xml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return exps
}

// TestCompareFailsWhenItMust: the harness reports an unexpected finding, an
// unmet expectation, a message that does not match, a finding on another
// line, and a related place nobody expected; and stays quiet when all
// match.
func TestCompareFailsWhenItMust(t *testing.T) {
	src := "<a/>\n<b/> <!-- want \"SQL-001:raw SQL\" -->\n<c/> <!-- want \"related SQL-001:container\" -->\n"
	ok := []audit.Finding{{RuleID: "SQL-001", File: "f.xml", Line: 2, Message: "raw SQL fragment",
		Related: []audit.Related{{Line: 3, Message: "container breaks"}}}}
	tests := []struct {
		name     string
		findings []audit.Finding
		want     []string // substrings of the complaints, in order
	}{
		{"all met", ok, nil},
		{"unexpected", append(ok, audit.Finding{RuleID: "JS-001", File: "f.xml", Line: 1, Message: "x"}), []string{"unexpected finding JS-001 at f.xml:1"}},
		{"unmet", nil, []string{"f.xml:2: SQL-001:raw SQL: no finding matched", "f.xml:3: related SQL-001:container: no finding matched"}},
		{"wrong message", []audit.Finding{{RuleID: "SQL-001", File: "f.xml", Line: 2, Message: "other", Related: ok[0].Related}},
			[]string{"f.xml:2: SQL-001:raw SQL: no finding matched", "unexpected finding SQL-001 at f.xml:2"}},
		{"wrong line", []audit.Finding{{RuleID: "SQL-001", File: "f.xml", Line: 1, Message: "raw SQL", Related: ok[0].Related}},
			[]string{"f.xml:2: SQL-001:raw SQL: no finding matched", "unexpected finding SQL-001 at f.xml:1"}},
		{"related not expected", []audit.Finding{{RuleID: "SQL-001", File: "f.xml", Line: 2, Message: "raw SQL",
			Related: []audit.Related{{Line: 3, Message: "container"}, {Line: 1, Message: "other"}}}},
			[]string{"unexpected finding related SQL-001 at f.xml:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			Compare(r, tt.findings, expectations(t, src))
			r.expect(t, tt.want)
		})
	}
}

// TestParseBlanksDirectives: expectations are removed from what rules see,
// without moving any position.
func TestParseBlanksDirectives(t *testing.T) {
	src := "<a/> <!-- want \"SQL-001\" -->\n// audit-test: rules=SQL-001 from=v6.1\n"
	exps, hdr, out, err := Parse("f.js", []byte(src))
	if err != nil || len(exps) != 1 || exps[0].Line != 1 || hdr.From != "v6.1" || len(hdr.Rules) != 1 {
		t.Fatalf("%v %+v %+v", err, exps, hdr)
	}
	if len(out) != len(src) || strings.Contains(string(out), "want") || strings.Contains(string(out), "rules=") {
		t.Errorf("not blanked: %q", out)
	}
}
