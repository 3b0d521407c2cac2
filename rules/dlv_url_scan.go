package rules

import "strings"

// Byte loops for the two regexps of DLV-005, which run over the whole text
// of every delivery, template and personalization block. They return what
// FindAllStringIndex returns; text holding "ſ" (long s, which the
// case-folding regexps read as "s") takes the regexps.

// opsFoldPrefix reports whether s starts with word (lower-case ASCII),
// ignoring ASCII case.
func opsFoldPrefix(s, word string) bool {
	if len(s) < len(word) {
		return false
	}
	for i := 0; i < len(word); i++ {
		if opsLower(s[i]) != word[i] {
			return false
		}
	}
	return true
}

// opsWordStart reports whether a \b starts a word at i of s.
func opsWordStart(s string, i int) bool {
	return sqlIsWordByte(s[i]) && (i == 0 || !sqlIsWordByte(s[i-1]))
}

// opsIsRegexpSpace is the \s of Go's regexp.
func opsIsRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// opsURLAttrMatches is opsURLAttr.FindAllStringIndex(m, -1).
func opsURLAttrMatches(m string) [][]int {
	if strings.Contains(m, "ſ") {
		return opsURLAttr.FindAllStringIndex(m, -1)
	}
	var out [][]int
	for i := 0; i < len(m); i++ {
		if !opsWordStart(m, i) {
			continue
		}
		j := i
		switch {
		case opsFoldPrefix(m[i:], "href"):
			j += 4
		case opsFoldPrefix(m[i:], "src"):
			j += 3
		case opsFoldPrefix(m[i:], "action"):
			j += 6
		default:
			continue
		}
		for j < len(m) && opsIsRegexpSpace(m[j]) {
			j++
		}
		if j == len(m) || m[j] != '=' {
			continue
		}
		j++
		for j < len(m) && opsIsRegexpSpace(m[j]) {
			j++
		}
		if j < len(m) && (m[j] == '"' || m[j] == '\'') {
			j++
		}
		out = append(out, []int{i, j})
		i = j - 1
	}
	return out
}

// opsURLSchemeMatches is opsURLScheme.FindAllStringIndex(m, -1).
func opsURLSchemeMatches(m string) [][]int {
	if strings.Contains(m, "ſ") {
		return opsURLScheme.FindAllStringIndex(m, -1)
	}
	var out [][]int
	for i := strings.Index(m, "://"); i >= 0 && i < len(m); {
		// Each match ends with "://": look back from each one for the scheme.
		j := -1
		switch {
		case i >= 5 && opsFoldPrefix(m[i-5:], "https") && opsWordStart(m, i-5):
			j = i - 5
		case i >= 4 && opsFoldPrefix(m[i-4:], "http") && opsWordStart(m, i-4):
			j = i - 4
		case i >= 3 && opsFoldPrefix(m[i-3:], "ftp") && opsWordStart(m, i-3):
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
