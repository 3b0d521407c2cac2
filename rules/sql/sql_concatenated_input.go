package sql

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// SQLConcatenation flags SQL text built by concatenating request input.
var SQLConcatenation = &audit.Rule{
	ID:        "SQL-008",
	Name:      "sql-concatenated-input",
	Title:     "SQL built by concatenating request input instead of bound parameters",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.SQL,
	Doc: audit.Doc{
		Rationale: "The scripting guidelines forbid building SQL by concatenation: `sqlGetInt(\"… sEmail ='\" + " +
			"request.getParameter('email') + \"'\")` is an SQL injection. The rule reports `sqlExec`, `sqlGetInt`, " +
			"`sqlGetString`, `sqlGetDouble`, `sqlGetDate`, `sqlGetMemo` (first argument), `sqlSelect` (second " +
			"argument) and `query()` on a database connection whose SQL text concatenates request input: " +
			"`request.*` (JSSP, web applications), the web application context `ctx.*`, or a variable assigned " +
			"from them. Constants concatenated for readability, and input passed through `NL.SQL.escape()`, " +
			"`parseInt()`, `parseFloat()` or `Number()`, are not reported.",
		Remediation: "Bind the value: `sqlGetInt(\"select iRecipientId from NmsRecipient where sEmail = $(sz) limit 1\", " +
			"request.getParameter('email'))`; for result sets `application.getConnection().query(\"… $(sz)\", value)`; " +
			"escape with `NL.SQL.escape()` only where binding is impossible.",
		Bad: `<jssp name="lookup.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var id = sqlGetInt("select iRecipientId from NmsRecipient where sEmail ='" + request.getParameter('email') + "' limit 1"); %>]]></data>
</jssp>`,
		Good: `<jssp name="lookup.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var id = sqlGetInt("select iRecipientId from NmsRecipient where sEmail = $(sz) limit 1", request.getParameter('email')); %>]]></data>
</jssp>`,
		URL: docs.Scripting,
	},
	Effort:   1,
	Keywords: []string{"sql", "query"},
	Run:      runSQLConcatenation,
}

// sqlFunctions gives the argument index of the SQL text.
var sqlFunctions = map[string]int{
	"sqlExec": 0, "sqlGetInt": 0, "sqlGetString": 0, "sqlGetDouble": 0, "sqlGetDate": 0, "sqlGetMemo": 0,
	"sqlSelect": 1, "query": 0,
}

// safeWrappers neutralise request input.
var safeWrappers = map[string]bool{"escape": true, "parseInt": true, "parseFloat": true, "Number": true}

func runSQLConcatenation(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, "sql", "query") {
		for name, idx := range sqlFunctions {
			c.Calls(name, func(i, open int, member bool) {
				if name == "query" {
					if !member || !jsIsConnection(c, c.Prev(c.Prev(i))) {
						return
					}
				} else if member || c.DeclaresFunction(name) {
					return
				}
				args := c.Args(open)
				if len(args) <= idx {
					return
				}
				parts := c.ConcatParts(args[idx])
				if len(parts) < 2 {
					return
				}
				for _, part := range parts {
					src := jsRequestInput(c, part, 0)
					if src == "" {
						continue
					}
					start, end := c.Span(part[0], c.Prev(part[1]))
					p.Reportf(start, end, "%s() builds its SQL by concatenating %s: pass the value as a bound parameter ($(sz), $(l)…) instead", name, src)
					return
				}
			})
		}
	}
}

// jsIsConnection reports whether the expression ending at k is a database
// connection: application.getConnection() or a variable holding one.
func jsIsConnection(c *jsflow.Code, k int) bool {
	if k < 0 {
		return false
	}
	lo := c.ChainStart(k)
	if lo < 0 {
		return false
	}
	text := c.Text(lo, k+1)
	if strings.Contains(text, "getConnection(") {
		return true
	}
	if c.IsName(lo) && lo == k {
		if a, _ := c.LastAssign(c.T[lo].Text, lo); a != nil && a.Kind == jsflow.AssignValue {
			return strings.Contains(c.Text(a.Lo, a.Hi), "getConnection(")
		}
	}
	return false
}

// jsRequestInput tells whether tokens [lo, hi) carry request input, and
// which: request.*, ctx.*, or a variable assigned from them.
func jsRequestInput(c *jsflow.Code, r [2]int, depth int) string {
	if depth > 3 || r[0] < 0 {
		return ""
	}
	if parts := c.ConcatParts(r); len(parts) > 1 {
		for _, part := range parts {
			if src := jsRequestInput(c, part, depth+1); src != "" {
				return src
			}
		}
		return ""
	}
	ch := c.Chain(r[0], r[1])
	if ch == nil || ch.End != r[1] {
		return ""
	}
	s0 := ch.Steps[0]
	if s0.Kind != jsflow.StepPrimary || c.T[s0.At].Kind != jsscan.Ident {
		return ""
	}
	root := c.T[s0.At].Text
	// a wrapper call such as NL.SQL.escape(x) or parseInt(x)
	for k, st := range ch.Steps {
		if st.Kind == jsflow.StepCall && k > 0 {
			prev := ch.Steps[k-1]
			if prev.Kind == jsflow.StepMember && safeWrappers[prev.Name] || k == 1 && safeWrappers[root] {
				return ""
			}
		}
	}
	if c.ScopeOf(root, s0.At) < 0 {
		if a, _ := c.LastAssign(root, s0.At); a == nil {
			switch root {
			case "request":
				return "request input (" + c.Text(r[0], r[1]) + ")"
			case "ctx":
				if c.Kind == jsflow.KindWebApp {
					return "web application input (" + c.Text(r[0], r[1]) + ")"
				}
			}
			return ""
		}
	}
	if len(ch.Steps) == 1 {
		if a, _ := c.LastAssign(root, s0.At); a != nil && a.Kind == jsflow.AssignValue {
			if src := jsRequestInput(c, [2]int{a.Lo, a.Hi}, depth+1); src != "" {
				return root + ", which holds " + src
			}
		}
	}
	return ""
}
