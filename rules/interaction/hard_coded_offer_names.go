package interaction

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

var (
	// proposalCategories matches the c= (categories) parameter of a
	// call to the Interaction engine.
	proposalCategories = regexp.MustCompile(`(?i)interactionProposal\.js(?:sp)?\?[^"'\s<>]*?\bc=([^&"'\s<>]+)`)
	// offerNameCond matches a condition on the internal name of an
	// offer or category.
	offerNameCond = regexp.MustCompile(`(?i)(?:^|[\s(\[/])@name\]?\s*(?:=|IN\s*\()\s*'([^']+)'`)
)

// HardCodedOfferNames flags inbound-channel code that names offers or
// categories.
var HardCodedOfferNames = &audit.Rule{
	ID:        "INT-005",
	Name:      "hard-coded-offer-names",
	Title:     "Offer or category internal names hard-coded on an inbound channel",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionLow,
	Category:  area.Interaction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "After the v7 migration, offers are deployed from a design environment to the live one: \"The names of " +
			"categories and offers online are modified after going live. On the incoming channel, update all " +
			"references to offers and categories.\" The rule reports, in JSSP, web applications, JavaScript " +
			"libraries and templates: category lists written in the c= parameter of interactionProposal.js/.jssp " +
			"URLs, string literals passed as the categories argument of Propose(), and queries on nms:offer or " +
			"nms:offerCategory that select by @name. Values computed at run time are not reported.",
		Remediation: "After going live, replace the names by those of the live environment, or better, read them at run " +
			"time (an option, a request parameter: `var categories = request.getParameter(\"c\")`).",
		Bad: `<jssp name="offers.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<html><body>
<div id="i_SPC12"></div>
<script id="interactionProposalScript" src="https://shop.example.com/nl/interactionProposal.js?env=OE3&c=CAT_SUMMER" type="text/javascript"></script>
</body></html>]]></data>
</jssp>`,
		Good: `<jssp name="offers.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<html><body>
<div id="i_SPC12"></div>
<script id="interactionProposalScript" src="https://shop.example.com/nl/interactionProposal.js?env=OE3&c=<%= getOption('cusOfferCategories') %>" type="text/javascript"></script>
</body></html>]]></data>
</jssp>`,
		URL: docs.IntTests,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:jssp", "nms:webApp", "xtk:javascript", "xtk:jst"},
	Run:     runHardCodedOfferNames,
}

func runHardCodedOfferNames(p *audit.Pass) {
	srcschema.Sites(p, func(s srcschema.Site) {
		for _, m := range proposalCategories.FindAllStringSubmatchIndex(s.Text, -1) {
			v := s.Text[m[2]:m[3]]
			if s.Skipped(m[2]) || strings.HasPrefix(v, "<%") || strings.HasPrefix(v, "{") {
				continue
			}
			p.ReportValue(s.Span, m[2], m[3], "offer category names %q hard-coded in the c= parameter of an Interaction call: category names change when offers go live in v7", v)
		}
	})
	for _, s := range p.Scripts() {
		code := s.JS().Code()
		for i := 0; i+2 < len(code); i++ {
			if code[i].Kind != jsscan.Ident || code[i].Text != "Propose" || code[i+1].Text != "(" || i == 0 || code[i-1].Text != "." {
				continue
			}
			if t, ok := nthArg(code, i+1, 2); ok && t.Kind == jsscan.String && strings.TrimSpace(t.Value) != "" {
				p.ReportToken(s, t, "offer category names %s hard-coded in the categories argument of Propose(): category names change when offers go live in v7", t.Text)
			}
		}
		for _, t := range s.JS().Tokens {
			if t.Kind != jsscan.XML || t.XML == nil {
				continue
			}
			t.XML.Walk(func(el *xmltree.Element) bool {
				if el.LocalName() != "queryDef" && el.LocalName() != "subQuery" {
					return true
				}
				schema := strings.TrimSpace(el.AttrValue("schema"))
				if schema != "nms:offer" && schema != "nms:offerCategory" {
					return true
				}
				el.Walk(func(c *xmltree.Element) bool {
					a := c.AttrNode("expr")
					if c.LocalName() != "condition" || a == nil || a.Expr {
						return true
					}
					for _, m := range offerNameCond.FindAllStringSubmatchIndex(a.Value, -1) {
						p.ReportValue(a.ValueSpan, m[2], m[3], "%s internal name %q hard-coded in a query on %s: names change when offers go live in v7",
							strings.TrimPrefix(schema, "nms:"), a.Value[m[2]:m[3]], schema)
					}
					return true
				})
				return false
			})
		}
	}
}

// nthArg returns the argument n (0-based) of the call whose "(" is
// code[open], when that argument is a single token.
func nthArg(code []jsscan.Token, open, n int) (jsscan.Token, bool) {
	depth, arg, start := 0, 0, open+1
	for i := open + 1; i < len(code); i++ {
		switch code[i].Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				if arg == n && i-start == 1 {
					return code[start], true
				}
				return jsscan.Token{}, false
			}
			depth--
		case ",":
			if depth == 0 {
				if arg == n {
					return code[start], i-start == 1
				}
				arg++
				start = i + 1
			}
		}
	}
	return jsscan.Token{}, false
}
