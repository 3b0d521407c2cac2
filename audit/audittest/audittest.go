// Package audittest runs rules over fixture files whose expected findings
// are written inline, in the spirit of golang.org/x/tools analysistest.
//
// An expectation is a comment holding `want` followed by one or more quoted
// items, each a rule id optionally followed by ":" and a regular expression
// that the finding's message must match:
//
//	<condition expr="[SQLDATA[x]]"/>          <!-- want "SQL-001" -->
//	var s = "[SQLDATA[" + x;                  // want "SQL-001:string literal"
//	<node sql="..."                           <!-- want +1 "SQL-002" -->
//	<subNetwork name="lan2" mask="10.0.0.0/8"/> <!-- want "related CONF-008:lan2" -->
//
// XML comments work anywhere an XML comment may go; inside scripts (CDATA
// or escaped text) use a JavaScript `// want` or `/* want */` comment, and
// in JSSP pages a `<%-- want --%>` comment. Fixtures may be any kind of
// file the tool reads: .xml, .js, .jssp, .jst, .sql, .txt, .html. An
// optional signed number moves the expectation that many lines, for lines
// where no comment can go (inside a multi-line start tag).
//
// Every finding must be expected and every expectation met, on the same
// line; so must every related place of a finding, as a "related RULE" item. The directive text is blanked (replaced by spaces, so positions do
// not move) before the rules see the file: no rule can be biased by it.
//
// A fixture named good_* must hold no expectation and produce nothing;
// a fixture named bad_* must hold at least one. A sub-directory of a
// rule's fixture directory is scanned as one set of files, for rules that
// relate entities across files (an SQL function declared in another file's
// xtk:funcList). A header comment `<!-- audit-test: key=value ... -->`
// (`// audit-test: …` in JavaScript, `<%-- audit-test: … --%>` in JSSP) may
// set rules=ID,ID (which rules run; default: the rule under
// test), from=v5.11 (source version) and problems=N (input problems the
// fixture must produce, for broken-input fixtures).
package audittest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// An Expectation is one wanted finding.
type Expectation struct {
	File    string
	Line    int
	RuleID  string
	Message *regexp.Regexp // nil matches any message
	met     bool
}

func (e *Expectation) String() string {
	s := e.RuleID
	if e.Message != nil {
		s += ":" + e.Message.String()
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, s)
}

// Header holds the settings of a fixture's audit-test header.
type Header struct {
	Rules    []string
	From     string
	Problems int
}

var (
	wantRE   = regexp.MustCompile(`want((?:\s+[+-]\d+)?)((?:\s+"(?:[^"\\]|\\.)*")+)`)
	itemRE   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	headerRE = regexp.MustCompile(`(?:<!--|<%--|//)\s*audit-test:([^>\r\n]*?)\s*(?:-->|--%>|\r?\n|$)`)
)

// commentStarts are the comment openers a want directive may follow.
var commentStarts = []string{"<!--", "//", "/*", "<%--"}

