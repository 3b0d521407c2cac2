package report

import (
	"encoding/xml"
	"io"
	"slices"

	"github.com/acc-audit/acc-audit/audit"
)

// Checkstyle XML, read by Jenkins warnings-ng, reviewdog, SonarQube and
// most CI dashboards: one <file> per input (clean files too, so that
// consumers know they were checked) with one <error> per finding. Input
// problems are errors with source acc-audit.input; suppressed findings are
// left out, as the format cannot mark them.

type checkstyleRoot struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Checkstyle writes the result as checkstyle XML.
func Checkstyle(w io.Writer, res *audit.Result, opt Options) error {
	files := map[string]*checkstyleFile{}
	var order []string
	file := func(name string) *checkstyleFile {
		p, _ := displayPath(name, opt)
		p = Visible(p)
		f := files[p]
		if f == nil {
			f = &checkstyleFile{Name: p}
			files[p] = f
			order = append(order, p)
		}
		return f
	}
	for _, fi := range res.Files {
		file(fi.Name)
	}
	for _, f := range res.Findings {
		cf := file(f.File)
		cf.Errors = append(cf.Errors, checkstyleError{Line: max(f.Line, 1), Column: f.Col, Severity: f.Severity.String(),
			Message: Visible(f.Message), Source: "acc-audit." + f.RuleID})
	}
	for _, p := range res.Problems {
		cf := file(p.File)
		cf.Errors = append(cf.Errors, checkstyleError{Line: max(p.Line, 1), Column: p.Col, Severity: p.Severity.String(),
			Message: Visible(p.Message), Source: "acc-audit.input"})
	}
	slices.Sort(order)
	out := checkstyleRoot{Version: "4.3"}
	for _, name := range order {
		out.Files = append(out.Files, *files[name])
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
