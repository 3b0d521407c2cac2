package rules

import "strings"

// Byte-loop equivalents of the word regexps of the SQL summary, which run
// on every SQL string literal of every script: a regexp there cost more
// than the rest of the rule.

// sqlIsWordByte is the \w of Go's regexp: ASCII letters, digits and '_'.
func sqlIsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// sqlWords calls fn for each maximal run of \w bytes of s. With \b on both
// sides and a pattern of word bytes only, a regexp match is exactly one
// such run.
func sqlWords(s string, fn func(w string)) {
	for i := 0; i < len(s); {
		if !sqlIsWordByte(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && sqlIsWordByte(s[j]) {
			j++
		}
		fn(s[i:j])
		i = j
	}
}

// sqlVerbs are the words of opsSQLVerb, upper-case.
var sqlVerbs = map[string]bool{
	"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true,
	"TRUNCATE": true, "CREATE": true, "ALTER": true, "DROP": true,
}

// sqlVerbsOf calls fn with each SQL verb of s, upper-case, as
// opsSQLVerb.FindAllString followed by strings.ToUpper would. The regexp
// folds case the Unicode way, where "ſ" (long s) matches "s": text holding
// it takes the regexp.
func sqlVerbsOf(s string, fn func(verb string)) {
	if strings.Contains(s, "ſ") {
		for _, m := range opsSQLVerb.FindAllString(s, -1) {
			fn(strings.ToUpper(m))
		}
		return
	}
	var buf [8]byte
	sqlWords(s, func(w string) {
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
		if u := buf[:len(w)]; sqlVerbs[string(u)] {
			fn(string(u))
		}
	})
}

// sqlIsCampaignTable is opsCampaignTbl matched against one \w run: Nms,
// Xtk or Ncm, an upper-case letter, then anything.
func sqlIsCampaignTable(w string) bool {
	if len(w) < 4 || w[3] < 'A' || w[3] > 'Z' {
		return false
	}
	p := w[:3]
	return p == "Nms" || p == "Xtk" || p == "Ncm"
}

// sqlCampaignTables calls fn for each match of opsCampaignTbl in s.
func sqlCampaignTables(s string, fn func(table string)) {
	sqlWords(s, func(w string) {
		if sqlIsCampaignTable(w) {
			fn(w)
		}
	})
}

// sqlHasCampaignTable is opsCampaignTbl.MatchString.
func sqlHasCampaignTable(s string) bool {
	found := false
	sqlWords(s, func(w string) {
		if !found && sqlIsCampaignTable(w) {
			found = true
		}
	})
	return found
}

// sqlIdentifiers is jsSQLWordRE.FindAllStringIndex: runs of \w bytes,
// each starting at its first letter or '_' (a leading digit is skipped).
func sqlIdentifiers(s string) [][]int {
	var out [][]int
	for i := 0; i < len(s); {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && sqlIsWordByte(s[j]) {
			j++
		}
		out = append(out, []int{i, j})
		i = j
	}
	return out
}

// The prefixes of jsPhysTableRE and jsPhysColumnRE.
var (
	sqlPhysTablePrefixes  = []string{"Nms", "Xtk", "Ncm", "Nl", "Crm", "Nmc"}
	sqlPhysColumnPrefixes = []string{"i", "s", "ts", "d", "m", "b"}
)

// sqlPhysName is jsPhysTableRE or jsPhysColumnRE (by their prefixes)
// matched against a word of \w bytes: a prefix, then an upper-case letter.
func sqlPhysName(word string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(word) > len(p) && word[:len(p)] == p && word[len(p)] >= 'A' && word[len(p)] <= 'Z' {
			return true
		}
	}
	return false
}
