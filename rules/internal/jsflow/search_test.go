package jsflow

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/acc"
)

// index answers what strings.Index answers, wherever the rare byte falls:
// at either end of the text, repeated, overlapping.
func TestIndexMatchesStrings(t *testing.T) {
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
			if got, want := index(s, n), strings.Index(s, n); got != want {
				t.Fatalf("index(%q, %q) = %v, strings.Index says %v", s, n, got, want)
			}
		}
	}
}

// holds, the search behind the script's pair set, answers what the plain
// search answers, for scripts below and above the length that gets a set.
func TestHoldsMatchesStrings(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	needles := []string{"execCommand", "sql", "query", "getConnection", "JSON", "loadLibrary", "avascript",
		"ExecCommand", "EXECCOMMAND", ".@", ". @", "aa", "zz", "x", "", "é", "\u212a"}
	pieces := []string{"exec", "Command", "COMMAND", "e", "C", "a", "aa", "@", ".", " ", "\t", "s", "ql", "SQL",
		"query", "\n", "getConnection", "JSON", "json", "z", "é", "\u212a", "x", "(", ")", "loadLibrary", "avascript"}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.Intn(300); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := acc.NewScript(nil, b.String(), true)
		for _, n := range needles {
			if got, want := holds(s, n), strings.Contains(s.Src(), n); got != want {
				t.Fatalf("holds(%q, %q) = %v, strings.Contains says %v", s.Src(), n, got, want)
			}
		}
	}
}
