// Package query finds the query elements, string literals and SQL
// expressions of an entity, shared by the SQL, schema, JavaScript and build
// rules.
package query

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/audit/xtk"
)

// This file gathers the places where query XML and XTK expressions live, so
// that the SQL rules see one stream whatever the origin: elements stored in
// the entity (a query activity's <where>, a schema's <sysFilter>), E4X
// literals written in scripts (`xtk.queryDef.create(<queryDef>…)`), and
// XML built as text in string literals (`'<condition sql="' + s + '"/>'`).

// A Fragment is a piece of text a rule examines, with the span that maps it
// to the file.
type Fragment struct {
	Text  string
	Span  xmltree.Span
	Where string // how to name the place in a message
}

// QueryElements calls fn for every element of the entity and of the E4X
// literals of its scripts, skipping prose elements (<desc>, <help>). inE4X
// tells the two apart. Both lists are read where they are kept (the
// entity's element index, the scripts' tokens) instead of being copied
// into one: the copy, per entity, was 3% of a scan's allocations.
func QueryElements(p *audit.Pass, fn func(el *xmltree.Element, inE4X bool)) {
	for _, el := range p.Elements() {
		fn(el, false)
	}
	for _, s := range p.Scripts() {
		if !jsscan.MayHoldXML(s.Src()) {
			continue // no E4X literal: no need of the tokens
		}
		toks := s.JS().Tokens
		for i := range toks {
			if t := &toks[i]; t.Kind == jsscan.XML && t.XML != nil {
				t.XML.Walk(func(el *xmltree.Element) bool {
					fn(el, true)
					return true
				})
			}
		}
	}
}

// StringLiterals calls fn for the inside of every string literal of the
// entity's scripts (quotes excluded). The raw source text is used, not the
// decoded value, so that every byte maps back to the file.
func StringLiterals(p *audit.Pass, fn func(s *acc.Script, t jsscan.Token, f Fragment)) {
	for _, l := range p.Memo(stringLiteralsKey{}, func() any { return collectStringLiterals(p) }).([]stringLiteral) {
		t := l.s.JS().Tokens[l.tok]
		fn(l.s, t, Fragment{Text: t.Text[1 : len(t.Text)-1], Span: l.span, Where: "a JavaScript string"})
	}
}

type stringLiteralsKey struct{}

// A stringLiteral is kept small (its token by index, not a copy): the
// literals of every script of an entity are listed.
type stringLiteral struct {
	s    *acc.Script
	tok  int
	span xmltree.Span
}

func collectStringLiterals(p *audit.Pass) []stringLiteral {
	var out []stringLiteral
	for _, s := range p.Scripts() {
		js := s.JS()
		for i := range js.Tokens {
			if t := &js.Tokens[i]; t.Kind == jsscan.String && len(t.Text) >= 2 {
				out = append(out, stringLiteral{s, i, js.Span.Slice(t.Start + 1)})
			}
		}
	}
	return out
}

// dynamicStrings returns the string literals inside an E4X attribute
// written as {expression}: the pieces of an expression built at run time.
func dynamicStrings(a *xmltree.Attr) []Fragment {
	js := jsscan.Scan(a.Value, a.ValueSpan)
	var out []Fragment
	for _, t := range js.Tokens {
		if t.Kind == jsscan.String && len(t.Text) >= 2 {
			out = append(out, Fragment{Text: t.Text[1 : len(t.Text)-1], Span: js.Span.Slice(t.Start + 1)})
		}
	}
	return out
}

// isSQLExpression reports whether the attribute of el holds an XTK
// expression that the server translates to SQL: conditions and select
// nodes of queries and filters (<where>, <select>, <orderBy>, <having>,
// <subQuery>, <sysFilter>), calculated fields of schemas, and join filters.
// Form logic (<set expr>, <if expr>, enabledIf, visibleIf) and default
// values run in the client or the JavaScript engine, not in SQL: their
// helpers (HasPackage, DefaultFolder, Gid) are not SQL functions.
func isSQLExpression(schema string, el *xmltree.Element, attr string) bool {
	name := el.LocalName()
	switch attr {
	case "expr":
		switch name {
		case "condition", "node":
			return true
		case "attribute", "element", "compute-string":
			return schema == "xtk:srcSchema" || schema == "xtk:schema"
		}
	case "dstFilterExpr":
		return name == "join"
	}
	return false
}

// Expressions calls fn for every XTK expression evaluated in SQL: stored
// attributes, static and dynamic E4X attributes, and expr="..." written in
// string literals that build query XML.
func Expressions(p *audit.Pass, fn func(f Fragment)) {
	for _, f := range p.Memo(expressionsKey{}, func() any { return collectSQLExpressions(p) }).([]Fragment) {
		fn(f)
	}
}

type expressionsKey struct{}

