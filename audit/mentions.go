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

// A mentionsDFA is the automaton of a set of words. Bytes are first
// mapped to classes (class[byte]: one per byte, case folded, that some word
// holds, and class 0 for all others), so that a state's row is a few dozen
// entries instead of 256 and the table stays in the first-level cache: with
// a row of 256 it was a quarter of a megabyte, and the pass over every
// entity's source waited on memory. delta[row+class] is the next state's
// row (its number times the number of classes), with stateHasOut set when
// words end there; out[number] holds their bits.
type mentionsDFA struct {
	words    map[string]int // word → bit
	maxLen   int            // bytes of the longest word
	class    [256]uint8
	nClasses int
	delta    []uint32
	out      []uint64
}

// stateHasOut marks, in delta, a state where words end: most states are
// inside words, and skipping the look-up of their (empty) bits keeps one
// load per byte.
const stateHasOut = 1 << 31

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
		d.maxLen = max(d.maxLen, len(w))
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
	// Classes: one per folded byte some word holds; case folding is built
	// into the map, so that scan reads one class per byte.
	var used [256]bool
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			used[mentionsFold[w[i]]] = true
		}
	}
	var classOf [256]uint8
	nc := 1
	for c := range used {
		if used[c] {
			classOf[c] = uint8(nc)
			nc++
		}
	}
	for c := range d.class {
		d.class[c] = classOf[mentionsFold[c]]
	}
	// A representative byte per class reads the complete table.
	rep := make([]int, nc)
	for c := 255; c >= 0; c-- {
		rep[classOf[c]] = c
	}
	d.nClasses = nc
	d.delta = make([]uint32, len(next)*nc)
	for s := range next {
		for k := 0; k < nc; k++ {
			t := next[s][rep[k]]
			v := uint32(t) * uint32(nc)
			if out[t] != 0 {
				v |= stateHasOut
			}
			d.delta[s*nc+k] = v
		}
	}
	d.out = out
	return d
}

// scan returns the bits of the words present in data, case folded.
//
// Each byte's step waits on the previous one (the next row is read from
// the current), so a long text is cut in four parts walked in lockstep:
// four independent chains keep the processor busy. A part starts
// maxLen-1 bytes before its share, in the initial state, so that a word
// across the cut is found whole by the part after it.
func (d *mentionsDFA) scan(data []byte) uint64 {
	overlap := d.maxLen - 1
	n := len(data)
	if n < 256 || n < 8*overlap {
		return d.scanPart(data)
	}
	q := n / 4
	m := n - 3*q + overlap // every part's length: the last reaches the end
	p0 := data[:m]
	p1 := data[q-overlap:][:m]
	p2 := data[2*q-overlap:][:m]
	p3 := data[3*q-overlap:][:m]
	delta, class := d.delta, &d.class
	var seen uint64
	var r0, r1, r2, r3 uint32
	for i := range p0 {
		r0 = delta[r0+uint32(class[p0[i]])]
		r1 = delta[r1+uint32(class[p1[i]])]
		r2 = delta[r2+uint32(class[p2[i]])]
		r3 = delta[r3+uint32(class[p3[i]])]
		if (r0|r1|r2|r3)&stateHasOut != 0 {
			var b0, b1, b2, b3 uint64
			r0, b0 = d.ended(r0)
			r1, b1 = d.ended(r1)
			r2, b2 = d.ended(r2)
			r3, b3 = d.ended(r3)
			seen |= b0 | b1 | b2 | b3
		}
	}
	return seen
}

// ended returns row without its flag, and the bits of the words that end
// in its state (none when the flag is not set).
func (d *mentionsDFA) ended(row uint32) (uint32, uint64) {
	if row&stateHasOut == 0 {
		return row, 0
	}
	row &^= stateHasOut
	return row, d.out[row/uint32(d.nClasses)]
}

// scanPart is scan in one chain.
func (d *mentionsDFA) scanPart(data []byte) uint64 {
	var seen, bits uint64
	row := uint32(0)
	delta, class := d.delta, &d.class
	for _, b := range data {
		row, bits = d.ended(delta[row+uint32(class[b])])
		seen |= bits
	}
	return seen
}

// mentionsSeen is the memo of one entity: the automaton its bits are for.
type mentionsSeen struct {
	d    *mentionsDFA
	bits uint64
}
