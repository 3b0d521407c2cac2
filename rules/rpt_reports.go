package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// opsBuiltinReports are the internal names of the reports Campaign ships
// (reporting/using/list-of-reports.md, plus the conflict example of the
// migration guide).
var opsBuiltinReports = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`recipientActivity throughput errors deliveryFeedback mobileAppDeliveryFeedback
		browserStatistics deliveryForward hoturls deliveryHypothesis statisticsPerDelivery forwardActivities
		trackingStatistics deliverySending deliveryStatistics osStatistics deliveryFeedbackSocial topUrlDelivery
		operationRecipientActivity operationThroughput budgetOperationExpenses operationErrors budgetExplorerOperation
		operationFeedback operationForward operationHypothesis forwardActivityOpt operationStatistics
		operationTopUrlDelivery socialAcquisitionsByWebapp mobileAppDistribution subscriptionsProgress
		socialReactionRate mobileAppReactivityRate budgetProgramCost budgetEvolution budgetCumulativeEvolution
		budgetExplorerBudget budgetExplorer budgetExplorerPlan budgetExplorerProgram budget dlvSimuLossesDetail
		offerSimulationRanking dlvSimuLossesSummary dlvSimuOverlapping dlvSimuLossesSimu surveyDictionary
		surveyProperties surveyDistribution offerAnalysis remarketingEffect socialVisitorStatistics
		recentPropositions opensByUserAgent`) {
		opsBuiltinReports[strings.ToLower(n)] = true
	}
}

// opsIsBuiltinReport reports whether the report entity is one Campaign
// ships: a built-in name, in a Campaign namespace or without namespace.
func opsIsBuiltinReport(e *acc.Entity) bool {
	name := e.Name
	if name == "" {
		name = e.Key
	}
	if !opsBuiltinReports[strings.ToLower(name)] {
		return false
	}
	return e.Namespace == "" || opsReservedNamespaces[strings.ToLower(e.Namespace)]
}

// opsReportName names the report of a pass for messages.
func opsReportName(p *audit.Pass) string {
	s := "report " + p.Entity.Key
	if l := strings.TrimSpace(p.Entity.Label); l != "" {
		s += " (" + opsShorten(l, 60) + ")"
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
	Category:  opsCatReports,
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
		URL: opsDocReports,
	},
	Effort:  2,
	Schemas: []string{"xtk:report"},
	Run:     runReportJavaScript,
}

// opsReportJSGroup gathers the JavaScript of one activity of a report.
type opsReportJSGroup struct {
	first                *acc.Code
	script, server, user bool
}