func collectSQLExpressions(p *audit.Pass) []Fragment {
	var out []Fragment
	schema := p.Entity.Schema
	QueryElements(p, func(el *xmltree.Element, inE4X bool) {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if !isSQLExpression(schema, el, a.Name) && !(inE4X && a.Name == "expr") {
				continue
			}
			where := a.Name + " of <" + el.Name + ">"
			if inE4X {
				where += " in an E4X literal"
			}
			if a.Expr {
				for _, f := range dynamicStrings(a) {
					f.Where = where
					out = append(out, f)
				}
				continue
			}
			out = append(out, Fragment{Text: a.Value, Span: a.ValueSpan, Where: where})
		}
	})
	StringLiterals(p, func(_ *acc.Script, _ jsscan.Token, f Fragment) {
		if !LooksLikeQueryXML(f.Text) {
			return
		}
		for _, m := range exprInString.FindAllStringSubmatchIndex(f.Text, -1) {
			out = append(out, Fragment{Text: f.Text[m[2]:m[3]], Span: f.Span.Slice(m[2]), Where: "expr in query XML built in a string"})
		}
	})
	return out
}

var exprInString = regexp.MustCompile(`\bexpr\s*=\s*\\?["']([^"'\\]*)`)

// LooksLikeQueryXML reports whether a string literal builds query XML.
func LooksLikeQueryXML(s string) bool {
	if strings.IndexByte(s, '<') < 0 {
		return false // most literals: one search instead of six
	}
	for _, tag := range []string{"<condition", "<node", "<queryDef", "<where", "<subQuery", "<select"} {
		if strings.Contains(s, tag) {
			return true
		}
	}
	return false
}

// AttrInString finds name="..." (any case, escaped quotes allowed) inside
// the text of a string literal that builds XML.
func AttrInString(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[\s"'\\])(` + regexp.QuoteMeta(name) + `)\s*=\s*\\?["']`)
}

// XTKMask blanks what an XTK expression holds that is not expression
// code: string literals, $(…) parameters and SQLData fragments.
func XTKMask(s string) string {
	sqlData := xtk.SQLData(s)
	if len(sqlData) == 0 && !strings.ContainsAny(s, "'\"$") {
		return s // nothing to blank
	}
	b := []byte(s)
	blank := func(i, j int) {
		for k := i; k < j && k < len(b); k++ {
			b[k] = ' '
		}
	}
	for _, r := range sqlData {
		blank(r.Start, r.End)
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(b) && b[j] != c {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			blank(i, j+1)
			i = j
		case c == '$' && i+1 < len(b):
			j := i + 1
			for j < len(b) && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9') {
				j++
			}
			if j < len(b) && b[j] == '(' {
				depth := 0
				for ; j < len(b); j++ {
					if b[j] == '(' {
						depth++
					} else if b[j] == ')' {
						depth--
						if depth == 0 {
							break
						}
					}
				}
				blank(i, j+1)
				i = j
			}
		}
	}
	return string(b)
}

// patternMethods take a string to search for: a literal passed to them is
// data being matched, not an expression being built.
var patternMethods = map[string]bool{
	"indexOf": true, "lastIndexOf": true, "search": true, "match": true, "replace": true,
	"split": true, "includes": true, "startsWith": true, "endsWith": true, "test": true,
	"RegExp": true,
}

// IsPatternArgument reports whether the string token t is the first
// argument of a search method (s.indexOf("[SQLDATA[")), or the operand of an
// equality test.
func IsPatternArgument(toks []jsscan.Token, t jsscan.Token) bool {
	i := IndexOfToken(toks, t)
	prev := func(k int) *jsscan.Token {
		for j := i - 1; j >= 0; j-- {
			if toks[j].Kind == jsscan.Comment {
				continue
			}
			if k == 0 {
				return &toks[j]
			}
			k--
		}
		return nil
	}
	next := func() *jsscan.Token {
		for j := i + 1; j < len(toks); j++ {
			if toks[j].Kind != jsscan.Comment {
				return &toks[j]
			}
		}
		return nil
	}
	if p0 := prev(0); p0 != nil && p0.Kind == jsscan.Punct {
		switch p0.Text {
		case "(":
			if p1 := prev(1); p1 != nil && p1.Kind == jsscan.Ident && patternMethods[p1.Text] {
				return true
			}
		case "==", "===", "!=", "!==":
			return true
		}
	}
	if n := next(); n != nil && n.Kind == jsscan.Punct {
		switch n.Text {
		case "==", "===", "!=", "!==":
			return true
		}
	}
	return false
}

func IndexOfToken(toks []jsscan.Token, t jsscan.Token) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].Start < t.Start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for lo < len(toks) && toks[lo].Start == t.Start && (toks[lo].Kind != t.Kind || toks[lo].End != t.End) {
		lo++
	}
	return lo
}
