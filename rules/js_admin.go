package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// JSEvaluateJavaScript flags xtk:builder#EvaluateJavaScript(Template),
// reserved to administrators since v7.
var JSEvaluateJavaScript = &audit.Rule{
	ID:        "JS-004",
	Name:      "evaluate-javascript-non-admin",
	Title:     "xtk:builder EvaluateJavaScript called from code that may not run as an administrator",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "\"Administration permissions are now necessary to use the xtk:builder:EvaluateJavaScript and " +
			"xtk:builder:EvaluateJavaScriptTemplate functions.\" Code that calls them as an ordinary operator " +
			"fails after the migration: web applications and reports (run as their visitor), JSSP pages, browser " +
			"code, forms (`<soapCall name=\"EvaluateJavaScript\" service=\"xtk:builder\"/>`), and libraries that " +
			"such code of the scan loads or that implement a SOAP method without `access=\"admin\"` (error). In " +
			"workflows and in libraries with no such caller the call is reported as info: it works when an " +
			"administrator runs it. Out of the box the webApp operator is an administrator, so anonymous web " +
			"applications keep working until that operator is hardened. SOAP method names in strings " +
			"(`\"xtk:builder#EvaluateJavaScript\"`) are found too; comments are not.",
		Remediation: "Move the evaluated logic into a library function or a SOAP method (`<method name=\"Compute\" " +
			"library=\"cus:compute.js\" access=\"admin\"/>`) executed with the required rights, or run the code " +
			"under an administrator knowingly.",
		Bad: `<webApp internalName="preview" label="Preview" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>ctx.vars.html = xtk.builder.EvaluateJavaScriptTemplate("cus:preview", ctx);</script></script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="preview" label="Preview" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>ctx.vars.html = cus.preview.Render(ctx);</script></script>
  </activities>
</webApp>`,
		URL: jsDocNewFeatures,
	},
	Effort: 4,
	Run: func(p *audit.Pass) {
		jsRunAdminAPI(p, "xtk:builder", []string{"EvaluateJavaScript", "EvaluateJavaScriptTemplate"},
			"v7 requires administration rights for it; move the logic into a library or SOAP method run with those rights")
	},
}

// JSGetCnxInfo flags xtk:session#GetCnxInfo, restricted to administrators
// by build 21.1.3.
var JSGetCnxInfo = &audit.Rule{
	ID:        "JS-011",
	Name:      "getcnxinfo-non-admin",
	Title:     "xtk:session#GetCnxInfo called from code that may not run as an administrator",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "Build 21.1.3: \"Access to the xtk:session#GetCnxInfo API method returning the full database " +
			"connection details is now restricted to admin users only.\" Calls from web applications, reports, " +
			"JSSP pages, browser code, forms, and libraries loaded by them or implementing non-admin SOAP " +
			"methods fail (error); in workflows and in libraries without such a caller the call is reported as " +
			"info, since an administrator usually runs them. SOAP method names in strings " +
			"(`\"xtk:session#GetCnxInfo\"`) and `<soapCall name=\"GetCnxInfo\" service=\"xtk:session\"/>` are found too.",
		Remediation: "Do not read database connection details from application code: use the data APIs " +
			"(`xtk.queryDef.create(…).ExecuteQuery()`, `sqlGetString(…)`), or an external account.",
		Bad: `<jssp name="dbInfo.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var cnx = xtk.session.GetCnxInfo(); %><p><%= cnx.@server %></p>]]></data>
</jssp>`,
		Good: `<jssp name="dbInfo.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var n = sqlGetInt("SELECT count(*) FROM CusOrder"); %><p><%= n %></p>]]></data>
</jssp>`,
		URL: jsDocRN2021 + "#release-21-1-3-build-9330",
	},
	Effort: 2,
	Run: func(p *audit.Pass) {
		jsRunAdminAPI(p, "xtk:session", []string{"GetCnxInfo"},
			"build 21.1.3 restricts it to administrators; do not read connection details from application code")
	},
}

