package js

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSAttrOnNonXML flags `.@attr` on values that are JavaScript objects.
var JSAttrOnNonXML = &audit.Rule{
	ID:        "JS-001",
	Name:      "attribute-syntax-on-non-xml",
	Title:     "E4X attribute syntax .@ used on a JavaScript object",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
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
		URL:     docs.JavaScript,
		Rewrite: "`acc-audit fix` rewrites `obj.@field` as `obj.field` (`obj[\"field-name\"]` for names that are not identifiers) where the object is known not to be XML (personalisation data, an entity loaded with load()); safe: that property access is what v7 reads. Unknown receivers are left alone.",
	},
	Effort:   0.5,
	Keywords: []string{".@", ". @"},
	Run:      runJSAttrOnNonXML,
}

func runJSAttrOnNonXML(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, ".@", ". @") {
		// Outside delivery personalisation only objects are reported:
		// a receiver that cannot be one needs no type inference, the
		// costly part, unless another rule already paid for it.
		var mayBeObject func(lo, hi int) bool
		if c.Env == nil {
			mayBeObject = c.MayBeObject()
		}
		// The uses are "@" tokens after "." or "..": found from the "@"
		// bytes of the source (tokens are sorted by their start), far
		// fewer than the tokens.
		src := c.S.Src()
		from := 0
		for off := strings.IndexByte(src, '@'); off >= 0; off = nextByte(src, off, '@') {
			at, found := c.TokenAt(off, from)
			from = at
			if !found || !c.Is(at, "@") {
				continue
			}
			i := c.Prev(at)
			if !c.Is(i, ".") && !c.Is(i, "..") {
				continue
			}
			nameTok := c.Next(at)
			if nameTok < 0 {
				continue
			}
			last, attr := nameTok, c.T[nameTok].Text
			if c.Is(nameTok, "[") && c.M(nameTok) > nameTok {
				last = c.M(nameTok)
				attr = "…"
				if s := c.Next(nameTok); s >= 0 && c.T[s].Kind == jsscan.String && c.Next(s) == last {
					attr = c.T[s].Value
				}
			}
			r := c.Prev(i)
			if r < 0 {
				continue
			}
			lo := c.ChainStart(r)
			if lo < 0 {
				continue
			}
			if mayBeObject != nil && !mayBeObject(lo, i) {
				continue
			}
			ty := c.TypeOf(lo, i, 0)
			recv := c.Text(lo, i)
			start, end := c.Span(i, last)
			access := recv + c.T[i].Text + "@" + attr
			// The context of a Message Center event (rtEvent.ctx,
			// batchEvent.ctx) is the event's <ctx> element: XML, .@ is valid.
			eventCtx := false
			for _, p := range []string{"rtEvent.ctx", "batchEvent.ctx"} {
				eventCtx = eventCtx || recv == p || strings.HasPrefix(recv, p+".") || strings.HasPrefix(recv, p+"[")
			}
			switch {
			case ty.Kind == jsflow.Object:
				fix := fmt.Sprintf("%s[%q]", recv, attr)
				if jsIsIdentifier(attr) && (ty.What == jsflow.Personalisation || strings.HasPrefix(ty.What, "a JavaScript entity")) {
					fix = recv + "." + attr
				}
				f := p.Newf(start, end, "%s: %s is %s, not XML; v7 refuses .@ on it: write %s", access, recv, ty.What, fix)
				if c.Kind == jsflow.KindDelivery {
					f.Severity = audit.SeverityError
				}
				// The object is known not to be XML: the property access is
				// what v7 reads, a mechanical rewrite.
				if attr != "…" && c.T[i].Text == "." {
					p.SuggestFix(&f, access+" becomes "+fix, true, p.Edit(start, end, strings.TrimPrefix(fix, recv)))
				}
				p.Emit(f)
			case ty.Kind == jsflow.Unknown && c.Kind == jsflow.KindDelivery && !eventCtx:
				f := p.Newf(start, end, "%s in delivery personalisation: v7 only accepts .@ there on XML (an E4X literal, the result of ExecuteQuery()); if %s is a JavaScript object write %s[%q]", access, recv, recv, attr)
				f.Severity = audit.SeverityInfo
				p.Emit(f)
			}
		}
	}
}

// nextByte returns the offset of the next b in s after off, or -1.
func nextByte(s string, off int, b byte) int {
	if k := strings.IndexByte(s[off+1:], b); k >= 0 {
		return off + 1 + k
	}
	return -1
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
