package acc

// The rules ask of every script whether it names one of their words
// before they read its tokens, dozens of words per script, and most
// scripts hold none of them: each question was a search of the whole
// source. A script of some length records once which pairs of adjacent
// bytes it holds; a word one of whose pairs the script lacks is in it
// nowhere, and the search is skipped.

// pairMinLen is the shortest source that gets a pair set: below it, a
// search costs little more than the set would to build.
const pairMinLen = 256

// pairClass maps a byte to one of 64 classes, ASCII letters folded: every
// letter, digit and common punctuation character of JavaScript has a class
// of its own, so that the pairs of identifiers never share a bit; white
// space shares one, and the rest the last, which only makes the set answer
// yes more often.
var pairClass = func() (t [256]uint8) {
	const other = 63
	for i := range t {
		t[i] = other
	}
	n := uint8(0)
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = n, n
		n++
	}
	for _, c := range "0123456789.,;:()[]{}<>=+-*/!&|?\"'_$@" {
		t[c] = n
		n++
	}
	for _, c := range " \t\n\r\f\v" {
		t[c] = n
	}
	if n >= other {
		panic("acc: too many pair classes")
	}
	return t
}()

// pairSet is a set of adjacent byte pairs: bit b of word a for the pair
// of classes a, b.
type pairSet [64]uint64

func newPairSet(s string) *pairSet {
	p := new(pairSet)
	prev := uint(pairClass[s[0]])
	for i := 1; i < len(s); i++ {
		c := uint(pairClass[s[i]])
		// the masks cost nothing and spare the bounds and shift checks
		p[prev&63] |= 1 << (c & 63)
		prev = c
	}
	return p
}

// mayHold reports false only when the text of the set holds word nowhere,
// not even in another ASCII case.
func (p *pairSet) mayHold(word string) bool {
	for i := 1; i < len(word); i++ {
		a, b := uint(pairClass[word[i-1]]), uint(pairClass[word[i]])
		if p[a&63]&(1<<(b&63)) == 0 {
			return false
		}
	}
	return true
}

// MayHold reports whether the source of the script may contain word, in
// any ASCII case: false means that it does not (a letter that only Unicode
// folding matches, as K matches the Kelvin sign, is not covered). A search
// of the source can skip the scripts it answers false for.
func (s *Script) MayHold(word string) bool {
	if len(s.src) < pairMinLen {
		return true
	}
	if s.pairs == nil {
		s.pairs = newPairSet(s.src)
	}
	return s.pairs.mayHold(word)
}
