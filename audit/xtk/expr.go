// Package xtk reads Campaign's XTK expression language: the filter and
// calculated-field syntax of queryDef conditions and schema fields
// (`@email`, `[folder/@label]`, `Iif(@a > 0, 1, 2)`, `$(var)` substitutions
// and the legacy `[SQLDATA[ ... ]]` escape to raw SQL).
//
// It does not build a full parse tree: rules need to find function calls,
// count(*), and SQLData fragments while ignoring string literals, parameter
// macros and the raw SQL inside SQLData, and a careful lexer does that.
package xtk

import (
	"strings"
)

// A Range is a half-open byte range inside an expression.
type Range struct{ Start, End int }

// SQLData returns the ranges of every [SQLDATA[ ... ]] fragment, delimiters
// included. The marker is matched case-insensitively: the documentation
// itself writes SQLData and SQLDATA, and the server's behaviour with other
// casings is undocumented. An unterminated fragment runs to the end.
func SQLData(expr string) []Range {
	if !mayHoldSQLData(expr) {
		return nil
	}
	var out []Range
	lower := strings.ToLower(expr)
	for i := 0; ; {
		j := strings.Index(lower[i:], "[sqldata[")
		if j < 0 {
			return out
		}
		start := i + j
		end := strings.Index(expr[start+9:], "]]")
		if end < 0 {
			out = append(out, Range{start, len(expr)})
			return out
		}
		out = append(out, Range{start, start + 9 + end + 2})
		i = start + 9 + end + 2
	}
}

// mayHoldSQLData is false when expr is ASCII and holds no "[sqldata[" in
// any case: SQLData then finds nothing, and its lower-cased copy of every
// expression need not be made. Other text keeps the copy (strings.ToLower
// turns some non-ASCII characters into ASCII letters).
func mayHoldSQLData(expr string) bool {
	const word = "[sqldata["
	for i := 0; i < len(expr); i++ {
		if expr[i] >= 0x80 {
			return true
		}
	}
	for i := strings.IndexByte(expr, '['); i >= 0 && i+len(word) <= len(expr); {
		k := 1
		for k < len(word) {
			c := expr[i+k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[k] {
				break
			}
			k++
		}
		if k == len(word) {
			return true
		}
		next := strings.IndexByte(expr[i+1:], '[')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// A Call is a function call in an expression.
type Call struct {
	Name  string
	Start int // offset of the name
}

// sqlWords are operators and keywords that may be followed by "(" without
// being function calls.
var sqlWords = map[string]bool{
	"in": true, "not": true, "exists": true, "and": true, "or": true, "like": true, "ilike": true,
	"is": true, "between": true, "select": true, "from": true, "where": true, "on": true,
	"as": true, "any": true, "all": true, "some": true, "union": true, "values": true,
	"with": true, "over": true, "distinct": true, "then": true, "null": true,
}

// Scan walks an expression and reports function calls and count(*) uses
// outside string literals and SQLData fragments.
type Scan struct {
	Calls     []Call
	CountStar []Range // count(*) occurrences
}

// Analyze scans expr.
func Analyze(expr string) Scan {
	var sc Scan
	skip := SQLData(expr)
	n := len(expr)
	for i := 0; i < n; {
		if len(skip) > 0 && i >= skip[0].Start {
			i = skip[0].End
			skip = skip[1:]
			continue
		}
		c := expr[i]
		switch {
		case c == '\'' || c == '"':
			i = skipString(expr, i)
		case isNameStart(c):
			start := i
			for i < n && isNamePart(expr[i]) {
				i++
			}
			name := expr[start:i]
			j := i
			for j < n && (expr[j] == ' ' || expr[j] == '\t' || expr[j] == '\n' || expr[j] == '\r') {
				j++
			}
			if j >= n || expr[j] != '(' {
				continue
			}
			if start > 0 {
				switch expr[start-1] {
				case '$', '.', ':', '@', '/':
					continue // $long( parameter macro, method, schema-qualified path, xpath
				}
			}
			if sqlWords[strings.ToLower(name)] {
				continue
			}
			if strings.EqualFold(name, "count") {
				k := j + 1
				for k < n && expr[k] == ' ' {
					k++
				}
				if k < n && expr[k] == '*' {
					k++
					for k < n && expr[k] == ' ' {
						k++
					}
					if k < n && expr[k] == ')' {
						sc.CountStar = append(sc.CountStar, Range{start, k + 1})
					}
				}
			}
			sc.Calls = append(sc.Calls, Call{Name: name, Start: start})
		default:
			i++
		}
	}
	return sc
}

func skipString(s string, i int) int {
	q := s[i]
	i++
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case q:
			return i + 1
		}
		i++
	}
	return len(s)
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isNamePart(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' }
