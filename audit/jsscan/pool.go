package jsscan

import (
	"math/bits"
	"sync"
)

// Every script of every entity is held as tokens, twice when it has
// comments (Tokens and Code), for as long as the rules of its entity run:
// allocating those slices anew for each script was the largest share of a
// scan's allocations. They come from pools instead, and the owner of a
// Script hands them back with Release once nothing reads them.

// scratchTokens holds the scratch slices scan gathers tokens in. Scripts
// of more than maxScratch tokens (a script of a megabyte or so) do without
// one, so that a pooled slice stays under a few megabytes.
var scratchTokens = sync.Pool{New: func() any { return new([]Token) }}

const maxScratch = 1 << 15

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

// putTokens clears b (the pool must not keep the strings and trees of a
// released script alive) and pools it.
func putTokens(b *[]Token) {
	if b == nil {
		return
	}
	k := bits.Len(uint(cap(*b))) - 1
	if cap(*b) != 1<<k || k < minPoolClass || k > maxPoolClass {
		return
	}
	clear((*b)[:cap(*b)])
	tokenPools[k].Put(b)
}

// Code returns the tokens without comments. The slice is computed once and
// shared: callers must not modify it.
func (s *Script) Code() []Token {
	s.codeOnce.Do(func() {
		n := 0
		for i := range s.Tokens {
			if s.Tokens[i].Kind != Comment {
				n++
			}
		}
		if n == len(s.Tokens) {
			s.code = s.Tokens
			return
		}
		s.codeBuf = getTokens(n)
		s.code = (*s.codeBuf)[:0:n]
		for i := range s.Tokens {
			if s.Tokens[i].Kind != Comment {
				s.code = append(s.code, s.Tokens[i])
			}
		}
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
	putTokens(s.tokBuf)
	putTokens(s.codeBuf)
	s.tokBuf, s.codeBuf = nil, nil
	s.Tokens, s.code = nil, nil
}
