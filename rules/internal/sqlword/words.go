// Package sqlword scans SQL text word by word: verbs, Campaign tables,
// physical names, and the summary of the SQL a code block runs.
package sqlword

import (
	"strings"
)

// Byte-loop equivalents of the word regexps of the SQL summary, which run
// on every SQL string literal of every script: a regexp there cost more
// than the rest of the rule.

// IsWordByte is the \w of Go's regexp: ASCII letters, digits and '_'.
func IsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// words calls fn for each maximal run of \w bytes of s. With \b on both
// sides and a pattern of word bytes only, a regexp match is exactly one
// such run.
func words(s string, fn func(w string)) {
	for i := 0; i < len(s); {
		if !IsWordByte(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && IsWordByte(s[j]) {
			j++
		}
		fn(s[i:j])
		i = j
	}
}

// verbs are the words of opsSQLVerb, upper-case.
var verbs = map[string]bool{
	"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true,
	"TRUNCATE": true, "CREATE": true, "ALTER": true, "DROP": true,
}

// verbsOf calls fn with each SQL verb of s, upper-case, as
// opsSQLVerb.FindAllString followed by strings.ToUpper would. The regexp
// folds case the Unicode way, where "ſ" (long s) matches "s": text holding
// it takes the regexp.
func verbsOf(s string, fn func(verb string)) {
	if strings.Contains(s, "ſ") {
		for _, m := range sqlVerb.FindAllString(s, -1) {
			fn(strings.ToUpper(m))
		}
		return
	}
	var buf [8]byte
	words(s, func(w string) {
		if len(w) < 4 || len(w) > len(buf) {
			return
		}
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			buf[i] = c
		}
		if u := buf[:len(w)]; verbs[string(u)] {
			fn(string(u))
		}
	})
}

// isCampaignTable is opsCampaignTbl matched against one \w run: Nms,
// Xtk or Ncm, an upper-case letter, then anything.
func isCampaignTable(w string) bool {
	if len(w) < 4 || w[3] < 'A' || w[3] > 'Z' {
		return false
	}
	p := w[:3]
	return p == "Nms" || p == "Xtk" || p == "Ncm"
}

// campaignTables calls fn for each match of opsCampaignTbl in s.
func campaignTables(s string, fn func(table string)) {
	words(s, func(w string) {
		if isCampaignTable(w) {
			fn(w)
		}
	})
}

// hasCampaignTable is opsCampaignTbl.MatchString.
func hasCampaignTable(s string) bool {
	found := false
	words(s, func(w string) {
		if !found && isCampaignTable(w) {
			found = true
		}
	})
	return found
}

// Identifiers is jsSQLWordRE.FindAllStringIndex: runs of \w bytes,
// each starting at its first letter or '_' (a leading digit is skipped).
func Identifiers(s string) [][]int {
	// The pairs share one array: a slice each was an allocation per word.
	var flat []int
	for i := 0; i < len(s); {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && IsWordByte(s[j]) {
			j++
		}
		flat = append(flat, i, j)
		i = j
	}
	if flat == nil {
		return nil
	}
	out := make([][]int, len(flat)/2)
	for k := range out {
		out[k] = flat[2*k : 2*k+2 : 2*k+2]
	}
	return out
}

// The prefixes of jsPhysTableRE and jsPhysColumnRE.
var (
	PhysTablePrefixes  = []string{"Nms", "Xtk", "Ncm", "Nl", "Crm", "Nmc"}
	PhysColumnPrefixes = []string{"i", "s", "ts", "d", "m", "b"}
)

// PhysName is jsPhysTableRE or jsPhysColumnRE (by their prefixes)
// matched against a word of \w bytes: a prefix, then an upper-case letter.
func PhysName(word string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(word) > len(p) && word[:len(p)] == p && word[len(p)] >= 'A' && word[len(p)] <= 'Z' {
			return true
		}
	}
	return false
}

// startVerbs are the words of sqlStart, upper-case.
var startVerbs = []string{"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP", "WITH"}

// isSpace is the \s of Go's regexp.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// startsSQL is sqlStart.MatchString for text without "ſ": optional
// white space, a verb in any case, then white space.
func startsSQL(s string) bool {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	for _, v := range startVerbs {
		if len(s)-i > len(v) && upperEqual(s[i:i+len(v)], v) && isSpace(s[i+len(v)]) {
			return true
		}
	}
	return false
}

// sqlKeywords are the words of sqlKeyword, upper-case.
var sqlKeywords = []string{"FROM", "INTO", "SET", "WHERE", "TABLE", "INDEX", "VIEW", "VALUES"}

// hasSQLKeyword is sqlKeyword.MatchString for text without "ſ": one \w
// run that is a keyword in any case.
func hasSQLKeyword(s string) bool {
	found := false
	words(s, func(w string) {
		if found || len(w) < 3 || len(w) > 6 {
			return
		}
		for _, k := range sqlKeywords {
			if len(w) == len(k) && upperEqual(w, k) {
				found = true
				return
			}
		}
	})
	return found
}

// upperEqual reports whether s, upper-cased the ASCII way, is upper.
func upperEqual(s, upper string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[i] {
			return false
		}
	}
	return true
}
