package rpt

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// reportName names the report of a pass for messages.
func reportName(p *audit.Pass) string {
	s := "report " + p.Entity.Key
	if l := strings.TrimSpace(p.Entity.Label); l != "" {
		s += " (" + walk.Shorten(l, 60) + ")"
	}
	return s
}

// ReportJavaScript flags report pages and script activities holding
// JavaScript, to adapt and test after the move to the v6.x rendering.
var ReportJavaScript = &audit.Rule{
	ID:        "RPT-001",
	Name:      "report-javascript",
	Title:     "Report with JavaScript to check under the v7 rendering and export engines",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Reports,
	Doc: audit.Doc{
		Rationale: "\"All standard reports currently use rendering engine v6.x. If you had added JavaScript into these " +
			"reports, certain elements may no longer work\"; for personalized reports, \"check all of your scripts\" " +
			"and \"test every report, particularly the exporting function\". The rule reports, once per activity " +
			"(page, script, test...) of an xtk:report, the JavaScript it holds: script code, server-side " +
			"<% %> blocks in page markup, and client-side <script> elements. Pages made of plain markup are not " +
			"reported. A built-in report (a name from the list of reports, in a Campaign namespace) is reported " +
			"as info: only its customised scripts need work.",
		Remediation: "Republish the report so that it uses the v6.x rendering engine, then check each script: rewrite " +
			"code written for the old engine (Flash charts, direct DOM access to generated ids) with the report " +
			"API, and test the display and every export (PDF, Excel) of the report.",
		Bad: `<report label="Orders per store" name="ordersPerStore" namespace="cus" xtkschema="xtk:report">
  <activities>
    <page label="Orders" name="page">
      <html><![CDATA[<div id="chart"></div>
<script>document.getElementById("chart").innerHTML = "<%= ctx.vars.total %>";</script>]]></html>
    </page>
  </activities>
</report>`,
		Good: `<report label="Orders per store" name="ordersPerStore" namespace="cus" xtkschema="xtk:report">
  <activities>
    <page label="Orders" name="page">
      <html><![CDATA[<div class="total">Orders per store</div>]]></html>
    </page>
  </activities>
</report>`,
		URL: docs.Reports,
	},
	Effort:  2,
	Schemas: []string{"xtk:report"},
	Run:     runReportJavaScript,
}

// reportJSGroup gathers the JavaScript of one activity of a report.
type reportJSGroup struct {
	first                *acc.Code
	script, server, user bool
}

func runReportJavaScript(p *audit.Pass) {
	var order []*xmltree.Element // activities in document order, nil for the report itself
	groups := map[*xmltree.Element]*reportJSGroup{}
	get := func(c *acc.Code) *reportJSGroup {
		a := walk.ActivityOf(c.Elem)
		g := groups[a]
		if g == nil {
			g = &reportJSGroup{first: c}
			groups[a] = g
			order = append(order, a)
		}
		return g
	}
	client := map[*acc.Code]bool{}
	for _, s := range p.Scripts() {
		if !s.Server && len(s.JS().Code()) > 0 {
			client[s.Code] = true
		}
	}
	for _, c := range p.Code() {
		switch {
		case c.Lang == acc.JS:
			get(c).script = true
		case jsscan.HasTemplate(c.Text) && strings.TrimSpace(jsscan.TemplateJS(c.Text)) != "":
			get(c).server = true
		}
		if client[c] {
			get(c).user = true
		}
	}
	builtin := isBuiltinReport(p.Entity)
	for _, a := range order {
		g := groups[a]
		var kinds []string
		if g.script {
			kinds = append(kinds, "script code")
		}
		if g.server {
			kinds = append(kinds, "server-side <% %> code")
		}
		if g.user {
			kinds = append(kinds, "client-side <script>")
		}
		where := reportName(p)
		if a != nil {
			where = walk.DescribeActivity(a) + " of " + where
		}
		s, e := walk.CodeRange(g.first)
		f := p.Newf(s, e, "%s holds JavaScript (%s): v7 renders reports with the v6.x engine and exports PDF with PhantomJS; "+
			"republish the report, check the scripts and test its display and exports", where, strings.Join(kinds, ", "))
		if builtin {
			f.Severity = audit.SeverityInfo
			f.Message += " (built-in report: only customised scripts need work)"
		}
		p.Emit(f)
	}
}
