package js

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSModifyAfterAppend flags XML nodes changed after being appended.
var JSModifyAfterAppend = &audit.Rule{
	ID:        "JS-003",
	Name:      "xml-modified-after-append",
	Title:     "XML node modified after appendChild",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "With v7's interpreter a node appended with `appendChild` (or `prependChild`, " +
			"`insertChildAfter`, `insertChildBefore`) no longer reflects changes made to the variable afterwards: " +
			"\"update first, then append\". The rule follows the appended variable through the rest of the same " +
			"function and reports the first write to it (`v.@a = …`, `v.x = …`, `delete v.@a`, `v.appendChild(…)`, " +
			"`v.setName(…)`) unless the variable is assigned again before. DOM nodes (created with " +
			"`createElement` or handled with `setAttribute`/`firstChild`) keep reference semantics and are " +
			"not reported.",
		Remediation: "Set the node's content first, then append it: `cellStyle.@width = column.@width; this.styles.appendChild(cellStyle);`.",
		Bad: `<javascript name="grid.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function addColumn(node, column) {
  var cellStyle = node.style.copy();
  this.styles.appendChild(cellStyle);
  cellStyle.@width = column.@width;
}]]></data>
</javascript>`,
		Good: `<javascript name="grid.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function addColumn(node, column) {
  var cellStyle = node.style.copy();
  cellStyle.@width = column.@width;
  this.styles.appendChild(cellStyle);
}]]></data>
</javascript>`,
		URL: docs.JavaScript,
	},
	Effort:   0.5,
	Keywords: []string{"appendchild", "prependchild", "insertchild"},
	Run:      runJSModifyAfterAppend,
}

// jsAppendArg gives the argument index of the node each method inserts.
var jsAppendArg = map[string]int{"appendChild": 0, "prependChild": 0, "insertChildAfter": 1, "insertChildBefore": 1}

// jsXMLMutators change the XML node they are called on.
var jsXMLMutators = map[string]bool{
	"appendChild": true, "prependChild": true, "insertChildAfter": true, "insertChildBefore": true,
	"setChildren": true, "setName": true, "setLocalName": true, "setNamespace": true,
	"addNamespace": true, "removeNamespace": true, "normalize": true,
}

// jsDOMMembers exist on DOM nodes only: a variable used with them is a
// DOM element, whose appendChild keeps a reference.
var jsDOMMembers = map[string]bool{
	"setAttribute": true, "getAttribute": true, "removeAttribute": true, "hasAttribute": true,
	"firstChild": true, "lastChild": true, "childNodes": true, "nextSibling": true, "previousSibling": true,
	"nodeValue": true, "textContent": true, "ownerDocument": true, "parentNode": true,
	"getElementsByTagName": true, "createElement": true, "createTextNode": true, "importNode": true,
	"cloneNode": true, "documentElement": true, "tagName": true,
}

func jsIsAssignOp(s string) bool {
	switch s {
	case "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", ">>>=", "&=", "|=", "^=":
		return true
	}
	return false
}

func runJSModifyAfterAppend(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, "appendChild", "prependChild", "insertChild") {
		for m, argIdx := range jsAppendArg {
			c.Calls(m, func(i, open int, member bool) {
				if !member {
					return
				}
				args := c.Args(open)
				if len(args) <= argIdx {
					return
				}
				a := args[argIdx]
				if !c.IsName(a[0]) || c.End(a[0]) != a[1] {
					return
				}
				v := c.T[a[0]].Text
				checkWriteAfterAppend(c, p, i, open, v)
			})
		}
	}
}

// checkWriteAfterAppend reports the first write to v after the append
// call at i in the same function.
func checkWriteAfterAppend(c *jsflow.Code, p *audit.Pass, i, open int, v string) {
	scope := c.ScopeOf(v, i)
	if c.VarType(v, i, 0).Kind == jsflow.Object || jsDOMish(c, v, scope, i) {
		return
	}
	limit := len(c.T)
	if s := c.Innermost(i, -1); s >= 0 {
		limit = c.Env.Scopes[s].Hi
	}
	reassigned := map[int]bool{}
	for _, a := range c.Env.Assigns[v] {
		reassigned[a.At] = true
	}
	callStart := c.ChainStart(c.M(open))
	if callStart < 0 {
		callStart = i
	}
	for k := c.M(open) + 1; k < limit; k++ {
		if c.T[k].Kind != jsscan.Ident || c.T[k].Text != v || c.IsMember(k) {
			continue
		}
		if c.ScopeOf(v, k) != scope || !c.SameFunction(i, k) {
			continue
		}
		if reassigned[k] {
			return
		}
		ch := c.Chain(k, -1)
		if ch == nil || len(ch.Steps) < 2 {
			continue
		}
		write := false
		e := ch.End
		if e < len(c.T) && c.T[e].Kind == jsscan.Punct && jsIsAssignOp(c.T[e].Text) {
			write = true
		}
		n := len(ch.Steps)
		if n >= 3 && ch.Steps[n-1].Kind == jsflow.StepCall && ch.Steps[n-2].Kind == jsflow.StepMember && jsXMLMutators[ch.Steps[n-2].Name] {
			write = true
		}
		if c.IsKeyword(c.Prev(k), "delete") {
			write = true
		}
		if !write {
			continue
		}
		last := c.Prev(ch.End)
		if last < 0 || last < k {
			last = k
		}
		start, end := c.Span(k, last)
		call := c.Text(callStart, c.M(open)+1)
		p.Reportf(start, end, "%s is changed after %s: in v7 the appended node no longer follows the variable; make the change before appending", c.Text(k, ch.End), call)
		return
	}
}

// jsDOMish reports whether v is a DOM node in its scope: made by a DOM
// factory or used with DOM-only members.
func jsDOMish(c *jsflow.Code, v string, scope, at int) bool {
	if a, _ := c.LastAssign(v, at); a != nil && a.Kind == jsflow.AssignValue {
		if ch := c.Chain(a.Lo, a.Hi); ch != nil {
			for _, st := range ch.Steps {
				if st.Kind == jsflow.StepMember && jsDOMMembers[st.Name] {
					return true
				}
			}
		}
	}
	for k := range c.T {
		if c.T[k].Kind != jsscan.Ident || c.T[k].Text != v || c.IsMember(k) || c.ScopeOf(v, k) != scope {
			continue
		}
		d := c.Next(k)
		if c.Is(d, ".") {
			if n := c.Next(d); n >= 0 && c.T[n].Kind == jsscan.Ident && jsDOMMembers[c.T[n].Text] {
				return true
			}
		}
	}
	return false
}
