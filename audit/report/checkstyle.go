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

// A checkstyleFile is what a <file> holds: findings, then input problems.
type checkstyleFile struct {
	findings audit.FindingListBuilder
	problems []*audit.Problem
}

// Checkstyle writes the result as checkstyle XML, each <error> built as
// it is written.
func Checkstyle(w io.Writer, res *driver.Result, opt Options) error {
	// Each file's findings wait packed (a list per file), its problems
	// after them.
	files := map[string]*checkstyleFile{}
	var order []string
	file := func(name string) *checkstyleFile {
		p, _ := displayPath(name, opt)
		p = Visible(p)
		cf := files[p]
		if cf == nil {
			cf = &checkstyleFile{}
			files[p] = cf
			order = append(order, p)
		}
		return cf
	}
	for _, fi := range res.Files {
		file(fi.Name)
	}
	for f := range res.Findings.All() {
		file(f.File).findings.Add(f)
	}
	for i := range res.Problems {
		cf := file(res.Problems[i].File)
		cf.problems = append(cf.problems, &res.Problems[i])
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
		cf := files[name]
		for f := range cf.findings.List().All() {
			e := checkstyleError{Line: max(f.Line, 1), Column: f.Col, Severity: f.Severity.String(),
				Message: Visible(f.Message), Source: "acc-audit." + f.RuleID}
			if err := enc.EncodeElement(e, errorEl); err != nil {
				return err
			}
		}
		for _, p := range cf.problems {
			e := checkstyleError{Line: max(p.Line, 1), Column: p.Col, Severity: p.Severity.String(),
				Message: Visible(p.Message), Source: "acc-audit.input"}
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
