package rules

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// Risk areas of the JavaScript and build rules.
const (
	jsCatJS    = "JavaScript interpreter and APIs"
	jsCatBuild = "Changes of v7 builds"
)

// Documentation pages of the JavaScript and build rules.
const (
	jsDocJavaScript  = docBase + "migration/using/general-configurations.md#javascript"
	jsDocNewFeatures = docBase + "migration/using/general-configurations.md#new-features-in-v7"
	jsDocCheck       = docBase + "migration/using/testing-the-migration.md#verification-process"
	jsDocGCM         = docBase + "technotes/using/gcm-functions.md"
	jsDocURLPerm     = docBase + "installation/using/url-permissions.md"
	jsDocServer      = docBase + "installation/using/server-configuration.md"
	jsDocGuidelines  = docBase + "installation/using/scripting-coding-guidelines.md"
	jsDocRN2021      = docBase + "rn/using/release-2021.md"
	jsDocRN2023      = docBase + "rn/using/release-2023.md"
	jsDocOldRN       = "https://github.com/AdobeDocs/campaign-classic.en/blob/579329d9/help/rn/using/"
)

// JSAttrOnNonXML flags `.@attr` on values that are JavaScript objects.
var JSAttrOnNonXML = &audit.Rule{
	ID:        "JS-001",
	Name:      "attribute-syntax-on-non-xml",
	Title:     "E4X attribute syntax .@ used on a JavaScript object",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Compat:    []string{"PU-0001"},
	Doc: audit.Doc{
		Rationale: "v7's JavaScript interpreter only accepts the E4X attribute accessor `.@` on XML objects; the " +
			"previous engine tolerated it on ordinary JavaScript objects. In delivery personalisation the " +
			"`recipient`, `delivery`, `message`, `provider` and `targetData` objects are JavaScript objects, so " +
			"`<%= recipient.@lastName %>` breaks the delivery (error). Elsewhere the rule follows each variable " +
			"to its last assignment and reports `.@` on values known to be JavaScript objects: entities from " +
			"`nms.recipient.get()`/`load()`/`create()`, `JSON.parse()` results, object and array literals, " +
			"`new Object()` (warning). Values known to be XML stay silent: E4X literals, `new XML()`, results of " +
			"`ExecuteQuery()` and everything reached from them, `for each` over XML, the web application `ctx`, " +
			"the content-management `content`, the Message Center event context `rtEvent.ctx` (the event's XML " +
			"`<ctx>` element). In delivery personalisation a receiver whose type cannot be " +
			"told is reported as info. Unlike the vendor check PU-0001, a plain search for `.@`, the rule " +
			"ignores comments, strings, labels and XTK expressions such as `[target/recipient.@firstName]`.",
		Remediation: "Read the property with JavaScript syntax: `recipient.lastName`, or `obj[\"attr\"]` for a " +
			"name that is not an identifier (documented example: `employee.@sn` becomes `employee[\"sn\"]`).",
		Bad: `<delivery internalName="DM_welcome" isModel="1" label="Welcome" xtkschema="nms:delivery">
  <content>
    <html><source><![CDATA[<html><body>Hello <%= recipient.@firstName %>,</body></html>]]></source></html>
  </content>
</delivery>`,
		Good: `<delivery internalName="DM_welcome" isModel="1" label="Welcome" xtkschema="nms:delivery">
  <content>
    <html><source><![CDATA[<html><body>Hello <%= recipient.firstName %>,</body></html>]]></source></html>
  </content>
</delivery>`,
		URL:     jsDocJavaScript,
		Rewrite: "`acc-audit fix` rewrites `obj.@field` as `obj.field` (`obj[\"field-name\"]` for names that are not identifiers) where the object is known not to be XML (personalisation data, an entity loaded with load()); safe: that property access is what v7 reads. Unknown receivers are left alone.",
	},
	Effort: 0.5,
	Run:    runJSAttrOnNonXML,
}

