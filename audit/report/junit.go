package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// JUnit XML: one <testsuite> per scanned file and one <testcase> per
// finding, the layout of ESLint's and golangci-lint's JUnit output that
// GitLab's test report, Jenkins and the GitHub JUnit annotators are tuned
// for. A developer fixes findings file by file; a failed test names the
// file (suite), the entity (classname) and the rule and place (name). A
// file without findings is one passing test, so that totals show what was
// checked.
//
// The document validates against the JUnit schema of Jenkins (junit-4.xsd,
// vendored under testdata): no testsuites@skipped, no testcase@file or
// @line (the place is the first line of the body), and <skipped> holds its
// reason as text. Test names must stay the same from one run to the next,
// so that a CI tracks a test's history: they hold the rule and the place
// in the entity, never the message or the line, which change with edits
// elsewhere in the file; a second finding of a rule at the same place is
// numbered.
//
// Findings at or above --fail-on are <failure>s, so the test report agrees
// with the exit code; findings below it pass, with their text in
// <system-out>; suppressed findings are <skipped> with the justification;
// an input that could not be parsed is an <error>. Text from the export is
// shown with its controls escaped (see Visible): XML 1.0 cannot carry C0
// controls at all, even as character references.

// junitSuites and junitSuite hold the attributes of <testsuites> and
// <testsuite>, counted before their test cases are written.
type junitSuites struct {
	Name                    string
	Tests, Failures, Errors int
	Time                    string
}

type junitSuite struct {
	Name                             string
	Tests, Failures, Errors, Skipped int
	Time                             string
}

// junitCase lists its children in the order the schema requires.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitText    `xml:"skipped,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
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

// A junitItem is a test case to write: a finding or an input problem,
// with its test name (numbered when repeated).
type junitItem struct {
	f    *audit.Finding
	pr   *audit.Problem
	name string
}

// junitItems are the test cases of a suite: findings, then input problems.
type junitItems struct {
	findings audit.FindingListBuilder
	problems []*audit.Problem
}

func (it *junitItems) empty() bool { return it.findings.Len() == 0 && len(it.problems) == 0 }

// JUnit writes the result as JUnit XML. The totals are counted first;
// the test cases are then built and written one at a time, so that a
// report of many findings is not held whole in memory.
func JUnit(w io.Writer, res *driver.Result, opt Options) error {
	rules, idx, _ := ruleIndex(res, opt)
	threshold := opt.threshold()
	suites := map[string]*junitSuite{}
	// Each suite's findings wait packed (a list per suite), its input
	// problems after them.
	items := map[string]*junitItems{}
	var order []string
	suite := func(file string) *junitSuite {
		p, _ := displayPath(file, opt)
		p = Visible(p)
		s := suites[p]
		if s == nil {
			s = &junitSuite{Name: p, Time: "0"}
			suites[p] = s
			items[p] = &junitItems{}
			order = append(order, p)
		}
		return s
	}
	for _, f := range res.Files {
		suite(f.Name)
	}
	for f := range audit.MergeFindings(res.Findings, res.Suppressed) {
		s := suite(f.File)
		switch {
		case f.Suppressed():
			s.Skipped++
		case threshold != 0 && f.Severity >= threshold:
			s.Failures++
		}
		s.Tests++
		items[s.Name].findings.Add(f)
	}
	for i := range res.Problems {
		pr := &res.Problems[i]
		s := suite(pr.File)
		if pr.Severity == audit.SeverityError {
			s.Errors++
		}
		s.Tests++
		items[s.Name].problems = append(items[s.Name].problems, pr)
	}
	out := junitSuites{Name: "acc-audit", Time: "0"}
	slices.Sort(order)
	for _, name := range order {
		s := suites[name]
		if s.Tests == 0 {
			s.Tests = 1 // the passing "no findings" case
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "name"}, Value: out.Name}, intAttr("tests", out.Tests), intAttr("failures", out.Failures),
		intAttr("errors", out.Errors), {Name: xml.Name{Local: "time"}, Value: out.Time}}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	testcase := xml.StartElement{Name: xml.Name{Local: "testcase"}}
	for _, name := range order {
		s := suites[name]
		start := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: []xml.Attr{
			{Name: xml.Name{Local: "name"}, Value: s.Name}, intAttr("tests", s.Tests), intAttr("failures", s.Failures),
			intAttr("errors", s.Errors), intAttr("skipped", s.Skipped), {Name: xml.Name{Local: "time"}, Value: s.Time}}}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		if items[name].empty() {
			if err := enc.EncodeElement(junitCase{Name: "no findings", Classname: name, Time: "0"}, testcase); err != nil {
				return err
			}
		}
		// A test name repeated in a suite (same class) is numbered.
		names := map[string]int{}
		named := func(it junitItem, classname string) junitItem {
			key := classname + "\x00" + it.name
			names[key]++
			if n := names[key]; n > 1 {
				it.name += fmt.Sprintf(" #%d", n)
			}
			return it
		}
		for f := range items[name].findings.List().All() {
			n := f.RuleID
			if f.Place != "" {
				n += " at " + Visible(f.Place)
			}
			it := named(junitItem{f: f, name: n}, junitClassname(f, s))
			if err := enc.EncodeElement(junitCaseOf(it, s, rules, idx, threshold, opt), testcase); err != nil {
				return err
			}
		}
		for _, pr := range items[name].problems {
			it := named(junitItem{pr: pr, name: "read " + s.Name}, s.Name)
			if err := enc.EncodeElement(junitCaseOf(it, s, rules, idx, threshold, opt), testcase); err != nil {
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

func intAttr(name string, n int) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: name}, Value: strconv.Itoa(n)}
}

func junitClassname(f *audit.Finding, s *junitSuite) string {
	if c := Visible(f.Entity); c != "" {
		return c
	}
	return s.Name
}

// junitCaseOf builds the test case of a finding or input problem of
// suite s.
func junitCaseOf(it junitItem, s *junitSuite, rules []*audit.Rule, idx map[string]int, threshold audit.Severity, opt Options) junitCase {
	if pr := it.pr; pr != nil {
		c := junitCase{Name: it.name, Classname: s.Name, Time: "0"}
		text := visibleText(pr.String())
		if pr.Severity == audit.SeverityError {
			c.Error = &junitProblem{Message: Visible(pr.Message), Type: "input", Body: text}
		} else {
			c.SystemOut = &junitText{text}
		}
		return c
	}
	f := it.f
	c := junitCase{Name: it.name, Classname: junitClassname(f, s), Time: "0"}
	p, _ := displayPath(f.File, opt)
	body := visibleText(junitBody(*f, p, rules[idx[f.RuleID]]))
	switch {
	case f.Suppressed():
		c.Skipped = &junitText{Visible("suppressed: " + f.Suppressions[0].Justification)}
	case threshold != 0 && f.Severity >= threshold:
		c.Failure = &junitProblem{Message: Visible(f.Message), Type: f.RuleID + " " + f.Severity.String(), Body: body}
	default:
		c.SystemOut = &junitText{body}
	}
	return c
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
