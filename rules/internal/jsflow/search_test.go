package jsflow

import (
	"math/rand"
	"strings"
	"testing"
)

// contains answers what strings.Contains answers, wherever the rare byte
// falls: at either end of the text, repeated, overlapping.
func TestContainsMatchesStrings(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	needles := []string{"execCommand", "sql", "query", ".@", ". @", "essionInfo", "aa", "aaC", "Caa", "zz", "x", "", "loadLibraryDebug", "@@"}
	pieces := []string{"exec", "Command", "e", "C", "a", "aa", "@", ".", " ", "s", "ql", "query", "\n", "essionInfo", "z", "é", "x"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.Intn(60); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		for _, n := range needles {
			if got, want := contains(s, n), strings.Contains(s, n); got != want {
				t.Fatalf("contains(%q, %q) = %v, strings.Contains says %v", s, n, got, want)
			}
		}
	}
}
