package jsscan

import (
	"math/bits"
	"sync"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Every script of every entity is held as tokens, twice when it has
// comments (Tokens and Code), for as long as the rules of its entity run:
// allocating those slices anew for each script was the largest share of a
// scan's allocations. They come from pools instead, and the owner of a
// Script hands them back with Release once nothing reads them.

// scan is Scan, and the number of steps it took: iterations of the
// scanning loops, elements searched in the open-element stack, breakpoints
// copied. Tests compare it with the input size to keep the scanner linear
// without timing it.
func scan(src string, span xmltree.Span) (*Script, int) {
	s := &Script{Src: src, Span: span}
	sc := scanner{src: src, s: s}
	// Tokens go straight into a pooled slice, which grows by pooled
	// doubling: Campaign code averages seven to eight bytes per token, so
	// that most scripts never grow.
	sc.buf = getTokens(len(src)/7 + 8)
	sc.toks = (*sc.buf)[:0]
	sc.lex(0, 0, false)
	toks, n := sc.toks, len(sc.toks)
	switch {
	case n == 0:
		putTokens(sc.buf, 0)
		sc.buf, toks = nil, nil
	case max(n, 1<<minPoolClass) <= cap(toks)/4:
		// Far fewer tokens than bytes (long strings or comments): the
		// script is held for as long as the rules of its entity run, in
		// a slice of its size.
		b := getTokens(n)
		copy(*b, toks)
		putTokens(sc.buf, n)
		sc.buf, toks = b, *b
	}
	// no append may write into the pooled slice beyond the tokens
	s.Tokens, s.tokBuf = toks[:n:n], sc.buf
	return s.finish(), sc.steps
}

// push appends a token to the tokens of the script and returns it for
// the fields of its kind. The token is written in place: the slot beyond
// the tokens is zero (pooled slices are cleared as far as they were
// written, grown ones are fresh), where a token built aside was zeroed
// and then copied, 64 bytes each time. The caller has made room (see
// lex): without the test push is small enough to be inlined.
func (sc *scanner) push(kind Kind, start, end, depth int, nl bool) *Token {
	n := len(sc.toks)
	sc.toks = sc.toks[:n+1]
	t := &sc.toks[n]
	t.Kind, t.Start, t.End, t.Depth, t.NLBefore = kind, start, end, uint8(depth), nl
	t.Text = sc.src[start:end]
	return t
}

// grow moves the tokens to a pooled slice of twice the size.
func (sc *scanner) grow() {
	n := len(sc.toks)
	b := getTokens(2 * n)
	copy(*b, sc.toks)
	putTokens(sc.buf, n)
	sc.buf, sc.toks = b, (*b)[:n]
}

// tokenPools[k] holds slices of capacity 1<<k, for k up to maxPoolClass;
// longer slices are allocated at their size and left to the collector.
var tokenPools [maxPoolClass + 1]sync.Pool

const (
	minPoolClass = 4
	maxPoolClass = 15
)

// getTokens returns a slice of at least n tokens, all zero.
func getTokens(n int) *[]Token {
	k := max(bits.Len(uint(n-1)), minPoolClass)
	if k > maxPoolClass {
		b := make([]Token, n)
		return &b
	}
	if b, ok := tokenPools[k].Get().(*[]Token); ok {
		*b = (*b)[:cap(*b)]
		return b
	}
	b := make([]Token, 1<<k)
	return &b
}

// putTokens clears the first used tokens of b, the only ones ever written
// (the pool must not keep the strings and trees of a released script
// alive), and pools it.
func putTokens(b *[]Token, used int) {
	if b == nil {
		return
	}
	k := bits.Len(uint(cap(*b))) - 1
	if cap(*b) != 1<<k || k < minPoolClass || k > maxPoolClass {
		return
	}
	clear((*b)[:used])
	tokenPools[k].Put(b)
}

// Code returns the tokens without comments. The slice is computed once and
// shared: callers must not modify it.
func (s *Script) Code() []Token {
	s.codeOnce.Do(func() {
		if s.comments == 0 {
			s.code = s.Tokens
			return
		}
		n := len(s.Tokens) - s.comments
		if n == 0 {
			return
		}
		s.codeBuf = getTokens(n)
		s.code = (*s.codeBuf)[:n:n]
		// the runs between comments in one copy each: a token at a time
		// cost most of Code
		k, run := 0, 0
		for i := range s.Tokens {
			if s.Tokens[i].Kind == Comment {
				k += copy(s.code[k:], s.Tokens[run:i])
				run = i + 1
			}
		}
		copy(s.code[k:], s.Tokens[run:])
	})
	return s.code
}

// Release hands the token slices of s back for reuse by later scans and
// empties Tokens and Code. Call it only when nothing holds s, its Tokens or
// the slice Code returned any longer: the engine does once the rules of an
// entity have run. Copies of single tokens stay valid.
func (s *Script) Release() {
	if s == nil {
		return
	}
	putTokens(s.tokBuf, len(s.Tokens))
	putTokens(s.codeBuf, len(s.code))
	s.tokBuf, s.codeBuf = nil, nil
	s.Tokens, s.code = nil, nil
}

// TokenAt returns the index of the first token of toks from index from on
// that starts at or after byte off of the source (len(toks) when none
// does), and whether it starts at off. Tokens are sorted by their start:
// a walk that finds its places in the source looks them up in increasing
// order, each search starting from the last answer.
func TokenAt(toks []Token, off, from int) (int, bool) {
	lo, hi := from, len(toks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if toks[m].Start < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(toks) && toks[lo].Start == off
}
