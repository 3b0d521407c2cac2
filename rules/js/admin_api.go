package js

import (
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// jsRunAdminAPI reports the calls of admin-only methods of service: in
// code (x.Method(), "service#Method" strings) and in <soapCall> elements.
func jsRunAdminAPI(p *audit.Pass, service string, methods []string, fix string) {
	// one or two methods: a map and the "service#method" strings, built
	// for every entity, cost more than the searches
	isMethod := func(name string) bool { return slices.Contains(methods, name) }
	for _, c := range jsflow.Codes(p, true, methods...) {
		for i := range c.T {
			tk := c.T[i]
			switch tk.Kind {
			case jsscan.Ident:
				if !isMethod(tk.Text) || c.Is(c.Next(i), ":") {
					continue
				}
				if !c.IsMember(i) && (c.IsKeyword(c.Prev(i), "function") || c.DeclaresFunction(tk.Text)) {
					continue
				}
				lo := c.ChainStart(i)
				if lo < 0 {
					lo = i
				}
				jsflow.AdminOnlyCall(p, c, i, i, service+"#"+tk.Text+" ("+c.Text(lo, i+1)+")", fix)
			case jsscan.String:
				// Only a string that is the SOAP action itself (a SOAPAction
				// header, an addMethod argument) can reach the server; a
				// sentence naming the method (a log message, a comment in a
				// string) calls nothing.
				v := strings.TrimPrefix(strings.Trim(tk.Value, " \t\r\n\"'"), "urn:")
				if m, ok := strings.CutPrefix(v, service+"#"); ok && isMethod(m) {
					jsflow.AdminOnlyCall(p, c, i, i, "SOAP method "+v, fix)
				}
			}
		}
	}
	// an element's name is written out in the source: an entity that
	// does not mention soapCall has none to walk for
	if !p.Mentions("soapcall") {
		return
	}
	kind := jsflow.KindOf(p.Entity, p.Entity.Root)
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "soapCall" || el.AttrValue("service") != service || !isMethod(el.AttrValue("name")) {
			return true
		}
		a := el.AttrNode("name")
		start, end := audit.AttrRange(a)
		what := "<soapCall> of " + service + "#" + a.Value
		switch kind {
		case jsflow.KindForm, jsflow.KindWebApp, jsflow.KindReport, jsflow.KindJSSP:
			p.Reportf(start, end, "%s in %s, which runs as an operator who need not be an administrator: %s", what, kind, fix)
		default:
			f := p.Newf(start, end, "%s in %s; fine when an administrator runs it, otherwise: %s", what, kind, fix)
			f.Severity = audit.SeverityInfo
			p.Emit(f)
		}
		return true
	})
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
