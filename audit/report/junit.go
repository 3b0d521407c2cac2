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

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
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

// JUnit writes the result as JUnit XML.
func JUnit(w io.Writer, res *audit.Result, opt Options) error {
	rules, idx := ruleIndex(res, opt)
	threshold := opt.threshold()
	suites := map[string]*junitSuite{}
	names := map[string]int{} // suite, classname and name → occurrences
	var order []string
	suite := func(file string) *junitSuite {
		p, _ := displayPath(file, opt)
		p = Visible(p)
		s := suites[p]
		if s == nil {
			s = &junitSuite{Name: p, Time: "0"}
			suites[p] = s
			order = append(order, p)
		}
		return s
	}
	add := func(s *junitSuite, c junitCase) {
		key := s.Name + "\x00" + c.Classname + "\x00" + c.Name
		names[key]++
		if n := names[key]; n > 1 {
			c.Name += fmt.Sprintf(" #%d", n)
		}
		s.Cases = append(s.Cases, c)
	}
	for _, f := range res.Files {
		suite(f.Name)
	}
	all := slices.Concat(res.Findings, res.Suppressed)
	audit.SortFindings(all)
	for _, f := range all {
		s := suite(f.File)
		classname := Visible(f.Entity)
		if classname == "" {
			classname = s.Name
		}
		name := f.RuleID
		if f.Place != "" {
			name += " at " + Visible(f.Place)
		}
		c := junitCase{Name: name, Classname: classname, Time: "0"}
		p, _ := displayPath(f.File, opt)
		body := visibleText(junitBody(f, p, rules[idx[f.RuleID]]))
		switch {
		case f.Suppressed():
			c.Skipped = &junitText{Visible("suppressed: " + f.Suppressions[0].Justification)}
			s.Skipped++
		case threshold != 0 && f.Severity >= threshold:
			c.Failure = &junitProblem{Message: Visible(f.Message), Type: f.RuleID + " " + f.Severity.String(), Body: body}
			s.Failures++
		default:
			c.SystemOut = &junitText{body}
		}
		add(s, c)
	}
	for _, pr := range res.Problems {
		s := suite(pr.File)
		c := junitCase{Name: "read " + s.Name, Classname: s.Name, Time: "0"}
		text := visibleText(pr.String())
		if pr.Severity == audit.SeverityError {
			c.Error = &junitProblem{Message: Visible(pr.Message), Type: "input", Body: text}
			s.Errors++
		} else {
			c.SystemOut = &junitText{text}
		}
		add(s, c)
	}
	out := junitSuites{Name: "acc-audit", Time: "0"}
	slices.Sort(order)
	for _, name := range order {
		s := suites[name]
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: "no findings", Classname: name, Time: "0"})
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
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