// jsRunAdminAPI reports the calls of admin-only methods of service: in
// code (x.Method(), "service#Method" strings) and in <soapCall> elements.
func jsRunAdminAPI(p *audit.Pass, service string, methods []string, fix string) {
	names := map[string]bool{}
	actions := make([]string, len(methods))
	for i, m := range methods {
		names[m] = true
		actions[i] = service + "#" + m
	}
	for _, c := range jsCodes(p, true, methods...) {
		for i := range c.t {
			tk := c.t[i]
			switch tk.Kind {
			case jsscan.Ident:
				if !names[tk.Text] || c.is(c.next(i), ":") {
					continue
				}
				if !c.isMember(i) && (c.isKeyword(c.prev(i), "function") || c.declaresFunction(tk.Text)) {
					continue
				}
				lo := c.chainStart(i)
				if lo < 0 {
					lo = i
				}
				jsAdminOnlyCall(p, c, i, i, service+"#"+tk.Text+" ("+c.text(lo, i+1)+")", fix)
			case jsscan.String:
				for k := len(actions) - 1; k >= 0; k-- {
					a := actions[k]
					if j := strings.Index(tk.Value, a); j >= 0 && !jsWordAt(tk.Value, j+len(a)) {
						jsAdminOnlyCall(p, c, i, i, "SOAP method "+a, fix)
						break
					}
				}
			}
		}
	}
	kind := jsKindOf(p.Entity, p.Entity.Root)
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "soapCall" || el.AttrValue("service") != service || !names[el.AttrValue("name")] {
			return true
		}
		a := el.AttrNode("name")
		start, end := audit.AttrRange(a)
		what := "<soapCall> of " + service + "#" + a.Value
		switch kind {
		case kindForm, kindWebApp, kindReport, kindJSSP:
			p.Reportf(start, end, "%s in %s, which runs as an operator who need not be an administrator: %s", what, kind, fix)
		default:
			f := p.Newf(start, end, "%s in %s; fine when an administrator runs it, otherwise: %s", what, kind, fix)
			f.Severity = audit.SeverityInfo
			p.Emit(f)
		}
		return true
	})
}

// jsContainsFold reports whether s contains the lower-case ASCII needle,
// ignoring ASCII case, without allocating.
func jsContainsFold(s, needle string) bool {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// jsWordAt reports whether s continues with an identifier character at i
// ("#EvaluateJavaScriptTemplate" is not "#EvaluateJavaScript").
func jsWordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// JSSessionInfo flags uses of xtk:sessionInfo, readable and writable only
// by the internal account in v7.
var JSSessionInfo = &audit.Rule{
	ID:        "JS-005",
	Name:      "session-info-access",
	Title:     "Access to the xtk:sessionInfo schema or the XtkSessionInfo table",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "\"User passwords are no longer stored in the xtk:sessionInfo schema\" and \"READ and WRITE " +
			"permissions for the xtk:sessionInfo schema are only accessible by the internal account\". The rule " +
			"reports the schema wherever customer configuration names it: query and filter schemas, links and " +
			"other attributes of stored XML and of E4X literals, `xtk.sessionInfo` / `NLWS.xtkSessionInfo` in " +
			"scripts, string literals (`schema=\"xtk:sessionInfo\"`, SQL text), and the `XtkSessionInfo` table in " +
			"SQL scripts and SQL activities. Comments, labels and descriptions are ignored, and so are " +
			"`DELETE FROM XtkSessionInfo` purges, which is what the built-in cleanup does.",
		Remediation: "Remove the dependency: sessions and passwords are not readable in v7; authenticate with the " +
			"platform APIs (`xtk:session#Logon`, session tokens) and read operator data from `xtk:operator`.",
		Bad: `<workflow internalName="WKF_sessions" label="Active sessions" xtkschema="xtk:workflow">
  <activities>
    <query name="query" schema="xtk:sessionInfo" label="Sessions">
      <select><node expr="@login"/></select>
    </query>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_sessions" label="Active operators" xtkschema="xtk:workflow">
  <activities>
    <query name="query" schema="xtk:operator" label="Operators">
      <select><node expr="@name"/></select>
    </query>
  </activities>
</workflow>`,
		URL: jsDocNewFeatures,
	},
	Effort: 3,
	Run:    runJSSessionInfo,
}

