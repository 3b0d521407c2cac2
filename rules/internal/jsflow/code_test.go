package jsflow

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// nextIdent, which looks names up from the source, finds the identifier
// tokens a walk over every token finds, in the same order: names inside
// strings, comments, longer identifiers and E4X literals are not tokens
// of that name, names in E4X expressions are.
func TestNextIdentMatchesWalk(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	pieces := []string{"execCommand", "execCommandX", "xexecCommand", "exec", "(", ")", " ", "\n", ".", ";",
		"'execCommand'", "// execCommand\n", "/* execCommand */", "<a b={execCommand}>execCommand</a>",
		"function ", "=", "aa", "a", "\u00e9", "sql", "sqlExec", "\"", "{", "}", "/re/", "1", "@"}
	names := []string{"execCommand", "exec", "a", "aa", "sqlExec", "sql", "\u00e9"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for n := r.Intn(80); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		c := testCode(b.String(), KindWorkflow)
		for _, name := range names {
			var want, got []int
			for k := range c.T {
				if c.T[k].Kind == jsscan.Ident && c.T[k].Text == name {
					want = append(want, k)
				}
			}
			for k := c.nextIdent(name, 0); k >= 0; k = c.nextIdent(name, k+1) {
				got = append(got, k)
			}
			if len(got) != len(want) || len(got) > 0 && !equalInts(got, want) {
				t.Fatalf("%q: %s at tokens %v, a walk finds %v", c.S.Src(), name, got, want)
			}
		}
	}
}

func equalInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TokenAt answers what a walk from token from answers, for every byte of
// the source and every starting token.
func TestTokenAtMatchesWalk(t *testing.T) {
	for _, src := range []string{"", "a", "x = <a b={c.@d}>{e}</a>; // f\nf.@g(1)", "  a . @ b  ", "'@' /*@*/ @"} {
		c := testCode(src, KindWorkflow)
		for from := 0; from <= len(c.T); from++ {
			for off := 0; off <= len(src)+1; off++ {
				want := from
				for want < len(c.T) && c.T[want].Start < off {
					want++
				}
				got, ok := c.TokenAt(off, from)
				if got != want || ok != (want < len(c.T) && c.T[want].Start == off) {
					t.Fatalf("%q: TokenAt(%d, %d) = %d, %v; want %d", src, off, from, got, ok, want)
				}
			}
		}
	}
}
