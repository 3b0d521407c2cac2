package sql

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/audit/xtk"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// SQLData flags [SQLDATA[ ... ]] fragments: raw SQL embedded in XTK
// expressions, refused by v7 unless the caller's security zone allows SQL
// injection.
var SQLData = &audit.Rule{
	ID:        "SQL-001",
	Name:      "sqldata-in-expression",
	Title:     "Raw SQL embedded in an expression with [SQLDATA[",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.SQL,
	Compat:    []string{"PU-0006"},
	Doc: audit.Doc{
		Rationale: "v7 replaced the SQLData syntax by sub-queries, aggregates and join expressions. An expression " +
			"holding `[SQLDATA[...]]` is rejected unless the security zone of the caller sets " +
			"`allowSQLInjection=\"true\"`, which Adobe only documents as a temporary bypass; the post-upgrade " +
			"check logs it as PU-0006 and the migration fails. The marker is found in every expression of every " +
			"entity (schema extensions, filters, workflow activities, web applications, reports) and in the " +
			"string literals and E4X literals of scripts that build query XML; labels, descriptions, generated " +
			"display filters and comments are ignored.",
		Remediation: "Rewrite the fragment with the v7 query syntax: a sub-query " +
			"(`<condition expr=\"@id\" setOperator=\"NOT IN\"><subQuery schema=\"xtk:operatorGroup\">…</subQuery></condition>`), " +
			"an aggregate on a collection (`count([newsgroup/@id])`), or a join expression " +
			"(`[schemaName:alias:xPath]`); refer to the parent query with `[../@field]`.",
		Bad: `<queryFilter name="notInGroup" schema="xtk:operator" xtkschema="xtk:queryFilter">
  <where>
    <condition expr="@id NOT IN ([SQLDATA[SELECT iOperatorId FROM XtkOperatorGroup WHERE iGroupId = $(../@owner-id)]])"/>
  </where>
</queryFilter>`,
		Good: `<queryFilter name="notInGroup" schema="xtk:operator" xtkschema="xtk:queryFilter">
  <where>
    <condition expr="@id" setOperator="NOT IN">
      <subQuery schema="xtk:operatorGroup">
        <select><node expr="[@operator-id]"/></select>
        <where><condition expr="[@group-id]=$long(../@owner-id)"/></where>
      </subQuery>
    </condition>
  </where>
</queryFilter>`,
		URL: docs.SQLData,
	},
	Keywords: []string{"sqldata"},
	Run:      runSQLData,
}

func runSQLData(p *audit.Pass) {
	report := func(text string, sp xmltree.Span, where string) {
		for _, r := range xtk.SQLData(text) {
			p.ReportValue(sp, r.Start, min(r.Start+9, r.End), "raw SQL fragment [SQLDATA[ in %s; v7 rejects it unless allowSQLInjection is enabled", where)
		}
	}
	// Elements holding code are read through their scripts, where comments
	// can be told from strings.
	code := map[*xmltree.Element]bool{}
	for _, c := range p.Code() {
		if c.Attr == nil {
			code[c.Elem] = true
		}
	}
	query.QueryElements(p, func(el *xmltree.Element, inE4X bool) {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Expr {
				continue // dynamic E4X values are scanned as code below
			}
			where := a.Name + " of <" + el.Name + ">"
			if inE4X {
				where += " in an E4X literal"
			}
			report(a.Value, a.ValueSpan, where)
		}
		if code[el] {
			return
		}
		for _, c := range el.Children {
			if t, ok := c.(*xmltree.Text); ok && !t.Expr {
				report(t.Data, t.Span, "the text of <"+el.Name+">")
			}
		}
	})
	query.StringLiterals(p, func(s *acc.Script, t jsscan.Token, f query.Fragment) {
		if query.IsPatternArgument(s.JS().Tokens, t) {
			return // code that looks for SQLData, such as a migration script
		}
		if neverReachesQuery(s.JS().Tokens, t) {
			return // a log message or a list of patterns: no query is built from it
		}
		report(f.Text, f.Span, f.Where)
	})
}

// messageFunctions print their arguments: a string built for them is a
// message, never an expression.
var messageFunctions = map[string]bool{
	"logInfo": true, "logWarning": true, "logError": true, "logVerbose": true, "print": true,
	"alert": true, "log": true, "debug": true, "warn": true, "error": true, "info": true,
}

// neverReachesQuery reports whether the string token t can only be text
// for a human or data to look for: an argument (even concatenated) of a
// logging call, or an item of an array literal holding only strings (a
// list of patterns). Such a string never reaches a query, so the
// documented failure cannot happen there.
func neverReachesQuery(toks []jsscan.Token, t jsscan.Token) bool {
	i := query.IndexOfToken(toks, t)
	depth := map[string]int{}
	for j := i - 1; j >= 0; j-- {
		tk := toks[j]
		if tk.Kind != jsscan.Punct {
			continue
		}
		switch tk.Text {
		case ")", "]", "}":
			depth[tk.Text]++
		case "(":
			if depth[")"] > 0 {
				depth[")"]--
				continue
			}
			for k := j - 1; k >= 0; k-- {
				if toks[k].Kind == jsscan.Comment {
					continue
				}
				return toks[k].Kind == jsscan.Ident && messageFunctions[toks[k].Text]
			}
			return false
		case "[":
			if depth["]"] > 0 {
				depth["]"]--
				continue
			}
			return stringArray(toks, j)
		case "{":
			if depth["}"] > 0 {
				depth["}"]--
				continue
			}
			return false
		case ";":
			if depth[")"] == 0 && depth["]"] == 0 && depth["}"] == 0 {
				return false
			}
		}
	}
	return false
}

// stringArray reports whether the array literal opening at toks[open]
// holds string literals and commas only, two items at least.
func stringArray(toks []jsscan.Token, open int) bool {
	if open > 0 {
		// a[x] indexes; an array literal follows an operator or a keyword.
		if p := toks[open-1]; p.Kind == jsscan.Ident || p.Kind == jsscan.String || p.Text == ")" || p.Text == "]" {
			return false
		}
	}
	items := 0
	for j := open + 1; j < len(toks); j++ {
		switch tk := toks[j]; {
		case tk.Kind == jsscan.Comment:
		case tk.Kind == jsscan.String:
			items++
		case tk.Kind == jsscan.Punct && tk.Text == ",":
		case tk.Kind == jsscan.Punct && tk.Text == "]":
			return items >= 2
		default:
			return false
		}
	}
	return false
}
