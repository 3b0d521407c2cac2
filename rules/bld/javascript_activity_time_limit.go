package bld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// BuildLongScript flags JavaScript activities likely to exceed the
// execution time limit introduced by build 20.2.
var BuildLongScript = &audit.Rule{
	ID:        "BLD-013",
	Name:      "javascript-activity-time-limit",
	Title:     "JavaScript activity that may run past the one-hour execution limit",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionLow,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Build 20.2 stops JavaScript code and Advanced JavaScript code activities after a time limit, one " +
			"hour by default. The export cannot show how long a script runs, but it shows the loops that make " +
			"it long: unbounded loops (`while (true)`, `for (;;)`) and loops that page through query results " +
			"(`ExecuteQuery()` inside a loop that moves `startLine`). The rule reports those loops in the scripts " +
			"of `js` and `jsx` activities; an Advanced JavaScript activity that waits with " +
			"`task.setNextProcessingDate()` between calls is the recommended pattern and is not reported, nor is a loop " +
			"that calls it itself (it hands over to the next call of the activity before the limit).",
		Remediation: "Raise the activity's execution limit, or split the processing: page in successive calls of an " +
			"Advanced JavaScript activity (`task.setNextProcessingDate(…)` then `return 0`), or move bulk work to " +
			"SQL or data management activities.",
		Bad: `<workflow internalName="WKF_batch" label="Batch" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var start = 0;
while (true) {
  var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="1000" startLine={start}&gt;&lt;select&gt;&lt;node expr="@id"/&gt;&lt;/select&gt;&lt;/queryDef&gt;).ExecuteQuery();
  if (res.recipient.length() == 0) break;
  start += 1000;
}</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_batch" label="Batch" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="1000"&gt;&lt;select&gt;&lt;node expr="@id"/&gt;&lt;/select&gt;&lt;/queryDef&gt;).ExecuteQuery();
vars.count = res.recipient.length();</script></js>
  </activities>
</workflow>`,
		URL: docs.Base + "workflow/using/sql-code-and-javascript-code.md",
	},
	Effort: 2,
	Run:    runBuildLongScript,
}

func runBuildLongScript(p *audit.Pass) {
	for _, s := range p.Scripts() {
		act := acc.ActivityOf(s.Code.Elem)
		if !s.Server || act == nil || act.LocalName() != "js" && act.LocalName() != "jsx" ||
			!strings.Contains(s.Src(), "while") && !strings.Contains(s.Src(), "for") {
			continue
		}
		c := jsflow.CodeOf(s, jsflow.KindOf(p.Entity, s.Code.Elem))
		if c.Kind != jsflow.KindWorkflow {
			continue
		}
		for i := range c.T {
			// Only keywords start a loop: every other token is passed over
			// at its kind.
			if t := &c.T[i]; !t.Keyword {
				continue
			}
			var why string
			var body [2]int
			switch {
			case c.IsKeyword(i, "while") && c.Is(c.Next(i), "("):
				open := c.Next(i)
				if c.Is(c.Prev(i), "}") && jsIsDoTail(c, i) {
					continue // the condition of a do … while, handled at "do"
				}
				body = jsLoopBody(c, c.M(open))
				if jsAlwaysTrue(c, open) {
					why = "an unbounded while (true) loop"
				}
			case c.IsKeyword(i, "for") && c.Is(c.Next(i), "("):
				open := c.Next(i)
				body = jsLoopBody(c, c.M(open))
				if jsEmptyFor(c, open) {
					why = "an unbounded for (;;) loop"
				}
			case c.IsKeyword(i, "do") && c.Is(c.Next(i), "{"):
				b := c.Next(i)
				body = [2]int{b, c.M(b)}
				if w := c.Next(c.M(b)); c.IsKeyword(w, "while") && c.Is(c.Next(w), "(") && jsAlwaysTrue(c, c.Next(w)) {
					why = "an unbounded do … while (true) loop"
				}
			default:
				continue
			}
			if body[0] < 0 || body[1] <= body[0] || jsYieldsIn(c, body) {
				continue
			}
			if why == "" && jsPagedQueryIn(c, body) {
				why = "a loop paging through ExecuteQuery() results"
			}
			if why == "" {
				continue
			}
			start, end := c.Span(i, i)
			p.Reportf(start, end, "%s in the %s activity %q: since build 20.2 JavaScript activities stop after a time limit (one hour by default); raise the limit or split the work across calls", why, act.LocalName(), act.AttrValue("name"))
		}
	}
}

func jsIsDoTail(c *jsflow.Code, w int) bool {
	b := c.Prev(w)
	if b < 0 || c.M(b) < 0 {
		return false
	}
	return c.IsKeyword(c.Prev(c.M(b)), "do")
}

// jsLoopBody returns the token range of the statement after a loop
// header whose ")" is at close.
func jsLoopBody(c *jsflow.Code, close int) [2]int {
	b := c.Next(close)
	if b < 0 {
		return [2]int{-1, -1}
	}
	if c.Is(b, "{") && c.M(b) > b {
		return [2]int{b, c.M(b)}
	}
	return [2]int{b, c.ExprEnd(b)}
}

func jsAlwaysTrue(c *jsflow.Code, open int) bool {
	in := c.Next(open)
	if c.End(in) != c.M(open) {
		return false
	}
	return c.IsKeyword(in, "true") || in >= 0 && c.T[in].Kind == jsscan.Number && c.T[in].Text == "1"
}

func jsEmptyFor(c *jsflow.Code, open int) bool {
	a := c.Next(open)
	b := c.Next(a)
	return c.Is(a, ";") && c.Is(b, ";") && c.Next(b) == c.M(open)
}

// jsYieldsIn reports whether the loop body schedules the next call of an
// Advanced JavaScript activity (task.setNextProcessingDate): the work is
// sliced across calls.
func jsYieldsIn(c *jsflow.Code, body [2]int) bool {
	for k := body[0]; k < body[1] && k < len(c.T); k++ {
		if c.T[k].Kind == jsscan.Ident && c.T[k].Text == "setNextProcessingDate" {
			return true
		}
	}
	return false
}

// jsPagedQueryIn reports whether tokens of body run ExecuteQuery() and
// move a startLine.
func jsPagedQueryIn(c *jsflow.Code, body [2]int) bool {
	exec, paged := false, false
	for k := body[0]; k < body[1] && k < len(c.T); k++ {
		tk := c.T[k]
		switch tk.Kind {
		case jsscan.Ident:
			if tk.Text == "ExecuteQuery" {
				exec = true
			}
			if tk.Text == "startLine" {
				paged = true
			}
		case jsscan.XML:
			if tk.XML != nil {
				if _, ok := tk.XML.Attr("startLine"); ok {
					paged = true
				}
			}
		}
	}
	return exec && paged
}