func runJSAttrOnNonXML(p *audit.Pass) {
	for _, c := range jsCodes(p, false, ".@", ". @") {
		for i := range c.t {
			if !(c.is(i, ".") || c.is(i, "..")) || !c.is(c.next(i), "@") {
				continue
			}
			at := c.next(i)
			nameTok := c.next(at)
			if nameTok < 0 {
				continue
			}
			last, attr := nameTok, c.t[nameTok].Text
			if c.is(nameTok, "[") && c.m(nameTok) > nameTok {
				last = c.m(nameTok)
				attr = "…"
				if s := c.next(nameTok); s >= 0 && c.t[s].Kind == jsscan.String && c.next(s) == last {
					attr = c.t[s].Value
				}
			}
			r := c.prev(i)
			if r < 0 {
				continue
			}
			lo := c.chainStart(r)
			if lo < 0 {
				continue
			}
			ty := c.typeOf(lo, i, 0)
			recv := c.text(lo, i)
			start, end := c.span(i, last)
			access := recv + c.t[i].Text + "@" + attr
			// The context of a Message Center event (rtEvent.ctx,
			// batchEvent.ctx) is the event's <ctx> element: XML, .@ is valid.
			eventCtx := false
			for _, p := range []string{"rtEvent.ctx", "batchEvent.ctx"} {
				eventCtx = eventCtx || recv == p || strings.HasPrefix(recv, p+".") || strings.HasPrefix(recv, p+"[")
			}
			switch {
			case ty.kind == jsObject:
				fix := fmt.Sprintf("%s[%q]", recv, attr)
				if jsIsIdentifier(attr) && (ty.what == jsPersonalisation || strings.HasPrefix(ty.what, "a JavaScript entity")) {
					fix = recv + "." + attr
				}
				f := p.Newf(start, end, "%s: %s is %s, not XML; v7 refuses .@ on it: write %s", access, recv, ty.what, fix)
				if c.kind == kindDelivery {
					f.Severity = audit.SeverityError
				}
				// The object is known not to be XML: the property access is
				// what v7 reads, a mechanical rewrite.
				if attr != "…" && c.t[i].Text == "." {
					p.SuggestFix(&f, access+" becomes "+fix, true, p.Edit(start, end, strings.TrimPrefix(fix, recv)))
				}
				p.Emit(f)
			case ty.kind == jsUnknown && c.kind == kindDelivery && !eventCtx:
				f := p.Newf(start, end, "%s in delivery personalisation: v7 only accepts .@ there on XML (an E4X literal, the result of ExecuteQuery()); if %s is a JavaScript object write %s[%q]", access, recv, recv, attr)
				f.Severity = audit.SeverityInfo
				p.Emit(f)
			}
		}
	}
}

func jsIsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// JSAttrAsKey flags XML attributes used as object or array keys.
var JSAttrAsKey = &audit.Rule{
	ID:        "JS-002",
	Name:      "xml-attribute-as-key",
	Title:     "XML attribute used as an object or array key without conversion",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "\"You can no longer use an XML attribute as a table key\": v7's interpreter does not convert an " +
			"E4X attribute to a string when it is used as a subscript, so `activities[ctx.activity[0].@name]` " +
			"no longer finds the entry. The rule reports subscripts whose whole content is an attribute access " +
			"(`.@name`, `.@[\"name\"]`, `..@name`) on a JavaScript value; already converted keys (`String(…)`, " +
			"`….toString()`), E4X filters `xml.(@a == 1)`, attributes read after the brackets (`list[i].@id`) " +
			"and subscripts of XML objects are not reported.",
		Remediation: "Convert the attribute explicitly: `serverForm.activities[String(ctx.activityHistory.activity[0].@name)]`.",
		Bad: `<webApp internalName="surveyFollowUp" label="Survey follow-up" xtkschema="nms:webApp">
  <activities>
    <script label="Route" name="script">
      <script>if (serverForm.activities[ctx.activityHistory.activity[0].@name].type != "end") ctx.vars.next = "page2";</script>
    </script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="surveyFollowUp" label="Survey follow-up" xtkschema="nms:webApp">
  <activities>
    <script label="Route" name="script">
      <script>if (serverForm.activities[String(ctx.activityHistory.activity[0].@name)].type != "end") ctx.vars.next = "page2";</script>
    </script>
  </activities>
</webApp>`,
		URL:     jsDocJavaScript,
		Rewrite: "`acc-audit fix` wraps the key in `String(…)`: `[x.@a]` becomes `[String(x.@a)]`, the conversion v6 made implicitly (safe).",
	},
	Effort: 0.5,
	Run:    runJSAttrAsKey,
}

