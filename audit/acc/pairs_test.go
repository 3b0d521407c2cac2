package acc

import (
	"math/rand"
	"strings"
	"testing"
)

// asciiLower folds ASCII letters only, as the pair set does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// A script MayHold rules out holds no word it rules out, in any ASCII case,
// whatever bytes surround it; and it does rule words out, or it would be
// of no use.
func TestMayHoldNeverRulesOutAWordPresent(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	pieces := []string{"exec", "Command", "EXEC", "sql", "Sql", "query", "getConnection", "JSON", "json",
		" ", "\t", "\n", "\r", ".", "(", ")", "@", "$", "_", "#", "%", "\\", "~", "é", "\u212a", "\x00", "\xff",
		"a", "b", "z", "Q", "0", "9", "=", "'", "\"", "loadLibrary", "avascript", "x"}
	words := []string{"execCommand", "exec", "sql", "SQL", "query", "getConnection", "JSON", "loadLibrary",
		"avascript", "a", "", "ab", "zq", "Qz", ". @", "#%", "\\~", "é", "\u212a", "\x00\xff", "x.x", "9=", "'\""}
	ruledOut := 0
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.Intn(400); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		src := b.String()
		s := NewScript(nil, src, true)
		low := asciiLower(src)
		for _, w := range words {
			// a word cut from the script itself must always pass
			if len(src) > 0 {
				lo := r.Intn(len(src))
				hi := lo + r.Intn(min(12, len(src)-lo)+1)
				cut := src[lo:hi]
				if !s.MayHold(cut) || !s.MayHold(strings.ToUpper(cut)) {
					t.Fatalf("MayHold(%q) = false for a piece of the script %q", cut, src)
				}
			}
			if s.MayHold(w) {
				continue
			}
			ruledOut++
			if strings.Contains(low, asciiLower(w)) {
				t.Fatalf("MayHold(%q) = false, but the script holds it: %q", w, src)
			}
		}
	}
	if ruledOut == 0 {
		t.Fatal("MayHold never ruled a word out")
	}
}

// Every class but the shared ones belongs to one byte and its other case:
// two letters never share a bit.
func TestPairClassesOfLettersAreDistinct(t *testing.T) {
	seen := map[uint8]byte{}
	for c := byte('a'); c <= 'z'; c++ {
		k := pairClass[c]
		if pairClass[c-'a'+'A'] != k {
			t.Fatalf("%c and its upper case differ", c)
		}
		if o, ok := seen[k]; ok {
			t.Fatalf("%c and %c share class %d", c, o, k)
		}
		seen[k] = c
	}
}
