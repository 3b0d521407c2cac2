package rpt

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// ReportGaugeFlash flags Gauge charts and Flash content in reports.
var ReportGaugeFlash = &audit.Rule{
	ID:        "RPT-003",
	Name:      "report-gauge-flash",
	Title:     "Report with a Gauge chart or Flash content",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Reports,
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
		URL: docs.Release2021 + "#release-21-1-4-build-9342",
	},
	Effort:  3,
	Schemas: []string{"xtk:report"},
	Run:     runReportGaugeFlash,
}

var flash = regexp.MustCompile(`(?i)\.swf\b|application/x-shockwave-flash|\bswfobject\b`)

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
					walk.PlaceOf(p, el))
			}
		}
		return true
	})
	walk.LiteralSites(p, nil, func(s walk.Site) {
		if !walk.HasFold(s.Text, "swf", "shockwave") {
			return
		}
		for _, m := range flash.FindAllStringIndex(s.Text, -1) {
			p.ReportValue(s.Span, m[0], m[1], "%s embeds Flash content (%s, %s), no longer rendered since Flash's end of life: "+
				"replace it by HTML5 content or a standard chart", walk.PlaceOf(p, s.Elem), s.Text[m[0]:m[1]], s.Where)
		}
	})
}
