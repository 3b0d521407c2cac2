package srcschema

import (
	"math/rand/v2"
	"testing"
)

// hasSQLVerbNaive is the definition: some verb found anywhere, ASCII case
// folded, with no word byte on either side.
func hasSQLVerbNaive(s string) bool {
	for _, v := range schSQLVerbs {
		for from := 0; ; {
			i := IndexFold(s, v, from)
			if i < 0 {
				break
			}
			j := i + len(v)
			if (i == 0 || !IsWordByte(s[i-1])) && (j == len(s) || !IsWordByte(s[j])) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// hasSQLVerb, which reads the text once, answers as the search for each
// verb, on random texts made of verbs, their pieces and word bytes.
func TestHasSQLVerbMatchesNaive(t *testing.T) {
	pieces := []string{"select", "SELECT", "Insert", "upd", "update", "delete", "drop", "Merge", "alter", "create",
		"sel", "ect", "_", "x", "1", " ", ".", "(", "é", "\u0130", "dropx", "xdrop", "\n"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b []byte
		for range rnd.IntN(8) {
			b = append(b, pieces[rnd.IntN(len(pieces))]...)
		}
		s := string(b)
		if got, want := hasSQLVerb(s), hasSQLVerbNaive(s); got != want {
			t.Fatalf("hasSQLVerb(%q) = %v, want %v", s, got, want)
		}
	}
}