var (
	jsSessionSchemaRE = regexp.MustCompile(`(?i)\bxtk:sessionInfo\b`)
	jsSessionTableRE  = regexp.MustCompile(`(?i)\bXtkSessionInfo\b`)
	jsSessionPurgeRE  = regexp.MustCompile(`(?i)\bdelete\s+from\s+$`)
)

func runJSSessionInfo(p *audit.Pass) {
	queryElements(p, func(el *xmltree.Element, inE4X bool) {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Expr || !jsContainsFold(a.Value, "sessioninfo") {
				continue
			}
			for _, m := range jsSessionSchemaRE.FindAllStringIndex(a.Value, -1) {
				p.ReportValue(a.ValueSpan, m[0], m[1], "%s=\"%s\" on <%s> uses xtk:sessionInfo, which only the internal account may read or write in v7", a.Name, a.Value, el.Name)
			}
		}
	})
	for _, c := range jsCodes(p, true, "essionInfo", "essioninfo", "ESSIONINFO") {
		for i := range c.t {
			tk := c.t[i]
			switch {
			case tk.Kind == jsscan.Ident && !c.isMember(i) && (tk.Text == "xtk" || tk.Text == "NLWS"):
				n := c.next(i)
				m := c.next(n)
				if c.is(n, ".") && c.isName(m) && (tk.Text == "xtk" && c.t[m].Text == "sessionInfo" || tk.Text == "NLWS" && c.t[m].Text == "xtkSessionInfo") {
					start, end := c.span(i, m)
					p.Reportf(start, end, "%s uses xtk:sessionInfo, which only the internal account may read or write in v7", c.text(i, m+1))
				}
			case tk.Kind == jsscan.String && len(tk.Text) >= 2:
				inner := tk.Text[1 : len(tk.Text)-1]
				sp := c.s.JS.Span.Slice(tk.Start + 1)
				jsReportSessionText(p, inner, sp, "a JavaScript string")
			}
		}
	}
	for _, code := range p.Code() {
		if code.Lang == acc.SQL {
			jsReportSessionText(p, code.Text, code.Span, "SQL")
		}
	}
}

// jsReportSessionText reports xtk:sessionInfo and XtkSessionInfo in text,
// except in DELETE FROM purges.
func jsReportSessionText(p *audit.Pass, text string, sp xmltree.Span, where string) {
	if !jsContainsFold(text, "sessioninfo") {
		return
	}
	for _, m := range jsSessionSchemaRE.FindAllStringIndex(text, -1) {
		p.ReportValue(sp, m[0], m[1], "xtk:sessionInfo in %s: only the internal account may read or write this schema in v7", where)
	}
	for _, m := range jsSessionTableRE.FindAllStringIndex(text, -1) {
		if m[0] > 0 && text[m[0]-1] == ':' {
			continue // xtk:sessionInfo, reported above
		}
		if jsSessionPurgeRE.MatchString(text[max(0, m[0]-40):m[0]]) {
			continue
		}
		p.ReportValue(sp, m[0], m[1], "table XtkSessionInfo in %s: v7 no longer stores passwords there and reserves the schema to the internal account", where)
	}
}

