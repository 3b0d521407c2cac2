package audit

import (
	"sync"
	"sync/atomic"
)

// The words of Unit.Mentions are found in one case-folded pass over an
// entity's source, an Aho-Corasick automaton over every word asked so far,
// instead of a lower-cased copy of the source searched once per word.
// Words are registered on first use: the automaton grows during the first
// entities and is then shared, read-only, by every worker.

// Always-present patterns: the first tells a character reference (which
// could spell any word), the next two are the upper-case characters whose
// lower case is ASCII (U+0130 → i, U+212A → k), which a byte-wise fold
// misses, and the last the long s (U+017F), which Unicode case folding
// (strings.EqualFold, (?i) regexps) matches as s. Any of them makes
// Mentions answer true.
var mentionsSpecial = []string{"&#", "\u0130", "\u212a", "\u017f"}

const (
	mentionsMaxWords    = 64 // one bit each in a uint64
	mentionsSpecialBits = 1<<4 - 1
)

// A mentionsDFA is the automaton of a set of words: delta[state<<8|byte]
// is the next state (bytes case folded), out[state] the bits of the words
// ending there.
type mentionsDFA struct {
	words map[string]int // word → bit
	delta []uint16
	out   []uint64
}

var (
	mentionsMu  sync.Mutex
	mentionsCur atomic.Pointer[mentionsDFA]
)

// mentionsFold is ASCII lower-casing; other bytes are kept.
var mentionsFold = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

// RegisterMentions adds words (lower-case ASCII) to the automaton of
// Unit.Mentions at once, before a scan: the rules' keywords are known
// ahead, and one build for all of them costs less than one per word met.
func RegisterMentions(words []string) {
	var plain []string
	for _, w := range words {
		if mentionsPlain(w) {
			plain = append(plain, w)
		}
	}
	if len(plain) > 0 {
		mentionsAutomaton(plain)
	}
}

// mentionsAutomaton returns an automaton knowing all of words, or nil when
// there would be too many words (Mentions then searches directly).
func mentionsAutomaton(words []string) *mentionsDFA {
	d := mentionsCur.Load()
	if d != nil && d.knows(words) {
		return d
	}
	mentionsMu.Lock()
	defer mentionsMu.Unlock()
	d = mentionsCur.Load()
	if d != nil && d.knows(words) {
		return d
	}
	var all []string
	if d == nil {
		all = append(all, mentionsSpecial...)
	} else {
		all = make([]string, len(d.words))
		for w, bit := range d.words {
			all[bit] = w
		}
	}
	size := 0
	for _, w := range words {
		all = appendNew(all, w)
	}
	for _, w := range all {
		size += len(w)
	}
	if len(all) > mentionsMaxWords || size >= 1<<15 {
		return nil
	}
	nd := buildMentions(all)
	mentionsCur.Store(nd)
	return nd
}

func appendNew(all []string, w string) []string {
	for _, x := range all {
		if x == w {
			return all
		}
	}
	return append(all, w)
}

// mentionsPlain reports whether the automaton can take w: lower-case ASCII,
// not empty. Other words keep the direct search.
func mentionsPlain(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

func (d *mentionsDFA) has(w string) bool { _, ok := d.words[w]; return ok }

// mask returns the bits of words, and whether the automaton knows them
// all.
func (d *mentionsDFA) mask(words []string) (uint64, bool) {
	var m uint64
	for _, w := range words {
		bit, ok := d.words[w]
		if !ok {
			return 0, false
		}
		m |= 1 << bit
	}
	return m, true
}

func (d *mentionsDFA) knows(words []string) bool {
	for _, w := range words {
		if !d.has(w) {
			return false
		}
	}
	return true
}

// buildMentions builds the automaton of words (lower-case ASCII, or the
// special characters kept as bytes).
func buildMentions(words []string) *mentionsDFA {
	d := &mentionsDFA{words: make(map[string]int, len(words))}
	// The trie, with -1 for a missing edge.
	next := [][256]int32{{}}
	for i := range next[0] {
		next[0][i] = -1
	}
	out := []uint64{0}
	for bit, w := range words {
		d.words[w] = bit
		s := int32(0)
		for i := 0; i < len(w); i++ {
			c := mentionsFold[w[i]]
			if next[s][c] < 0 {
				var row [256]int32
				for j := range row {
					row[j] = -1
				}
				next = append(next, row)
				out = append(out, 0)
				next[s][c] = int32(len(next) - 1)
			}
			s = next[s][c]
		}
		out[s] |= 1 << bit
	}
	// Breadth-first: failure links complete the missing edges.
	fail := make([]int32, len(next))
	queue := make([]int32, 0, len(next))
	for c := 0; c < 256; c++ {
		if t := next[0][c]; t < 0 {
			next[0][c] = 0
		} else {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] |= out[fail[s]]
		for c := 0; c < 256; c++ {
			t := next[s][c]
			if t < 0 {
				next[s][c] = next[fail[s]][c]
				continue
			}
			fail[t] = next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	// The case folding is built into the table, so that scan reads one
	// table per byte.
	d.delta = make([]uint16, len(next)*256)
	for s := range next {
		for c := 0; c < 256; c++ {
			d.delta[s<<8|c] = uint16(next[s][mentionsFold[c]])
		}
	}
	d.out = out
	return d
}

// scan returns the bits of the words present in data, case folded.
func (d *mentionsDFA) scan(data []byte) uint64 {
	var seen uint64
	s := 0
	delta, out := d.delta, d.out
	// Four bytes a turn: the loop's own work was a third of the pass.
	i := 0
	for ; i+4 <= len(data); i += 4 {
		w := data[i : i+4 : i+4]
		s = int(delta[s<<8|int(w[0])])
		seen |= out[s]
		s = int(delta[s<<8|int(w[1])])
		seen |= out[s]
		s = int(delta[s<<8|int(w[2])])
		seen |= out[s]
		s = int(delta[s<<8|int(w[3])])
		seen |= out[s]
	}
	for _, b := range data[i:] {
		s = int(delta[s<<8|int(b)])
		seen |= out[s]
	}
	return seen
}

// mentionsSeen is the memo of one entity: the automaton its bits are for.
type mentionsSeen struct {
	d    *mentionsDFA
	bits uint64
}
