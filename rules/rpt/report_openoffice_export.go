package rpt

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// ReportOpenOfficeExport flags report export code written for the
// OpenOffice conversion that v7 replaced by PhantomJS.
var ReportOpenOfficeExport = &audit.Rule{
	ID:        "RPT-002",
	Name:      "report-openoffice-export",
	Title:     "Report export script written for OpenOffice",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Reports,
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
		URL: docs.Reports,
	},
	Effort:   4,
	Schemas:  []string{"xtk:report", "xtk:javascript", "xtk:jssp", "xtk:jst"},
	Keywords: []string{"ooconv", "office"},
	Run:      runReportOpenOfficeExport,
}

var (
	openOffice  = regexp.MustCompile(`(?i)\booconv(?:\.jsp)?\b|\bopen ?office(?:\.org)?\b`)
	libreOffice = regexp.MustCompile(`(?i)\b(?:soffice|libreoffice)\b`)
	pdf         = regexp.MustCompile(`(?i)\bpdf\b|writer_pdf_export`)
)

func runReportOpenOfficeExport(p *audit.Pass) {
	walk.LiteralSites(p, nil, func(s walk.Site) {
		if !walk.HasFold(s.Text, "ooconv", "office") {
			return
		}
		for _, m := range openOffice.FindAllStringIndex(s.Text, -1) {
			p.ReportValue(s.Span, m[0], m[1], "%s calls the OpenOffice conversion (%s, %s): v7 exports reports to PDF with PhantomJS "+
				"and denies ooconv.jsp; remove the OpenOffice-specific code and use the standard export",
				walk.PlaceOf(p, s.Elem), s.Text[m[0]:m[1]], s.Where)
		}
		if !pdf.MatchString(s.Text) {
			return // LibreOffice still produces the Excel exports
		}
		for _, m := range libreOffice.FindAllStringIndex(s.Text, -1) {
			p.ReportValue(s.Span, m[0], m[1], "%s converts to PDF with %s (%s): v7 exports reports to PDF with PhantomJS "+
				"(htmlToPdf); remove the conversion and use the standard export",
				walk.PlaceOf(p, s.Elem), s.Text[m[0]:m[1]], s.Where)
		}
	})
}