// JSAdminSchemaWrite flags writes to the built-in schemas that v7 reserves
// to administrators.
var JSAdminSchemaWrite = &audit.Rule{
	ID:        "JS-006",
	Name:      "admin-only-schema-write",
	Title:     "Write to an admin-only built-in schema from code that may not run as an administrator",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "\"Certain out-of-the-box schemas have been modified and are now by default only accessible with " +
			"write access for operators with the admin permission\": ncm:publishing, nl:monitoring, nms:calendar " +
			"and 27 xtk schemas (xtk:javascript, xtk:jssp, xtk:srcSchema, xtk:form, xtk:operatorGroup, " +
			"xtk:queryDef, …). The rule finds write documents for those schemas in scripts — E4X literals " +
			"passed to `xtk.session.Write()`/`WriteCollection()` or carrying `_operation=\"insert|update|" +
			"insertOrUpdate|delete\"` with an `xtkschema` of the list — and `.save()` on entities loaded or " +
			"created with `xtk.javascript.load()` and the like. Writes from web applications, reports, JSSP " +
			"pages, browser code, and libraries loaded by them or implementing non-admin SOAP methods are " +
			"warnings; elsewhere (workflows, package imports) an administrator usually runs them: info.",
		Remediation: "Run the write under an administrator or a technical operator with the admin right (for example " +
			"in a technical workflow or a SOAP method declared `access=\"admin\"`), or redesign so that application " +
			"code does not modify configuration entities.",
		Bad: `<webApp internalName="groupJoin" label="Join a group" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>xtk.session.Write(&lt;operatorGroup xtkschema="xtk:operatorGroup" _operation="insert" operator-id={ctx.vars.operatorId} group-id={ctx.vars.groupId}/&gt;);</script></script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="groupJoin" label="Join a group" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>xtk.session.Write(&lt;rcpGrpRel xtkschema="nms:rcpGrpRel" _operation="insert" rcpGroup-id={ctx.vars.groupId} recipient-id={ctx.recipient.@id}/&gt;);</script></script>
  </activities>
</webApp>`,
		URL: jsDocNewFeatures,
	},
	Effort: 3,
	Run:    runJSAdminSchemaWrite,
}

// jsAdminOnlySchemas is Appendix B.2: the built-in schemas only
// administrators may write in v7.
var jsAdminOnlySchemas = map[string]bool{
	"ncm:publishing": true, "nl:monitoring": true, "nms:calendar": true, "xtk:builder": true,
	"xtk:connections": true, "xtk:dbInit": true, "xtk:entityBackupNew": true, "xtk:entityBackupOriginal": true,
	"xtk:entityOriginal": true, "xtk:form": true, "xtk:funcList": true, "xtk:fusion": true, "xtk:image": true,
	"xtk:javascript": true, "xtk:jssp": true, "xtk:jst": true, "xtk:navtree": true, "xtk:operatorGroup": true,
	"xtk:package": true, "xtk:queryDef": true, "xtk:resourceMenu": true, "xtk:rights": true, "xtk:schema": true,
	"xtk:scriptContext": true, "xtk:specFile": true, "xtk:sql": true, "xtk:sqlSchema": true, "xtk:srcSchema": true,
	"xtk:strings": true, "xtk:xslt": true,
}

var jsWriteOperations = map[string]bool{"insert": true, "update": true, "insertOrUpdate": true, "delete": true}