// Parse extracts the expectations and the header of a fixture, and returns
// the content with every directive blanked.
func Parse(name string, data []byte) ([]*Expectation, Header, []byte, error) {
	var exps []*Expectation
	var hdr Header
	out := slices.Clone(data)
	lines := strings.SplitAfter(string(data), "\n")
	offset := 0
	for i, line := range lines {
		lineNo := i + 1
		if m := headerRE.FindStringSubmatchIndex(line); m != nil {
			for _, kv := range strings.Fields(line[m[2]:m[3]]) {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "rules":
					hdr.Rules = strings.Split(v, ",")
				case "from":
					hdr.From = v
				case "problems":
					n, err := strconv.Atoi(v)
					if err != nil {
						return nil, hdr, nil, fmt.Errorf("%s:%d: bad problems=%q", name, lineNo, v)
					}
					hdr.Problems = n
				default:
					return nil, hdr, nil, fmt.Errorf("%s:%d: unknown audit-test key %q", name, lineNo, k)
				}
			}
			blank(out, offset+m[2], offset+m[3])
		}
		for _, m := range wantRE.FindAllStringSubmatchIndex(line, -1) {
			prefix := strings.TrimRight(line[:m[0]], " \t")
			ok := false
			for _, cs := range commentStarts {
				if strings.HasSuffix(prefix, cs) {
					ok = true
				}
			}
			if !ok {
				continue
			}
			target := lineNo
			if m[3] > m[2] {
				d, err := strconv.Atoi(strings.TrimSpace(line[m[2]:m[3]]))
				if err != nil {
					return nil, hdr, nil, fmt.Errorf("%s:%d: bad line offset", name, lineNo)
				}
				target += d
			}
			for _, q := range itemRE.FindAllString(line[m[4]:m[5]], -1) {
				item, err := strconv.Unquote(q)
				if err != nil {
					return nil, hdr, nil, fmt.Errorf("%s:%d: bad want item %s: %v", name, lineNo, q, err)
				}
				id, pattern, _ := strings.Cut(item, ":")
				e := &Expectation{File: name, Line: target, RuleID: id}
				if pattern != "" {
					re, err := regexp.Compile(pattern)
					if err != nil {
						return nil, hdr, nil, fmt.Errorf("%s:%d: bad regexp %q: %v", name, lineNo, pattern, err)
					}
					e.Message = re
				}
				exps = append(exps, e)
			}
			blank(out, offset+m[0], offset+m[1])
		}
		offset += len(line)
	}
	return exps, hdr, out, nil
}

// blank replaces bytes with spaces, keeping line breaks.
func blank(b []byte, from, to int) {
	for i := from; i < to; i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// Fixtures returns the absolute path of the repository's fixtures
// directory, seen from a package directory one or two levels down.
func Fixtures() string {
	for _, rel := range []string{"fixtures", "../fixtures", "../../fixtures"} {
		if st, err := os.Stat(rel); err == nil && st.IsDir() {
			abs, _ := filepath.Abs(rel)
			return abs
		}
	}
	panic("fixtures directory not found")
}

// A Case is one scan of a fixture set: a single file, or the files of a
// sub-directory.
type Case struct {
	Name  string   // relative to the rule directory
	Dir   string   // the rule directory
	Files []string // absolute paths
}

// Cases lists the fixture cases of a directory.
func Cases(dir string) ([]Case, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Case
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() {
			var files []string
			err := filepath.WalkDir(p, func(fp string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && acc.KindOfName(fp) != acc.KindUnknown {
					files = append(files, fp)
				}
				return err
			})
			if err != nil {
				return nil, err
			}
			sort.Strings(files)
			out = append(out, Case{Name: e.Name(), Dir: dir, Files: files})
		} else if acc.KindOfName(e.Name()) != acc.KindUnknown {
			out = append(out, Case{Name: e.Name(), Dir: dir, Files: []string{p}})
		}
	}
	return out, nil
}

// Outcome reports what a case produced, for meta-tests.
type Outcome struct {
	Expectations int
	Findings     int
	Result       *driver.Result
}

