package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/baseline"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/suppress"
)

var ruleA = &audit.Rule{ID: "TST-001", Name: "test-rule", Severity: audit.SeverityWarning, Category: "Test", Run: func(*audit.Pass) {}}

func finding(entity string, line int, sev audit.Severity) audit.Finding {
	schema, key, _ := strings.Cut(entity, " ")
	return audit.Finding{RuleID: ruleA.ID, Severity: sev, File: "f.xml", Line: line, Col: 1,
		Entity: entity, EntitySchema: schema, EntityKey: key, Message: "m", Fingerprint: fmt.Sprintf("fp%d", line)}
}

// short lists findings as entity@line:severity.
func short(fs []audit.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%d:%s", f.EntityKey, f.Line, f.Severity))
	}
	return strings.Join(out, " ")
}

func process(p Processor, res *driver.Result) *Outcome {
	out := &Outcome{Result: res}
	p.Process(out)
	return out
}

func TestInputs(t *testing.T) {
	res := &driver.Result{NotRead: []driver.NotRead{{File: "m.txt", Reason: "no export"}}}
	process(Inputs{
		Skipped:    []source.Skipped{{Name: "z.bin", Reason: "binary"}, {Name: "a.png", Reason: "image"}},
		Unreadable: []error{&source.Error{Path: "gone.xml", Err: errors.New("no such file")}, errors.New("stdin: closed")},
	}, res)
	var notRead []string
	for _, n := range res.NotRead {
		notRead = append(notRead, n.File)
	}
	if got := strings.Join(notRead, " "); got != "a.png m.txt z.bin" {
		t.Errorf("NotRead %s, want every file left out, sorted", got)
	}
	if len(res.Problems) != 2 || res.Problems[0].File != "gone.xml" || res.Problems[0].Message != "no such file" ||
		res.Problems[0].Severity != audit.SeverityError || res.Problems[1].File != "" || res.Problems[1].Message != "stdin: closed" {
		t.Errorf("problems %+v", res.Problems)
	}
	if len(res.Files) != 2 || !res.Files[0].Failed || res.Files[0].Name != "gone.xml" {
		t.Errorf("files %+v, want the unreadable paths as failed files", res.Files)
	}
}

func TestSeverity(t *testing.T) {
	other := finding("xtk:workflow B", 2, audit.SeverityInfo)
	other.RuleID = "OTH-001"
	res := &driver.Result{Findings: audit.NewFindingList([]audit.Finding{finding("xtk:workflow A", 1, audit.SeverityInfo), other})}
	process(Severity{Overrides: map[string]audit.Severity{ruleA.ID: audit.SeverityError}}, res)
	if got := short(res.Findings.Slice()); got != "A@1:error B@2:info" {
		t.Errorf("got %s, want only the overridden rule's finding raised", got)
	}
}

// suppressions silence TST-001 on A and name C, where nothing is found.
const suppressions = `suppressions:
  - rule: TST-001
    entity: xtk:workflow A
    reason: accepted
  - rule: TST-001
    entity: xtk:workflow C
    reason: left over
`

// Findings alike but for their severity are ordered by it: an override
// that makes them equal leaves them in report order still (the formats
// merge sorted lists).
func TestSeverityKeepsReportOrder(t *testing.T) {
	a := finding("xtk:workflow A", 1, audit.SeverityError)
	a.Place = "b"
	b := finding("xtk:workflow A", 1, audit.SeverityWarning)
	b.Place = "a"
	res := &driver.Result{Findings: audit.SortedFindingList([]audit.Finding{a, b})}
	if got := res.Findings.Slice(); got[0].Place != "b" {
		t.Fatalf("the error should come first before the override: %+v", got)
	}
	process(Severity{Overrides: map[string]audit.Severity{ruleA.ID: audit.SeverityInfo}}, res)
	got := res.Findings.Slice()
	want := slices.Clone(got)
	audit.SortFindings(want)
	if len(got) != 2 || got[0].Place != want[0].Place || got[1].Place != want[1].Place || got[0].Severity != audit.SeverityInfo {
		t.Errorf("after the override %+v, want %+v", got, want)
	}
}

