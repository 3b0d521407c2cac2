package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// This file gathers the places where query XML and XTK expressions live, so
// that the SQL rules see one stream whatever the origin: elements stored in
// the entity (a query activity's <where>, a schema's <sysFilter>), E4X
// literals written in scripts (`xtk.queryDef.create(<queryDef>…)`), and
// XML built as text in string literals (`'<condition sql="' + s + '"/>'`).

// A fragment is a piece of text a rule examines, with the span that maps it
// to the file.
type fragment struct {
	text  string
	span  xmltree.Span
	where string // how to name the place in a message
}

// queryElements calls fn for every element of the entity and of the E4X
// literals of its scripts, skipping prose elements (<desc>, <help>). inE4X
// tells the two apart.
func queryElements(p *audit.Pass, fn func(el *xmltree.Element, inE4X bool)) {
	for _, q := range p.Memo(queryElementsKey{}, func() any { return collectQueryElements(p) }).([]queryElement) {
		fn(q.el, q.inE4X)
	}
}

type queryElementsKey struct{}

type queryElement struct {
	el    *xmltree.Element
	inE4X bool
}

func collectQueryElements(p *audit.Pass) []queryElement {
	var out []queryElement
	for _, el := range p.Elements() {
		out = append(out, queryElement{el, false})
	}
	for _, s := range p.Scripts() {
		for _, t := range s.JS.Tokens {
			if t.Kind == jsscan.XML && t.XML != nil {
				t.XML.Walk(func(el *xmltree.Element) bool {
					out = append(out, queryElement{el, true})
					return true
				})
			}
		}
	}
	return out
}

// stringLiterals calls fn for the inside of every string literal of the
// entity's scripts (quotes excluded). The raw source text is used, not the
// decoded value, so that every byte maps back to the file.
func stringLiterals(p *audit.Pass, fn func(s *acc.Script, t jsscan.Token, f fragment)) {
	for _, l := range p.Memo(stringLiteralsKey{}, func() any { return collectStringLiterals(p) }).([]stringLiteral) {
		fn(l.s, l.t, l.f)
	}
}

type stringLiteralsKey struct{}

type stringLiteral struct {
	s *acc.Script
	t jsscan.Token
	f fragment
}

func collectStringLiterals(p *audit.Pass) []stringLiteral {
	var out []stringLiteral
	for _, s := range p.Scripts() {
		for _, t := range s.JS.Tokens {
			if t.Kind == jsscan.String && len(t.Text) >= 2 {
				out = append(out, stringLiteral{s, t, fragment{text: t.Text[1 : len(t.Text)-1], span: s.JS.Span.Slice(t.Start + 1), where: "a JavaScript string"}})
			}
		}
	}
	return out
}

// dynamicStrings returns the string literals inside an E4X attribute
// written as {expression}: the pieces of an expression built at run time.
func dynamicStrings(a *xmltree.Attr) []fragment {
	js := jsscan.Scan(a.Value, a.ValueSpan)
	var out []fragment
	for _, t := range js.Tokens {
		if t.Kind == jsscan.String && len(t.Text) >= 2 {
			out = append(out, fragment{text: t.Text[1 : len(t.Text)-1], span: js.Span.Slice(t.Start + 1)})
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

// sqlExpressions calls fn for every XTK expression evaluated in SQL: stored
// attributes, static and dynamic E4X attributes, and expr="..." written in
// string literals that build query XML.
func sqlExpressions(p *audit.Pass, fn func(f fragment)) {
	for _, f := range p.Memo(sqlExpressionsKey{}, func() any { return collectSQLExpressions(p) }).([]fragment) {
		fn(f)
	}
}

type sqlExpressionsKey struct{}

func collectSQLExpressions(p *audit.Pass) []fragment {
	var out []fragment
	schema := p.Entity.Schema
	queryElements(p, func(el *xmltree.Element, inE4X bool) {
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
					f.where = where
					out = append(out, f)
				}
				continue
			}
			out = append(out, fragment{text: a.Value, span: a.ValueSpan, where: where})
		}
	})
	stringLiterals(p, func(_ *acc.Script, _ jsscan.Token, f fragment) {
		if !looksLikeQueryXML(f.text) {
			return
		}
		for _, m := range exprInString.FindAllStringSubmatchIndex(f.text, -1) {
			out = append(out, fragment{text: f.text[m[2]:m[3]], span: f.span.Slice(m[2]), where: "expr in query XML built in a string"})
		}
	})
	return out
}

var exprInString = regexp.MustCompile(`\bexpr\s*=\s*\\?["']([^"'\\]*)`)

// looksLikeQueryXML reports whether a string literal builds query XML.
func looksLikeQueryXML(s string) bool {
	for _, tag := range []string{"<condition", "<node", "<queryDef", "<where", "<subQuery", "<select"} {
		if strings.Contains(s, tag) {
			return true
		}
	}
	return false
}

// attrInString finds name="..." (any case, escaped quotes allowed) inside
// the text of a string literal that builds XML.
func attrInString(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[\s"'\\])(` + regexp.QuoteMeta(name) + `)\s*=\s*\\?["']`)
}