// A TB is what the harness reports to: a *testing.T, or a recorder in the
// harness's own tests, which check that it fails when it must (as
// analysistest takes an interface rather than *testing.T). Fatalf must
// not return: *testing.T stops the test's goroutine, a recorder panics.
type TB interface {
	Reporter
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// subtests is the part of *testing.T that runs a case as a subtest.
type subtests interface {
	Run(name string, f func(t *testing.T)) bool
}

// Run checks every case in dir with the given rule set, the rule under test
// first. registry resolves rules=... headers. With a *testing.T, each case
// is a subtest.
func Run(t TB, dir string, rule *audit.Rule, registry []*audit.Rule) map[string]Outcome {
	t.Helper()
	cases, err := Cases(dir)
	if err != nil {
		t.Fatalf("%v", err)
	}
	outcomes := map[string]Outcome{}
	for _, c := range cases {
		if st, ok := t.(subtests); ok {
			st.Run(c.Name, func(t *testing.T) {
				outcomes[c.Name] = RunCase(t, c, rule, registry)
			})
			continue
		}
		outcomes[c.Name] = RunCase(t, c, rule, registry)
	}
	return outcomes
}

// RunCase scans one case and compares findings with expectations. A nil
// rule runs the whole registry.
func RunCase(t TB, c Case, rule *audit.Rule, registry []*audit.Rule) Outcome {
	t.Helper()
	var inputs []*source.Input
	var exps []*Expectation
	var hdr Header
	good := strings.HasPrefix(c.Name, "good_")
	for _, f := range c.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%v", err)
		}
		name, _ := filepath.Rel(c.Dir, f)
		name = filepath.ToSlash(name)
		e, h, blanked, err := Parse(name, data)
		if err != nil {
			t.Fatalf("%v", err)
		}
		if h.Rules != nil || h.From != "" || h.Problems != 0 {
			hdr = h
		}
		exps = append(exps, e...)
		inputs = append(inputs, source.NewInput(name, blanked))
	}
	if good && len(exps) > 0 {
		t.Fatalf("%s is a good_ fixture but holds expectations", c.Name)
	}
	if strings.HasPrefix(c.Name, "bad_") && len(exps) == 0 {
		t.Fatalf("%s is a bad_ fixture but holds no expectation", c.Name)
	}
	rules := []*audit.Rule{rule}
	if rule == nil {
		rules = registry
	}
	if hdr.Rules != nil {
		rules = nil
		for _, id := range hdr.Rules {
			i := slices.IndexFunc(registry, func(r *audit.Rule) bool { return r.ID == id })
			if i < 0 {
				t.Fatalf("header names unknown rule %s", id)
			}
			rules = append(rules, registry[i])
		}
	}
	res := driver.Run(context.Background(), inputs, driver.Options{Rules: rules, From: hdr.From})
	if len(res.Problems) != hdr.Problems {
		for _, p := range res.Problems {
			if p.Internal {
				t.Errorf("rule failure: %s\n%s", p, p.Detail)
				continue
			}
			t.Errorf("input problem: %s", p)
		}
		if hdr.Problems > 0 {
			t.Errorf("got %d input problems, want %d", len(res.Problems), hdr.Problems)
		}
	}
	Compare(t, res.Findings.Slice(), exps)
	return Outcome{Expectations: len(exps), Findings: res.Findings.Len(), Result: res}
}

// A Reporter receives the harness's complaints: a *testing.T, or a
// recorder in the harness's own tests, which check that it fails when it
// must.
type Reporter interface {
	Helper()
	Error(args ...any)
}

// Compare matches findings against expectations, reporting unexpected
// findings and unmet expectations in a stable order.
func Compare(t Reporter, findings []audit.Finding, exps []*Expectation) {
	t.Helper()
	var problems []string
	// The related places of a finding (the other places of an advisory
	// reported once, the container a root cause breaks, the other calls)
	// are expected as "related RULE" items, on their own lines.
	var all []audit.Finding
	for _, f := range findings {
		all = append(all, f)
		for _, r := range f.Related {
			file := f.File
			if r.File != "" {
				file = r.File
			}
			all = append(all, audit.Finding{RuleID: "related " + f.RuleID, File: file, Line: r.Line, Col: r.Col, Message: r.Message})
		}
	}
	for _, f := range all {
		matched := false
		for _, e := range exps {
			if e.met || e.File != f.File || e.Line != f.Line || e.RuleID != f.RuleID {
				continue
			}
			if e.Message != nil && !e.Message.MatchString(f.Message) {
				continue
			}
			e.met = true
			matched = true
			break
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("unexpected finding %s at %s:%d:%d: %s", f.RuleID, f.File, f.Line, f.Col, f.Message))
		}
	}
	for _, e := range exps {
		if !e.met {
			problems = append(problems, fmt.Sprintf("%s: no finding matched", e))
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// Check scans one in-memory document with rules and returns the findings;
// used to test documentation examples.
func Check(name, doc string, rules ...*audit.Rule) *driver.Result {
	return driver.Run(context.Background(), []*source.Input{source.NewInput(name, []byte(doc))}, driver.Options{Rules: rules})
}