func runReportJavaScript(p *audit.Pass) {
	var order []*xmltree.Element // activities in document order, nil for the report itself
	groups := map[*xmltree.Element]*opsReportJSGroup{}
	get := func(c *acc.Code) *opsReportJSGroup {
		a := opsActivityOf(c.Elem)
		g := groups[a]
		if g == nil {
			g = &opsReportJSGroup{first: c}
			groups[a] = g
			order = append(order, a)
		}
		return g
	}
	client := map[*acc.Code]bool{}
	for _, s := range p.Scripts() {
		if !s.Server && len(s.JS.Code()) > 0 {
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
	builtin := opsIsBuiltinReport(p.Entity)
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
		where := opsReportName(p)
		if a != nil {
			where = opsDescribeActivity(a) + " of " + where
		}
		s, e := opsCodeRange(g.first)
		f := p.Newf(s, e, "%s holds JavaScript (%s): v7 renders reports with the v6.x engine and exports PDF with PhantomJS; "+
			"republish the report, check the scripts and test its display and exports", where, strings.Join(kinds, ", "))
		if builtin {
			f.Severity = audit.SeverityInfo
			f.Message += " (built-in report: only customised scripts need work)"
		}
		p.Emit(f)
	}
}

// ReportOpenOfficeExport flags report export code written for the
// OpenOffice conversion that v7 replaced by PhantomJS.
var ReportOpenOfficeExport = &audit.Rule{
	ID:        "RPT-002",
	Name:      "report-openoffice-export",
	Title:     "Report export script written for OpenOffice",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  opsCatReports,
	Doc: audit.Doc{
		Rationale: "\"If you had added specific script for Open Office, this will no longer work with the new PDF export " +
			"engine (PhantomJS)\"; OpenOffice was later removed from the application, and the default relay " +
			"configuration denies `*ooconv.jsp*`. The rule reports, in reports and in the JavaScript libraries, " +
			"JST and JSSP pages they use, code that calls the OpenOffice conversion (`ooconv`, `ooconv.jsp`) or " +
			"names OpenOffice, and LibreOffice/soffice commands that produce PDF (the same string names the PDF format). Excel exports still rely on " +
			"LibreOffice, so a LibreOffice call without PDF is not reported; comments and labels are not code.",
		Remediation: "Remove the OpenOffice-specific code and let the standard export produce the PDF (PhantomJS, " +
			"configured by the `htmlToPdf` element of serverConf.xml); adapt the page markup rather than the " +
			"converter, and test the export.",
		Bad: `<report label="Invoice" name="invoice" namespace="cus" xtkschema="xtk:report">
  <activities>
    <script label="Export" name="script">
      <script>var url = "/nl/jsp/ooconv.jsp?format=pdf&amp;file=" + escapeUrl(ctx.vars.file);</script>
    </script>
  </activities>
</report>`,
		Good: `<report label="Invoice" name="invoice" namespace="cus" xtkschema="xtk:report">
  <activities>
    <script label="Export" name="script">
      <script>ctx.vars.exportFormat = "pdf";</script>
    </script>
  </activities>
</report>`,
		URL: opsDocReports,
	},
	Effort:  4,
	Schemas: []string{"xtk:report", "xtk:javascript", "xtk:jssp", "xtk:jst"},
	Run:     runReportOpenOfficeExport,
}

var (
	opsOpenOffice  = regexp.MustCompile(`(?i)\booconv(?:\.jsp)?\b|\bopen ?office(?:\.org)?\b`)
	opsLibreOffice = regexp.MustCompile(`(?i)\b(?:soffice|libreoffice)\b`)
	opsPDF         = regexp.MustCompile(`(?i)\bpdf\b|writer_pdf_export`)
)

func runReportOpenOfficeExport(p *audit.Pass) {
	opsLiteralSites(p, nil, func(s opsSite) {
		if !opsHasFold(s.text, "ooconv", "office") {
			return
		}
		for _, m := range opsOpenOffice.FindAllStringIndex(s.text, -1) {
			p.ReportValue(s.span, m[0], m[1], "%s calls the OpenOffice conversion (%s, %s): v7 exports reports to PDF with PhantomJS "+
				"and denies ooconv.jsp; remove the OpenOffice-specific code and use the standard export",
				opsPlaceOf(p, s.elem), s.text[m[0]:m[1]], s.where)
		}
		if !opsPDF.MatchString(s.text) {
			return // LibreOffice still produces the Excel exports
		}
		for _, m := range opsLibreOffice.FindAllStringIndex(s.text, -1) {
			p.ReportValue(s.span, m[0], m[1], "%s converts to PDF with %s (%s): v7 exports reports to PDF with PhantomJS "+
				"(htmlToPdf); remove the conversion and use the standard export",
				opsPlaceOf(p, s.elem), s.text[m[0]:m[1]], s.where)
		}
	})
}

// ReportGaugeFlash flags Gauge charts and Flash content in reports.
var ReportGaugeFlash = &audit.Rule{
	ID:        "RPT-003",
	Name:      "report-gauge-flash",
	Title:     "Report with a Gauge chart or Flash content",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  opsCatReports,
	Doc: audit.Doc{
		Rationale: "\"Following Adobe Flash Player EOL, the Gauge report and Chart rendering engine are no longer " +
			"available\" and \"the Gauge type of chart has been removed\" (21.1.4); Flash was replaced by HTML5 " +
			"in all Campaign features. The rule reports chart elements of a report whose type is gauge, and " +
			"Flash content in its pages (.swf movies, application/x-shockwave-flash objects, swfobject loaders).",
		Remediation: "Replace the Gauge chart by an available chart type (bar, pie, line...) and remove the Flash " +
			"objects from the pages; republish the report.",
		Bad: `<report label="Objectives" name="objectives" namespace="cus" xtkschema="xtk:report">
  <activities>
    <page label="Objectives" name="page">
      <chart name="chart" type="gauge"/>
    </page>
  </activities>
</report>`,
		Good: `<report label="Objectives" name="objectives" namespace="cus" xtkschema="xtk:report">
  <activities>
    <page label="Objectives" name="page">
      <chart name="chart" type="bar"/>
    </page>
  </activities>
</report>`,
		URL: opsDocRelease2021 + "#release-21-1-4-build-9342",
	},
	Effort:  3,
	Schemas: []string{"xtk:report"},
	Run:     runReportGaugeFlash,
}

var opsFlash = regexp.MustCompile(`(?i)\.swf\b|application/x-shockwave-flash|\bswfobject\b`)

func runReportGaugeFlash(p *audit.Pass) {
	root := p.Entity.Root
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		if !strings.Contains(strings.ToLower(el.LocalName()), "chart") {
			return true
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if !acc.IsDescriptiveAttr(a.Name) && strings.EqualFold(strings.TrimSpace(a.Value), "gauge") {
				p.ReportAttr(a, "%s draws a Gauge chart, removed with Flash in 21.1.4: replace it by an available chart type",
					opsPlaceOf(p, el))
			}
		}
		return true
	})
	opsLiteralSites(p, nil, func(s opsSite) {
		if !opsHasFold(s.text, "swf", "shockwave") {
			return
		}
		for _, m := range opsFlash.FindAllStringIndex(s.text, -1) {
			p.ReportValue(s.span, m[0], m[1], "%s embeds Flash content (%s, %s), no longer rendered since Flash's end of life: "+
				"replace it by HTML5 content or a standard chart", opsPlaceOf(p, s.elem), s.text[m[0]:m[1]], s.where)
		}
	})
}

