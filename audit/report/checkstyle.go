package report

import (
	"encoding/xml"
	"io"
	"slices"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// Checkstyle XML, read by Jenkins warnings-ng, reviewdog, SonarQube and
// most CI dashboards: one <file> per input (clean files too, so that
// consumers know they were checked) with one <error> per finding. Input
// problems are errors with source acc-audit.input; suppressed findings are
// left out, as the format cannot mark them.

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// A checkstyleItem is an <error> to write: a finding or an input problem.
type checkstyleItem struct {
	f  *audit.Finding
	pr *audit.Problem
}

// Checkstyle writes the result as checkstyle XML, each <error> built as
// it is written.
func Checkstyle(w io.Writer, res *driver.Result, opt Options) error {
	files := map[string][]checkstyleItem{}
	var order []string
	file := func(name string) string {
		p, _ := displayPath(name, opt)
		p = Visible(p)
		if _, ok := files[p]; !ok {
			files[p] = nil
			order = append(order, p)
		}
		return p
	}
	for _, fi := range res.Files {
		file(fi.Name)
	}
	for i := range res.Findings {
		p := file(res.Findings[i].File)
		files[p] = append(files[p], checkstyleItem{f: &res.Findings[i]})
	}
	for i := range res.Problems {
		p := file(res.Problems[i].File)
		files[p] = append(files[p], checkstyleItem{pr: &res.Problems[i]})
	}
	slices.Sort(order)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Local: "checkstyle"}, Attr: []xml.Attr{{Name: xml.Name{Local: "version"}, Value: "4.3"}}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	errorEl := xml.StartElement{Name: xml.Name{Local: "error"}}
	for _, name := range order {
		start := xml.StartElement{Name: xml.Name{Local: "file"}, Attr: []xml.Attr{{Name: xml.Name{Local: "name"}, Value: name}}}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, it := range files[name] {
			var e checkstyleError
			if f := it.f; f != nil {
				e = checkstyleError{Line: max(f.Line, 1), Column: f.Col, Severity: f.Severity.String(),
					Message: Visible(f.Message), Source: "acc-audit." + f.RuleID}
			} else {
				p := it.pr
				e = checkstyleError{Line: max(p.Line, 1), Column: p.Col, Severity: p.Severity.String(),
					Message: Visible(p.Message), Source: "acc-audit.input"}
			}
			if err := enc.EncodeElement(e, errorEl); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(start.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
