package audit

import (
	"fmt"
	"strings"
)

// DidYouMean returns " (did you mean X?)" naming the rule id, rule name or
// family closest to an unknown name, or "" when none is close: a typo in a
// flag or configuration file should cost one look, not a search through
// acc-audit rules.
func DidYouMean(all []*Rule, name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	best, bestD := "", 0
	consider := func(c string) {
		d := editDistance(n, strings.ToLower(c))
		if best == "" || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	seen := map[string]bool{}
	for _, r := range all {
		family, _, _ := strings.Cut(r.ID, "-")
		for _, c := range []string{r.ID, r.Name, family} {
			if c != "" && !seen[c] {
				seen[c] = true
				consider(c)
			}
		}
	}
	// Close means at most a third of the name is wrong, and never more
	// than three edits: beyond that a suggestion is a guess.
	if best == "" || bestD == 0 || bestD > min(3, max(1, len(n)/3)) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// editDistance is the optimal string alignment distance of two strings,
// by runes: insertions, deletions, substitutions and transpositions of
// neighbours ("SLQ" for "SQL") cost one each.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
