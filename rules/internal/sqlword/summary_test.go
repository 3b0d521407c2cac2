package sqlword

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// sqlCallsWalk is SQLFunctionCalls as a walk over every token.
func sqlCallsWalk(s *acc.Script) []int {
	var out []int
	code := s.JS().Code()
	for i := 0; i+1 < len(code); i++ {
		t := &code[i]
		if t.Kind != jsscan.Ident || !sqlCalls[t.Text] || code[i+1].Text != "(" {
			continue
		}
		if i > 0 && (code[i-1].Text == "." || code[i-1].Text == "function") {
			continue
		}
		out = append(out, t.Start)
	}
	return out
}

// SQLFunctionCalls, which looks the names up from the source, reports the
// calls a walk over every token reports, in the same order: names in
// strings and comments, methods, declarations, longer names and names
// without a call are not calls; a call at either end of the script is.
func TestSQLFunctionCallsMatchesWalk(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	pieces := []string{"sqlExec", "sqlGetInt", "sqlSelect", "sqlExecX", "xsqlExec", "sql", "sq", "q", "l", "s",
		"(", ")", " ", "\n", ".", ";", "'sqlExec('", "// sqlExec(\n", "/* sqlGetString( */", "function ",
		"<a b={sqlExec(1)}/>", "=", "squall", "\u00e9"}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.Intn(40); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := acc.NewScript(&acc.Code{}, b.String(), true)
		var got []int
		SQLFunctionCalls(s, func(t *jsscan.Token) { got = append(got, t.Start) })
		want := sqlCallsWalk(s)
		if len(got) != len(want) {
			t.Fatalf("%q: calls at %v, a walk finds %v", s.Src(), got, want)
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("%q: calls at %v, a walk finds %v", s.Src(), got, want)
			}
		}
	}
}
