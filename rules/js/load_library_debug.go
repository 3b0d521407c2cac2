package js

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSLoadLibraryDebug flags loadLibraryDebug, removed in 7.3.2.
var JSLoadLibraryDebug = &audit.Rule{
	ID:        "JS-010",
	Name:      "load-library-debug",
	Title:     "loadLibraryDebug, removed in build 7.3.2",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "Release 7.3.2: \"To prevent crashes, the loadLibraryDebug JS method has been removed.\" Scripts " +
			"that still call it fail on current v7 builds. Calls are matched as code (comments and strings are " +
			"ignored); `loadLibrary` is not affected.",
		Remediation: "Load the library with `loadLibrary(\"cus:mylib.js\")`.",
		Bad: `<jssp name="report.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% loadLibraryDebug("cus:reportUtils.js"); %><html><body><%= cus_render() %></body></html>]]></data>
</jssp>`,
		Good: `<jssp name="report.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% loadLibrary("cus:reportUtils.js"); %><html><body><%= cus_render() %></body></html>]]></data>
</jssp>`,
		URL:     docs.RN2023 + "#release-7-3-2-other",
		Rewrite: "`acc-audit fix --unsafe` rewrites `loadLibraryDebug(` as `loadLibrary(`; a suggestion, because the release notes remove the call without naming its replacement.",
	},
	Effort:   0.25,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "loadLibraryDebug") {
			c.Calls("loadLibraryDebug", func(i, open int, member bool) {
				if !member && c.DeclaresFunction("loadLibraryDebug") {
					return
				}
				start, end := c.Span(i, c.M(open))
				lib := ""
				if args := c.Args(open); len(args) > 0 {
					lib = c.Text(args[0][0], args[0][1])
				}
				f := p.Newf(start, end, "loadLibraryDebug was removed in build 7.3.2: write loadLibrary(%s)", lib)
				// The release notes remove the call without naming a
				// replacement: loadLibrary loads the same library, without
				// the debug behaviour, so the rewrite is a suggestion.
				if name := c.T[i]; name.Text == "loadLibraryDebug" {
					s, e := c.Span(i, i)
					p.SuggestFix(&f, "loadLibraryDebug( becomes loadLibrary(", false, p.Edit(s, e, "loadLibrary"))
				}
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					return member || !jsflow.FuncDeclared.Has(ix, "loadLibraryDebug")
				})
			})
		}
	},
}
