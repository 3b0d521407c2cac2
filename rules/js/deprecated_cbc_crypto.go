package js

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSDeprecatedCrypto flags the CBC-based encryption functions.
var JSDeprecatedCrypto = &audit.Rule{
	ID:        "JS-009",
	Name:      "deprecated-cbc-crypto",
	Title:     "Deprecated CBC encryption function cryptString, Encrypt or EncryptServerPassword",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "Campaign deprecated its AES-CBC functions for AES-GCM ones: \"The following functions are fully " +
			"deprecated: cryptString, Encrypt, EncryptServerPassword\". The rule reports calls of the JavaScript " +
			"function `cryptString(…)`, of the xtk:session methods `Encrypt` and `EncryptServerPassword` " +
			"(`xtk.session.Encrypt(…)`, SOAP names `\"xtk:session#Encrypt\"` in strings, `<soapCall name=\"Encrypt\" " +
			"service=\"xtk:session\"/>`), matching names exactly; the GCM replacements `encryptString`, " +
			"`EncryptString` and `EncryptStringWithServerPassword` are not reported, nor are functions of the same " +
			"name declared by the customer's own code.",
		Remediation: "Use the GCM functions: `encryptString(value)` in JavaScript, `xtk.session.EncryptString(value)` " +
			"or `xtk.session.EncryptStringWithServerPassword(value)` through the API.",
		Bad: `<javascript name="tokens.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function cus_token(id) { return cryptString(String(id)); }]]></data>
</javascript>`,
		Good: `<javascript name="tokens.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function cus_token(id) { return encryptString(String(id)); }]]></data>
</javascript>`,
		URL:     docs.GCM + "#depracated-functions",
		Rewrite: "`acc-audit fix --unsafe` rewrites `cryptString(` as `encryptString(`; a suggestion, because the ciphertext changes and whatever decrypts it elsewhere must change too.",
	},
	Effort:   1,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Run:      runJSDeprecatedCrypto,
}

var jsCBCReplacement = map[string]string{
	"cryptString":           "encryptString()",
	"Encrypt":               "xtk.session.EncryptString()",
	"EncryptServerPassword": "xtk.session.EncryptStringWithServerPassword()",
}

func runJSDeprecatedCrypto(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, true, "rypt") {
		for name, repl := range jsCBCReplacement {
			c.Calls(name, func(i, open int, member bool) {
				if member {
					recv := strings.ToLower(c.Text(c.ChainStart(c.Prev(c.Prev(i))), c.Prev(i)))
					if name == "cryptString" || !strings.Contains(recv, "session") {
						return
					}
				} else if c.DeclaresFunction(name) {
					return
				}
				start, end := c.Span(i, c.M(open))
				f := p.Newf(start, end, "%s: %s is a deprecated CBC function; use %s", c.Text(c.ChainStart(i), c.M(open)+1), name, repl)
				// The GCM function takes the same argument but writes another
				// ciphertext: whatever decrypts it outside Campaign must
				// follow, so the rewrite is only a suggestion.
				if name == "cryptString" && !member {
					s, e := c.Span(i, i)
					p.SuggestFix(&f, "cryptString( becomes encryptString(", false, p.Edit(s, e, "encryptString"))
				}
				if member {
					p.Emit(f)
					return
				}
				fn := name
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					return !jsflow.FuncDeclared.Has(ix, fn)
				})
			})
		}
		for i := range c.T {
			if c.T[i].Kind != jsscan.String {
				continue
			}
			for _, m := range []string{"EncryptServerPassword", "Encrypt"} {
				a := "xtk:session#" + m
				if j := strings.Index(c.T[i].Value, a); j >= 0 && !jsWordAt(c.T[i].Value, j+len(a)) {
					start, end := c.Span(i, i)
					p.Reportf(start, end, "SOAP method %s is a deprecated CBC function; use %s", a, jsCBCReplacement[m])
					break
				}
			}
		}
	}
	if !p.Mentions("soapcall") {
		return // see jsRunAdminAPI
	}
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() == "soapCall" && el.AttrValue("service") == "xtk:session" {
			if n := el.AttrValue("name"); n == "Encrypt" || n == "EncryptServerPassword" {
				p.ReportAttr(el.AttrNode("name"), "<soapCall> of xtk:session#%s, a deprecated CBC function; use %s", n, jsCBCReplacement[n])
			}
		}
		return true
	})
}
