package dlv

import (
	"strings"

	"github.com/acc-audit/acc-audit/rules/internal/sqlword"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// Byte loops for the two regexps of DLV-005, which run over the whole text
// of every delivery, template and personalization block. They return what
// FindAllStringIndex returns; text holding "ſ" (long s, which the
// case-folding regexps read as "s") takes the regexps.

// wordStart reports whether a \b starts a word at i of s.
func wordStart(s string, i int) bool {
	return sqlword.IsWordByte(s[i]) && (i == 0 || !sqlword.IsWordByte(s[i-1]))
}

// isRegexpSpace is the \s of Go's regexp.
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// urlAttrMatches is opsURLAttr.FindAllStringIndex(m, -1).
func urlAttrMatches(m string) [][]int {
	if strings.Contains(m, "ſ") {
		return urlAttr.FindAllStringIndex(m, -1)
	}
	// Every match has its "=": each one found (a fast byte search) is
	// read back over the spaces to the attribute name before it.
	var out [][]int
	done := 0 // matches do not overlap: the next starts at or after this
	for k := strings.IndexByte(m, '='); k >= 0; {
		e := k
		for e > done && isRegexpSpace(m[e-1]) {
			e--
		}
		i := -1
		for _, name := range [...]string{"href", "src", "action"} {
			if e-len(name) >= done && walk.HasPrefixFold(m[e-len(name):], name) && wordStart(m, e-len(name)) {
				i = e - len(name)
				break
			}
		}
		j := k + 1
		if i >= 0 {
			for j < len(m) && isRegexpSpace(m[j]) {
				j++
			}
			if j < len(m) && (m[j] == '"' || m[j] == '\'') {
				j++
			}
			out = append(out, []int{i, j})
			done = j
		}
		next := strings.IndexByte(m[k+1:], '=')
		if next < 0 {
			break
		}
		k += 1 + next
	}
	return out
}

// urlSchemeMatches is opsURLScheme.FindAllStringIndex(m, -1).
func urlSchemeMatches(m string) [][]int {
	if strings.Contains(m, "ſ") {
		return urlScheme.FindAllStringIndex(m, -1)
	}
	var out [][]int
	for i := strings.Index(m, "://"); i >= 0 && i < len(m); {
		// Each match ends with "://": look back from each one for the scheme.
		j := -1
		switch {
		case i >= 5 && walk.HasPrefixFold(m[i-5:], "https") && wordStart(m, i-5):
			j = i - 5
		case i >= 4 && walk.HasPrefixFold(m[i-4:], "http") && wordStart(m, i-4):
			j = i - 4
		case i >= 3 && walk.HasPrefixFold(m[i-3:], "ftp") && wordStart(m, i-3):
			j = i - 3
		}
		if j >= 0 {
			out = append(out, []int{j, i + 3})
		}
		k := strings.Index(m[i+3:], "://")
		if k < 0 {
			break
		}
		i += 3 + k
	}
	return out
}