func runJSAdminSchemaWrite(p *audit.Pass) {
	for _, c := range jsCodes(p, true, "Write", "save", "_operation") {
		written := map[int]bool{} // XML literals already reported
		reportDoc := func(x int) {
			if written[x] || c.t[x].XML == nil {
				return
			}
			written[x] = true
			for _, el := range jsWriteDocuments(c.t[x].XML) {
				a := el.AttrNode("xtkschema")
				if a == nil || !jsAdminOnlySchemas[a.Value] {
					continue
				}
				s, e := audit.AttrRange(a)
				jsAdminOnlyWrite(p, c, s, e, "write of "+a.Value+" (<"+el.Name+">)")
			}
		}
		for _, m := range []string{"Write", "WriteCollection"} {
			c.calls(m, func(i, open int, member bool) {
				args := c.args(open)
				if !member || len(args) == 0 {
					return
				}
				if x := c.jsXMLArgument(args[0]); x >= 0 {
					reportDoc(x)
				}
			})
		}
		for x := range c.t {
			if c.t[x].Kind != jsscan.XML || c.t[x].XML == nil || written[x] {
				continue
			}
			if op := c.t[x].XML.AttrValue("_operation"); jsWriteOperations[op] {
				reportDoc(x)
			}
		}
		c.calls("save", func(i, open int, member bool) {
			if !member {
				return
			}
			schema := c.jsEntityFactorySchema(c.prev(c.prev(i)))
			if !jsAdminOnlySchemas[schema] {
				return
			}
			lo := c.chainStart(c.prev(c.prev(i)))
			if lo < 0 {
				lo = i
			}
			s, e := c.span(lo, c.m(open))
			jsAdminOnlyWrite(p, c, s, e, "save() of a "+schema+" entity")
		})
	}
}

// jsWriteDocuments returns the elements of a write document that may
// name a schema: the root, and the items of a collection.
func jsWriteDocuments(root *xmltree.Element) []*xmltree.Element {
	out := []*xmltree.Element{root}
	if strings.HasSuffix(root.Name, "-collection") {
		out = append(out, root.Elements()...)
	}
	return out
}

// jsXMLArgument returns the E4X literal an argument is, or holds through
// its last assignment, or -1.
func (c *jsCode) jsXMLArgument(r [2]int) int {
	if r[0] >= 0 && c.t[r[0]].Kind == jsscan.XML && c.end(r[0]) == r[1] {
		return r[0]
	}
	if c.isName(r[0]) && c.end(r[0]) == r[1] {
		if a, _ := c.lastAssign(c.t[r[0]].Text, r[0]); a != nil && a.kind == assignValue &&
			a.lo >= 0 && c.t[a.lo].Kind == jsscan.XML && c.end(a.lo) == a.hi {
			return a.lo
		}
	}
	return -1
}

// jsEntityFactorySchema returns "ns:schema" when the expression ending at
// token k is, or is a variable holding, `ns.schema.load|create|get(...)`.
func (c *jsCode) jsEntityFactorySchema(k int) string {
	if k < 0 {
		return ""
	}
	lo := c.chainStart(k)
	if lo < 0 {
		return ""
	}
	ch := c.chain(lo, k+1)
	if ch == nil {
		return ""
	}
	if len(ch.steps) == 1 && c.isName(lo) {
		a, _ := c.lastAssign(c.t[lo].Text, lo)
		if a == nil || a.kind != assignValue {
			return ""
		}
		ch = c.chain(a.lo, a.hi)
		if ch == nil || ch.end != a.hi {
			return ""
		}
	}
	st := ch.steps
	if len(st) != 4 || st[0].kind != stepPrimary || st[1].kind != stepMember || st[2].kind != stepMember || st[3].kind != stepCall {
		return ""
	}
	switch st[2].name {
	case "load", "create", "get", "getIfExists", "loadIfExists":
	default:
		return ""
	}
	ns := st[0].name
	if ns == "NLWS" {
		name := st[1].name
		for i := 1; i < len(name); i++ {
			if name[i] >= 'A' && name[i] <= 'Z' {
				return name[:i] + ":" + strings.ToLower(name[i:i+1]) + name[i+1:]
			}
		}
		return ""
	}
	if !entityNamespaces[ns] {
		return ""
	}
	return ns + ":" + st[1].name
}

// jsAdminOnlyWrite reports a write to an admin-only schema by file range.
func jsAdminOnlyWrite(p *audit.Pass, c *jsCode, start, end int64, what string) {
	jsAdminOnly(p, c, start, end, what, "v7 lets only administrators write this schema; run it under an administrator or redesign")
}
