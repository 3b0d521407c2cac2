package walk

import (
	"math/rand/v2"
	"testing"
)

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// HasFold answers as a byte-by-byte case-folded search on random strings
// over a small alphabet (so that matches, near misses and overlaps are
// frequent).
func TestHasFoldMatchesNaive(t *testing.T) {
	naive := func(s, n string) bool {
		for i := 0; i+len(n) <= len(s); i++ {
			j := 0
			for j < len(n) && Lower(s[i+j]) == n[j] {
				j++
			}
			if j == len(n) {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "aAbB1_-é"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	needle := func(n int) string {
		const lower = "ab1_-"
		b := make([]byte, n)
		for i := range b {
			b[i] = lower[rng.IntN(len(lower))]
		}
		return string(b)
	}
	for range 20000 {
		s := word(rng.IntN(24))
		ns := make([]string, 1+rng.IntN(4))
		want := false
		for i := range ns {
			ns[i] = needle(1 + rng.IntN(4))
			want = want || naive(s, ns[i])
		}
		if got := HasFold(s, ns...); got != want {
			t.Fatalf("HasFold(%q, %q) = %v, want %v", s, ns, got, want)
		}
	}
}
