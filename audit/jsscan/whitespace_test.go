package jsscan

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Runs of spaces, which lex skips eight at a time, separate the tokens as
// runs of tabs of the same length do, which it skips a byte at a time:
// the same kinds, offsets and line breaks, at every run length.
func TestSpaceRunsScanAsTabs(t *testing.T) {
	r := rand.New(rand.NewSource(19))
	pieces := []string{"a", "b1", "(", ")", ".", "@", "=", ";", "\n", "\r\n", "{", "}", "x.@y", "1.5", "/re/", "<a/>"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for n := r.Intn(30); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
			b.WriteString(strings.Repeat(" ", r.Intn(20)))
		}
		spaces := b.String()
		tabs := strings.ReplaceAll(spaces, " ", "\t")
		s, u := Scan(spaces, xmltree.Identity(0)), Scan(tabs, xmltree.Identity(0))
		if len(s.Tokens) != len(u.Tokens) {
			t.Fatalf("%q: %d tokens, with tabs %d", spaces, len(s.Tokens), len(u.Tokens))
		}
		for k := range s.Tokens {
			a, c := s.Tokens[k], u.Tokens[k]
			if a.Kind != c.Kind || a.Start != c.Start || a.End != c.End || a.NLBefore != c.NLBefore || a.Depth != c.Depth {
				t.Fatalf("%q: token %d is %+v, with tabs %+v", spaces, k, a, c)
			}
		}
	}
}
