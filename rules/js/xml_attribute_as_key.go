package js

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSAttrAsKey flags XML attributes used as object or array keys.
var JSAttrAsKey = &audit.Rule{
	ID:        "JS-002",
	Name:      "xml-attribute-as-key",
	Title:     "XML attribute used as an object or array key without conversion",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
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
		URL:     docs.JavaScript,
		Rewrite: "`acc-audit fix` wraps the key in `String(…)`: `[x.@a]` becomes `[String(x.@a)]`, the conversion v6 made implicitly (safe).",
	},
	Effort:   0.5,
	Keywords: []string{".@", ". @"},
	Run:      runJSAttrAsKey,
}

func runJSAttrAsKey(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, ".@", ". @") {
		// the "[" tokens from the "[" bytes of the source, far fewer than
		// the tokens (see JS-001)
		src, from := c.S.Src(), 0
		for off := strings.IndexByte(src, '['); off >= 0; off = nextByte(src, off, '[') {
			i, found := c.TokenAt(off, from)
			from = i
			if !found || !c.Is(i, "[") || c.M(i) < 0 {
				continue
			}
			pr := c.Prev(i)
			if pr < 0 || c.Is(pr, "@") {
				continue
			}
			tp := c.T[pr]
			subscript := tp.Kind == jsscan.Ident && (!tp.Keyword || tp.Text == "this") || tp.Kind == jsscan.XML ||
				tp.Kind == jsscan.String || c.Is(pr, ")") || c.Is(pr, "]")
			if !subscript {
				continue
			}
			lo, hi := c.Next(i), c.M(i)
			if lo < 0 || lo >= hi {
				continue
			}
			ch := c.Chain(lo, hi)
			if ch == nil || ch.End != hi || len(ch.Steps) < 2 || ch.Steps[len(ch.Steps)-1].Kind != jsflow.StepAttr {
				continue
			}
			if rs := c.ChainStart(pr); rs >= 0 && c.TypeOf(rs, i, 0).Kind == jsflow.XMLValue {
				continue // indexing an XML list
			}
			start, end := c.Span(lo, c.Prev(hi))
			key := c.Text(lo, hi)
			f := p.Newf(start, end, "XML attribute %s used as a key: v7 no longer converts it to a string; write [String(%s)]", key, key)
			// The conversion v6 made implicitly, written out: same key.
			p.SuggestFix(&f, "["+key+"] becomes [String("+key+")]", true, p.Edit(start, start, "String("), p.Edit(end, end, ")"))
			p.Emit(f)
		}
	}
}
