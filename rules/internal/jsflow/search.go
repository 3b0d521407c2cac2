package jsflow

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
)

// The rules ask of every script whether it holds a name (Codes, Calls,
// DeclaresFunction) before they read its tokens, and most scripts hold
// none: those searches were a tenth of a scan. strings.Contains looks for
// the needle's first byte, often a common lower-case letter ("e" of
// execCommand); contains looks for its rarest byte in JavaScript source
// instead, which skips far more text between candidates.

// holds reports whether the source of script s contains needle: the
// script's pair set rules most scripts out without reading them.
func holds(s *acc.Script, needle string) bool {
	return s.MayHold(needle) && contains(s.Src(), needle)
}

// byteRank orders bytes by how common they are in scripts: lower is
// rarer. Only the order matters; the figures are rough.
var byteRank = func() (r [256]uint8) {
	for i := range r {
		r[i] = 20 // other punctuation, non-ASCII
	}
	for c := 'A'; c <= 'Z'; c++ {
		r[c] = 10
	}
	for c := '0'; c <= '9'; c++ {
		r[c] = 30
	}
	// lower-case letters by their frequency in English text, which
	// identifiers and keywords follow closely enough
	for i, c := range "zqjxkvbpgwyfmculdhrsnioate" {
		r[c] = uint8(40 + i)
	}
	for _, c := range " \t\n\r.(),;=\"'" {
		r[c] = 90
	}
	r['@'] = 5
	return r
}()

// contains is strings.Contains(s, needle).
func contains(s, needle string) bool { return index(s, needle) >= 0 }

// index is strings.Index(s, needle).
func index(s, needle string) int {
	n := len(needle)
	if n < 2 || len(s) < 64 {
		return strings.Index(s, needle)
	}
	k := 0
	for i := 1; i < n; i++ {
		if byteRank[needle[i]] < byteRank[needle[k]] {
			k = i
		}
	}
	if k == 0 {
		return strings.Index(s, needle)
	}
	c := needle[k]
	// needle[k] of a match at start lies in s[k : len(s)-n+k+1]
	for i, end := k, len(s)-n+k+1; i < end; i++ {
		j := strings.IndexByte(s[i:end], c)
		if j < 0 {
			return -1
		}
		i += j
		if s[i-k:i-k+n] == needle {
			return i - k
		}
	}
	return -1
}
