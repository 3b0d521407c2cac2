package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// JUnit XML: one <testsuite> per scanned file and one <testcase> per
// finding, the layout of ESLint's and golangci-lint's JUnit output that
// GitLab's test report, Jenkins and the GitHub JUnit annotators are tuned
// for. A developer fixes findings file by file; a failed test names the
// file (suite), the entity (classname) and the rule and message (name),
// and carries file and line attributes for annotations. A file without
// findings is one passing test, so that totals show what was checked.
//
// Findings at or above --fail-on are <failure>s, so the test report agrees
// with the exit code; findings below it pass, with their text in
// <system-out>; suppressed findings are <skipped> with the justification;
// an input that could not be parsed is an <error>.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes the result as JUnit XML.
func JUnit(w io.Writer, res *audit.Result, opt Options) error {
	rules, idx := ruleIndex(res, opt)
	threshold := opt.threshold()
	suites := map[string]*junitSuite{}
	var order []string
	suite := func(file string) *junitSuite {
		p, _ := displayPath(file, opt)
		s := suites[p]
		if s == nil {
			s = &junitSuite{Name: p, Time: "0"}
			suites[p] = s
			order = append(order, p)
		}
		return s
	}
	for _, f := range res.Files {
		suite(f.Name)
	}
	all := slices.Concat(res.Findings, res.Suppressed)
	audit.SortFindings(all)
	for _, f := range all {
		s := suite(f.File)
		p, _ := displayPath(f.File, opt)
		classname := f.Entity
		if classname == "" {
			classname = p
		}
		c := junitCase{
			Name:      fmt.Sprintf("%s %s (%d:%d)", f.RuleID, f.Message, f.Line, f.Col),
			Classname: classname, File: p, Line: f.Line, Time: "0",
		}
		body := junitBody(f, p, rules[idx[f.RuleID]])
		switch {
		case f.Suppressed():
			c.Skipped = &junitSkipped{Message: "suppressed: " + f.Suppressions[0].Justification}
			s.Skipped++
		case threshold != 0 && f.Severity >= threshold:
			c.Failure = &junitProblem{Message: f.Message, Type: f.RuleID + " " + f.Severity.String(), Body: body}
			s.Failures++
		default:
			c.SystemOut = &junitText{body}
		}
		s.Cases = append(s.Cases, c)
	}
	for _, pr := range res.Problems {
		s := suite(pr.File)
		c := junitCase{Name: "read " + s.Name, Classname: s.Name, File: s.Name, Line: pr.Line, Time: "0"}
		text := pr.String()
		if pr.Severity == audit.SeverityError {
			c.Error = &junitProblem{Message: pr.Message, Type: "input", Body: text}
			s.Errors++
		} else {
			c.SystemOut = &junitText{text}
		}
		s.Cases = append(s.Cases, c)
	}
	out := junitSuites{Name: "acc-audit", Time: "0"}
	slices.Sort(order)
	for _, name := range order {
		s := suites[name]
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: "no findings", Classname: name, File: name, Time: "0"})
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, *s)
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

// junitBody is the text a CI shows for a finding: where, what, and how to
// fix it.
func junitBody(f audit.Finding, path string, r *audit.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", path, f.Line, f.Col, f.Severity, f.Message, f.RuleID)
	if f.Entity != "" {
		fmt.Fprintf(&b, "entity: %s\n", f.Entity)
	}
	if f.Place != "" {
		fmt.Fprintf(&b, "place: %s\n", f.Place)
	}
	if f.Excerpt != "" {
		fmt.Fprintf(&b, "  | %s\n", f.Excerpt)
	}
	if r != nil && r.Doc.Remediation != "" {
		fmt.Fprintf(&b, "fix: %s\n", strings.TrimSpace(r.Doc.Remediation))
	}
	if r != nil && r.Doc.URL != "" {
		fmt.Fprintf(&b, "see: %s\n", r.Doc.URL)
	}
	for _, s := range f.Suppressions {
		fmt.Fprintf(&b, "suppressed (%s, %s): %s\n", s.Kind, s.Location, s.Justification)
	}
	return b.String()
}
