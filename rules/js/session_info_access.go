package js

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

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

// JSSessionInfo flags uses of xtk:sessionInfo, readable and writable only
// by the internal account in v7.
var JSSessionInfo = &audit.Rule{
	ID:        "JS-005",
	Name:      "session-info-access",
	Title:     "Access to the xtk:sessionInfo schema or the XtkSessionInfo table",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.JS,
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
		URL: docs.NewFeatures,
	},
	Effort:   3,
	Keywords: []string{"sessioninfo"},
	Run:      runJSSessionInfo,
}

var (
	jsSessionSchemaRE = regexp.MustCompile(`(?i)\bxtk:sessionInfo\b`)
	jsSessionTableRE  = regexp.MustCompile(`(?i)\bXtkSessionInfo\b`)
	jsSessionPurgeRE  = regexp.MustCompile(`(?i)\bdelete\s+from\s+$`)
)

func runJSSessionInfo(p *audit.Pass) {
	query.QueryElements(p, func(el *xmltree.Element, inE4X bool) {
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
	for _, c := range jsflow.Codes(p, true, "essionInfo", "essioninfo", "ESSIONINFO") {
		for i := range c.T {
			tk := c.T[i]
			switch {
			case tk.Kind == jsscan.Ident && !c.IsMember(i) && (tk.Text == "xtk" || tk.Text == "NLWS"):
				n := c.Next(i)
				m := c.Next(n)
				if c.Is(n, ".") && c.IsName(m) && (tk.Text == "xtk" && c.T[m].Text == "sessionInfo" || tk.Text == "NLWS" && c.T[m].Text == "xtkSessionInfo") {
					start, end := c.Span(i, m)
					p.Reportf(start, end, "%s uses xtk:sessionInfo, which only the internal account may read or write in v7", c.Text(i, m+1))
				}
			case tk.Kind == jsscan.String && len(tk.Text) >= 2:
				inner := tk.Text[1 : len(tk.Text)-1]
				sp := c.S.JS().Span.Slice(tk.Start + 1)
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