func TestSuppress(t *testing.T) {
	scan := func() *driver.Result {
		return &driver.Result{Rules: []*audit.Rule{ruleA}, Findings: audit.NewFindingList([]audit.Finding{
			finding("xtk:workflow A", 1, audit.SeverityError), finding("xtk:workflow B", 2, audit.SeverityError)})}
	}
	// Each case parses the file afresh: entries count their uses.
	opt := func(report []*audit.Rule) *suppress.Options {
		f, err := suppress.Parse("s.yaml", []byte(suppressions), func(string) bool { return true }, nil)
		if err != nil {
			t.Fatal(err)
		}
		return &suppress.Options{Registry: []*audit.Rule{ruleA}, File: f, Report: report}
	}

	res := scan()
	process(Suppress{Options: opt(nil)}, res)
	if got := short(res.Suppressed.Slice()); got != "A@1:error" {
		t.Errorf("suppressed %s, want the finding on A", got)
	}
	var ids []string
	for _, f := range res.Findings.Slice() {
		ids = append(ids, f.EntityKey+":"+f.RuleID)
	}
	if got := strings.Join(ids, " "); got != "B:TST-001 C:SUP-001" {
		t.Errorf("findings %s, want B and the unused entry on C", got)
	}
	if !slices.Equal(res.Rules, []*audit.Rule{ruleA, suppress.Unused}) {
		t.Errorf("rules %v, want the pseudo-rule that reported listed", res.Rules)
	}

	res = scan()
	process(Suppress{Options: opt([]*audit.Rule{})}, res)
	if res.Findings.Len() != 1 || len(res.Rules) != 1 {
		t.Errorf("no pseudo-rule wanted: findings %s, rules %v", short(res.Findings.Slice()), res.Rules)
	}

	res = scan()
	process(Suppress{}, res)
	if res.Findings.Len() != 2 || res.Suppressed.Len() != 0 {
		t.Errorf("without options nothing is suppressed: %s", short(res.Findings.Slice()))
	}
}

func TestBaseline(t *testing.T) {
	listed := finding("xtk:workflow A", 1, audit.SeverityError)
	gone := finding("xtk:workflow Z", 9, audit.SeverityError)
	bl := baseline.New(audit.NewFindingList([]audit.Finding{listed, gone}))
	res := &driver.Result{Findings: audit.NewFindingList([]audit.Finding{listed, finding("xtk:workflow B", 2, audit.SeverityError)})}
	out := process(Baseline{File: bl}, res)
	if short(res.Findings.Slice()) != "B@2:error" || short(out.Baselined.Slice()) != "A@1:error" || res.Baselined != 1 || res.BaselineFixed != 1 {
		t.Errorf("findings %s, baselined %s (%d), fixed %d", short(res.Findings.Slice()), short(out.Baselined.Slice()), res.Baselined, res.BaselineFixed)
	}
	res = &driver.Result{Findings: audit.NewFindingList([]audit.Finding{listed})}
	if out := process(Baseline{}, res); res.Findings.Len() != 1 || out.Baselined.Len() != 0 {
		t.Errorf("without a baseline nothing is left out: %s", short(res.Findings.Slice()))
	}
}

func TestExitCode(t *testing.T) {
	warn := []audit.Finding{finding("xtk:workflow A", 1, audit.SeverityWarning)}
	internal := audit.Problem{Severity: audit.SeverityError, Internal: true, Message: "rule failed"}
	unreadable := audit.Problem{Severity: audit.SeverityError, Message: "cannot parse"}
	workaround := audit.Problem{Severity: audit.SeverityWarning, Message: "read as ISO-8859-1"}
	for _, tt := range []struct {
		name     string
		failOn   audit.Severity
		findings []audit.Finding
		problems []audit.Problem
		want     int
	}{
		{"clean", audit.SeverityError, nil, nil, ExitOK},
		{"below the threshold", audit.SeverityError, warn, nil, ExitOK},
		{"at the threshold", audit.SeverityWarning, warn, nil, ExitFindings},
		{"above the threshold", audit.SeverityInfo, warn, nil, ExitFindings},
		{"never fail", 0, warn, nil, ExitOK},
		{"a warning problem is no failure", audit.SeverityError, nil, []audit.Problem{workaround}, ExitOK},
		{"unreadable over findings", audit.SeverityInfo, warn, []audit.Problem{unreadable}, ExitInput},
		{"unreadable without threshold", 0, nil, []audit.Problem{unreadable}, ExitInput},
		{"failed rule over unreadable", audit.SeverityInfo, warn, []audit.Problem{unreadable, internal}, ExitInternal},
	} {
		res := &driver.Result{Findings: audit.NewFindingList(tt.findings), Problems: tt.problems}
		if got := process(ExitCode{FailOn: tt.failOn}, res).Exit; got != tt.want {
			t.Errorf("%s: exit %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestCap(t *testing.T) {
	all := []audit.Finding{
		finding("xtk:workflow A", 1, audit.SeverityInfo),
		finding("xtk:workflow B", 2, audit.SeverityError),
		finding("xtk:workflow C", 3, audit.SeverityWarning),
		finding("xtk:workflow D", 4, audit.SeverityError),
	}
	for _, tt := range []struct {
		max     int
		want    string
		omitted int
	}{
		{0, "A@1:info B@2:error C@3:warning D@4:error", 0},
		{4, "A@1:info B@2:error C@3:warning D@4:error", 0},
		{3, "B@2:error C@3:warning D@4:error", 1},
		{1, "B@2:error", 3},
	} {
		res := &driver.Result{Findings: audit.NewFindingList(slices.Clone(all))}
		process(Cap{Max: tt.max}, res)
		if got := short(res.Findings.Slice()); got != tt.want || res.Omitted != tt.omitted {
			t.Errorf("max %d: %s, %d omitted; want %s, %d omitted", tt.max, got, res.Omitted, tt.want, tt.omitted)
		}
	}
}
