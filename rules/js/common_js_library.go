package js

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// The vendor's post-upgrade check searches three more strings in every
// stored entity: common.js (PU-0002), logon( (PU-0003) and
// new SoapMethodCall( (PU-0004). The rules of this file and of
// logon_connection_method.go and soap_method_call.go find what those
// searches mean, in code only, and without their misses.

// JSCommonLibrary flags references to the platform's common.js library.
var JSCommonLibrary = &audit.Rule{
	ID:        "JS-013",
	Name:      "common-js-library",
	Title:     "Dependency on the platform's common.js library",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.JS,
	Compat:    []string{"PU-0002"},
	Doc: audit.Doc{
		Rationale: "The post-upgrade check reports `common.js` (PU-0002): \"This library must not be used.\" The " +
			"rule reports the places that actually load a platform library of that name: `loadLibrary(…)`, " +
			"`NL.require(…)`, `xtk.javascript.get(…)`/`load(…)`, `<%@ page import=\"…\" %>` and `<script src=\"…\">` " +
			"naming `common.js` in a reserved namespace (`xtk:common.js`, `nms:common.js`), under a platform " +
			"path (`/nl/…/common.js`, `/xtk/…/common.js`) or without namespace. Customer libraries that happen " +
			"to be called common.js (`cus:common.js`, any non-reserved namespace, or a library exported in " +
			"the same scan) are not reported, nor are comments and prose, which the vendor's plain text " +
			"search does report.",
		Remediation: "Remove the dependency: copy the functions the code needs into a library of your own " +
			"namespace (`loadLibrary(\"cus:myHelpers.js\")`); no replacement is documented.",
		Bad: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[loadLibrary("xtk:common.js");
function cus_export() { return formatDate(new Date(), "%4Y%2M%2D"); }]]></data>
</javascript>`,
		Good: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[loadLibrary("cus:common.js");
function cus_export() { return formatDate(new Date(), "%4Y%2M%2D"); }]]></data>
</javascript>`,
		URL: docs.JSCheck,
	},
	Effort:   2,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Run:      runJSCommonLibrary,
}

// jsPlatformCommon reports whether a library reference names the
// platform's common.js, and how to describe it.
func jsPlatformCommon(ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if k := strings.IndexAny(ref, "?#"); k >= 0 {
		ref = ref[:k]
	}
	if strings.Contains(ref, "/") {
		if !strings.HasSuffix(ref, "/common.js") {
			return "", false
		}
		if strings.Contains(ref, "://") {
			return "", false // an external or CDN file
		}
		seg := strings.Split(strings.TrimPrefix(ref, "/"), "/")[0]
		if jsflow.ReservedNamespaces[strings.ToLower(seg)] {
			return "a platform path", true
		}
		return "", false
	}
	ns, name, ok := strings.Cut(ref, ":")
	if !ok {
		if ref == "common.js" {
			return "no namespace", true
		}
		return "", false
	}
	if (name == "common.js" || name == "common") && jsflow.ReservedNamespaces[ns] {
		return "the reserved namespace " + ns, true
	}
	return "", false
}

var jsScriptSrcRE = regexp.MustCompile(`(?i)<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']`)

func runJSCommonLibrary(p *audit.Pass) {
	report := func(start, end int64, ref, how, via string) {
		f := p.Newf(start, end, "%s loads %s (%s): this platform library must not be used in v7; copy what you need into a library of your own namespace", via, ref, how)
		key := strings.TrimSpace(ref)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			return !jsflow.LibDefined.Has(ix, key)
		})
	}
	for _, c := range jsflow.Codes(p, true, "common") {
		for _, name := range []string{"loadLibrary", "require", "get", "load"} {
			c.Calls(name, func(i, open int, member bool) {
				switch name {
				case "require":
					if q := c.Prev(c.Prev(i)); !member || q < 0 || c.T[q].Text != "NL" {
						return
					}
				case "get", "load":
					if q := c.Prev(c.Prev(i)); !member || q < 0 || c.T[q].Text != "javascript" && c.T[q].Text != "xtkJavascript" {
						return
					}
				}
				args := c.Args(open)
				if len(args) == 0 {
					return
				}
				ref, ok := c.Literal(args[0])
				if !ok {
					return
				}
				if how, bad := jsPlatformCommon(ref); bad {
					start, end := c.Span(args[0][0], args[0][0])
					report(start, end, ref, how, c.Text(c.ChainStart(i), i+1)+"()")
				}
			})
		}
	}
	for _, code := range p.Code() {
		// Every reference below is a piece of the text, and
		// jsPlatformCommon accepts none without "common".
		if code.Lang != acc.Template || !strings.Contains(code.Text, "common") {
			continue
		}
		if jsscan.HasTemplate(code.Text) {
			for _, part := range code.Parts() {
				if part.Kind != jsscan.DirectivePart || part.Directive == nil || part.Directive.Name != "page" {
					continue
				}
				// One import attribute lists several libraries,
				// comma-separated: each is a reference of its own.
				imp := part.Directive.Attrs["import"]
				at := strings.Index(code.Text[part.Start:part.End], imp)
				for _, ref := range webapp.PageImports(imp) {
					how, bad := jsPlatformCommon(ref)
					if !bad {
						continue
					}
					k := part.Start + max(at, 0)
					if at >= 0 {
						k += strings.Index(imp, ref)
					}
					s, e := audit.ValueRange(code.Span, k, k+len(ref))
					report(s, e, ref, how, "<%@ page import %>")
				}
			}
		}
		for _, m := range jsScriptSrcRE.FindAllStringSubmatchIndex(code.Text, -1) {
			src := code.Text[m[2]:m[3]]
			if how, bad := jsPlatformCommon(src); bad {
				s, e := audit.ValueRange(code.Span, m[2], m[3])
				report(s, e, src, how, "<script src>")
			}
		}
	}
}