// ReportBuiltinConflict flags exported built-in reports, which the
// post-upgrade reports in conflict when they were modified.
var ReportBuiltinConflict = &audit.Rule{
	ID:        "RPT-004",
	Name:      "builtin-report-conflict",
	Title:     "Built-in report in the export: upgrade conflict to resolve",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  opsCatReports,
	Doc: audit.Doc{
		Rationale: "Built-in reports are updated by the upgrade; when the instance holds a modified copy, the " +
			"post-upgrade logs \"The document with identifier '…' and type 'xtk:report' is in conflict with the " +
			"new version\" and keeps the old version until the conflict is resolved. Exporting a built-in report " +
			"usually means it was customised. The rule reports xtk:report entities whose internal name is one " +
			"of the reports Campaign ships, in a Campaign namespace (or without namespace); a customer report " +
			"that reuses a built-in name in its own namespace is not reported.",
		Remediation: "After the post-upgrade, open Administration > Configuration > Package management > Edit " +
			"conflicts, compare the versions and choose Accept the new version, Keep the current version, or " +
			"merge the changes by hand and Declare as resolved; prefer a copy of the report in your namespace " +
			"for future changes.",
		Bad:  `<report label="Delivery throughput" name="throughput" namespace="nms" xtkschema="xtk:report"/>`,
		Good: `<report label="Delivery throughput (ACME)" name="throughput" namespace="cus" xtkschema="xtk:report"/>`,
		URL:  opsDocConflicts,
	},
	Effort:  1,
	Schemas: []string{"xtk:report"},
	Run:     runReportBuiltinConflict,
}

func runReportBuiltinConflict(p *audit.Pass) {
	if !opsIsBuiltinReport(p.Entity) {
		return
	}
	root := p.Entity.Root
	name := p.Entity.Name
	if name == "" {
		name = p.Entity.Key
	}
	msg := "built-in report %s is part of the export: if it was modified, the post-upgrade puts it in conflict with the new " +
		"version; compare both versions and resolve the conflict (accept new, keep current, or merge and declare as resolved)"
	if a := root.AttrNode("name"); a != nil {
		p.ReportAttr(a, msg, name)
		return
	}
	p.ReportElement(root, msg, name)
}