func runJSAttrAsKey(p *audit.Pass) {
	for _, c := range jsCodes(p, false, ".@", ". @") {
		for i := range c.t {
			if !c.is(i, "[") || c.m(i) < 0 {
				continue
			}
			pr := c.prev(i)
			if pr < 0 || c.is(pr, "@") {
				continue
			}
			tp := c.t[pr]
			subscript := tp.Kind == jsscan.Ident && (!tp.Keyword || tp.Text == "this") || tp.Kind == jsscan.XML ||
				tp.Kind == jsscan.String || c.is(pr, ")") || c.is(pr, "]")
			if !subscript {
				continue
			}
			lo, hi := c.next(i), c.m(i)
			if lo < 0 || lo >= hi {
				continue
			}
			ch := c.chain(lo, hi)
			if ch == nil || ch.end != hi || len(ch.steps) < 2 || ch.steps[len(ch.steps)-1].kind != stepAttr {
				continue
			}
			if rs := c.chainStart(pr); rs >= 0 && c.typeOf(rs, i, 0).kind == jsXMLValue {
				continue // indexing an XML list
			}
			start, end := c.span(lo, c.prev(hi))
			key := c.text(lo, hi)
			f := p.Newf(start, end, "XML attribute %s used as a key: v7 no longer converts it to a string; write [String(%s)]", key, key)
			// The conversion v6 made implicitly, written out: same key.
			p.SuggestFix(&f, "["+key+"] becomes [String("+key+")]", true, p.Edit(start, start, "String("), p.Edit(end, end, ")"))
			p.Emit(f)
		}
	}
}

// JSModifyAfterAppend flags XML nodes changed after being appended.
var JSModifyAfterAppend = &audit.Rule{
	ID:        "JS-003",
	Name:      "xml-modified-after-append",
	Title:     "XML node modified after appendChild",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
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
		URL: jsDocJavaScript,
	},
	Effort: 0.5,
	Run:    runJSModifyAfterAppend,
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
	for _, c := range jsCodes(p, false, "appendChild", "prependChild", "insertChild") {
		for m, argIdx := range jsAppendArg {
			c.calls(m, func(i, open int, member bool) {
				if !member {
					return
				}
				args := c.args(open)
				if len(args) <= argIdx {
					return
				}
				a := args[argIdx]
				if !c.isName(a[0]) || c.end(a[0]) != a[1] {
					return
				}
				v := c.t[a[0]].Text
				c.checkWriteAfterAppend(p, i, open, v)
			})
		}
	}
}

// checkWriteAfterAppend reports the first write to v after the append
// call at i in the same function.
func (c *jsCode) checkWriteAfterAppend(p *audit.Pass, i, open int, v string) {
	scope := c.scopeOf(v, i)
	if c.varType(v, i, 0).kind == jsObject || c.jsDOMish(v, scope, i) {
		return
	}
	limit := len(c.t)
	if s := c.innermost(i, -1); s >= 0 {
		limit = c.env.scopes[s].hi
	}
	reassigned := map[int]bool{}
	for _, a := range c.env.assigns[v] {
		reassigned[a.at] = true
	}
	callStart := c.chainStart(c.m(open))
	if callStart < 0 {
		callStart = i
	}
	for k := c.m(open) + 1; k < limit; k++ {
		if c.t[k].Kind != jsscan.Ident || c.t[k].Text != v || c.isMember(k) {
			continue
		}
		if c.scopeOf(v, k) != scope || !c.sameFunction(i, k) {
			continue
		}
		if reassigned[k] {
			return
		}
		ch := c.chain(k, -1)
		if ch == nil || len(ch.steps) < 2 {
			continue
		}
		write := false
		e := ch.end
		if e < len(c.t) && c.t[e].Kind == jsscan.Punct && jsIsAssignOp(c.t[e].Text) {
			write = true
		}
		n := len(ch.steps)
		if n >= 3 && ch.steps[n-1].kind == stepCall && ch.steps[n-2].kind == stepMember && jsXMLMutators[ch.steps[n-2].name] {
			write = true
		}
		if c.isKeyword(c.prev(k), "delete") {
			write = true
		}
		if !write {
			continue
		}
		last := c.prev(ch.end)
		if last < 0 || last < k {
			last = k
		}
		start, end := c.span(k, last)
		call := c.text(callStart, c.m(open)+1)
		p.Reportf(start, end, "%s is changed after %s: in v7 the appended node no longer follows the variable; make the change before appending", c.text(k, ch.end), call)
		return
	}
}

// jsDOMish reports whether v is a DOM node in its scope: made by a DOM
// factory or used with DOM-only members.
func (c *jsCode) jsDOMish(v string, scope, at int) bool {
	if a, _ := c.lastAssign(v, at); a != nil && a.kind == assignValue {
		if ch := c.chain(a.lo, a.hi); ch != nil {
			for _, st := range ch.steps {
				if st.kind == stepMember && jsDOMMembers[st.name] {
					return true
				}
			}
		}
	}
	for k := range c.t {
		if c.t[k].Kind != jsscan.Ident || c.t[k].Text != v || c.isMember(k) || c.scopeOf(v, k) != scope {
			continue
		}
		d := c.next(k)
		if c.is(d, ".") {
			if n := c.next(d); n >= 0 && c.t[n].Kind == jsscan.Ident && jsDOMMembers[c.t[n].Text] {
				return true
			}
		}
	}
	return false
}
