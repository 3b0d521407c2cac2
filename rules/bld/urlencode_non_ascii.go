package bld

import (
	"strings"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// BuildURLEncode flags urlEncode calls whose argument may hold non-ASCII
// text.
var BuildURLEncode = &audit.Rule{
	ID:        "BLD-006",
	Name:      "urlencode-non-ascii",
	Title:     "urlEncode on text that may hold non-ASCII characters",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Build 18.4 corrected `urlEncode` for non-ASCII characters: \"If you were relying on the " +
			"'urlEncode' behavior for non ASCII character, you will have to adapt your code\". Code that built " +
			"URLs, signatures or keys from encoded names, labels or free text produces different strings after " +
			"the upgrade. Calls on ASCII literals, numbers and identifiers (`…id`, `cryptedId`), and on " +
			"concatenations of these only, are not reported.",
		Remediation: "Re-test what consumes the encoded value (links, signatures, partner APIs) with accented input; " +
			"prefer `encodeURIComponent()` when a standard UTF-8 percent-encoding is expected.",
		Bad: `<workflow internalName="WKF_links" label="Links" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.link = "https://shop.example.com/search?q=" + urlEncode(vars.productLabel);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_links" label="Links" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.link = "https://shop.example.com/item?id=" + urlEncode(vars.productId);</script></js>
  </activities>
</workflow>`,
		URL: docs.OldRN + "release-18_4---build-8931.md",
	},
	Effort: 0.5,
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "urlEncode") {
			c.Calls("urlEncode", func(i, open int, member bool) {
				if !member && c.DeclaresFunction("urlEncode") {
					return
				}
				args := c.Args(open)
				if len(args) == 0 {
					return
				}
				// A concatenation of ASCII-only parts ("page=" + 12) is ASCII too.
				ascii := true
				for _, part := range c.ConcatParts(args[0]) {
					ascii = ascii && part[0] < part[1] && jsASCIIOnly(c, part)
				}
				if ascii {
					return
				}
				start, end := c.Span(i, c.M(open))
				p.Reportf(start, end, "urlEncode(%s) encodes non-ASCII characters differently since build 18.4: re-test what consumes the result", c.Text(args[0][0], args[0][1]))
			})
		}
	},
}

// jsASCIIOnly reports whether an argument is known to hold ASCII only: a
// literal without non-ASCII characters, a number, or an identifier.
func jsASCIIOnly(c *jsflow.Code, r [2]int) bool {
	if v, ok := c.Literal(r); ok {
		for i := 0; i < len(v); i++ {
			if v[i] >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	last := c.T[r[1]-1]
	if c.End(r[0]) == r[1] && c.T[r[0]].Kind == jsscan.Number {
		return true
	}
	if last.Kind == jsscan.Ident {
		n := last.Text
		return n == "id" || strings.HasSuffix(n, "Id") || strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "-id")
	}
	return false
}
