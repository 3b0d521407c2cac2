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
			"the upgrade. Calls on ASCII literals, numbers and identifiers (`…id`, `cryptedId`), calls whose " +
			"result is ASCII (parseInt, Number, Math.…, toISOString, toFixed, encodeURIComponent, String() or toString() " +
			"of such a value, formatDate with numeric fields only), and concatenations of these only, are not reported.",
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
				if jsASCIIConcat(c, args[0]) {
					return
				}
				start, end := c.Span(i, c.M(open))
				p.Reportf(start, end, "urlEncode(%s) encodes non-ASCII characters differently since build 18.4: re-test what consumes the result", c.Text(args[0][0], args[0][1]))
			})
		}
	},
}

// jsASCIIConcat reports whether a concatenation of ASCII-only parts
// ("page=" + 12) is ASCII too.
func jsASCIIConcat(c *jsflow.Code, r [2]int) bool {
	for _, part := range c.ConcatParts(r) {
		if part[0] >= part[1] || !jsASCIIOnly(c, part) {
			return false
		}
	}
	return true
}

// asciiResults are functions and methods whose result is ASCII whatever
// their argument: numbers (parseInt, Number, Math.round, getTime), ISO
// dates and fixed-point texts, and percent-encoded texts, which the 18.4
// correction leaves as they were.
var asciiResults = map[string]bool{
	"parseInt": true, "parseFloat": true, "Number": true, "toISOString": true, "toFixed": true,
	"getTime": true, "encodeURIComponent": true, "encodeURI": true, "escape": true,
}

// jsASCIIOnly reports whether an argument is known to hold ASCII only: a
// literal without non-ASCII characters, a number, an identifier, or a call
// whose result is ASCII (asciiCall).
func jsASCIIOnly(c *jsflow.Code, r [2]int) bool {
	if asciiCall(c, r) {
		return true
	}
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

// asciiCall reports whether r is a call whose result is ASCII: a function
// of asciiResults or of Math, String(x) or x.toString() of an ASCII x, and
// formatDate with a literal format of numeric fields only (%4Y-%2M-%2D;
// month and day names may not be ASCII).
func asciiCall(c *jsflow.Code, r [2]int) bool {
	closing := r[1] - 1
	if closing <= r[0] || !c.Is(closing, ")") {
		return false
	}
	open := c.M(closing)
	callee := c.Prev(open)
	if open <= r[0] || callee < r[0] || c.T[callee].Kind != jsscan.Ident {
		return false
	}
	name := c.T[callee].Text
	dot := c.Prev(callee)
	member := dot >= r[0] && c.Is(dot, ".")
	switch {
	case asciiResults[name]:
		return true
	case member && c.Prev(dot) == r[0] && c.T[r[0]].Text == "Math":
		return true
	case name == "String" && !member:
		args := c.Args(open)
		return len(args) == 1 && jsASCIIConcat(c, args[0])
	case name == "toString" && member:
		return jsASCIIOnly(c, [2]int{r[0], dot})
	case name == "formatDate" && !member:
		args := c.Args(open)
		if len(args) != 2 {
			return false
		}
		f, ok := c.Literal(args[1])
		if !ok {
			return false
		}
		for i := 0; i < len(f); i++ {
			if f[i] >= utf8.RuneSelf || f[i] == '%' && (i+1 == len(f) || f[i+1] < '0' || f[i+1] > '9') {
				return false
			}
		}
		return true
	}
	return false
}
