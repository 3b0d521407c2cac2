package pipeline

import (
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/baseline"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// TestOrderIsDocumented: the chain New declares is the numbered list of
// the package documentation, which says why each step sits where it does.
func TestOrderIsDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "pipeline.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile(`(?m)^\s*\d+\. ([a-z-]+):`).FindAllStringSubmatch(f.Doc.Text(), -1) {
		documented = append(documented, m[1])
	}
	if got := New(Options{}).Names(); !slices.Equal(got, documented) {
		t.Errorf("New declares %v, the package documentation %v", got, documented)
	}
}

// TestArchitectureNamesTheOrder: the step of docs/architecture.md about
// what follows the scan names the steps in their order.
func TestArchitectureNamesTheOrder(t *testing.T) {
	data, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start := strings.Index(doc, "\n6. ")
	if start < 0 {
		t.Fatal("docs/architecture.md has no step 6")
	}
	step := doc[start+1:]
	if end := strings.Index(step, "\n\n"); end >= 0 {
		step = step[:end]
	}
	names := New(Options{}).Names()
	var mentioned []string
	for _, m := range regexp.MustCompile("`([a-z-]+)`").FindAllStringSubmatch(step, -1) {
		if slices.Contains(names, m[1]) {
			mentioned = append(mentioned, m[1])
		}
	}
	if !slices.Equal(mentioned, names) {
		t.Errorf("docs/architecture.md step 6 names %v, the pipeline runs %v", mentioned, names)
	}
}

// TestOrderMatters runs the whole chain on results where the order shows:
// an override decides what the cap keeps, and a baselined error does not
// fail the command.
func TestOrderMatters(t *testing.T) {
	raised := finding("xtk:workflow A", 1, audit.SeverityInfo)
	raised.RuleID = "OTH-001"
	listed := finding("xtk:workflow B", 2, audit.SeverityError)
	kept := finding("xtk:workflow C", 3, audit.SeverityWarning)
	res := &driver.Result{Findings: audit.NewFindingList([]audit.Finding{raised, listed, kept})}
	out := New(Options{
		Overrides:   map[string]audit.Severity{"OTH-001": audit.SeverityError},
		Baseline:    baseline.New(audit.NewFindingList([]audit.Finding{listed})),
		FailOn:      audit.SeverityError,
		MaxFindings: 1,
	}).Process(res)
	if got := short(res.Findings.Slice()); got != "A@1:error" || res.Omitted != 1 {
		t.Errorf("reported %s (%d omitted), want the raised finding only", got, res.Omitted)
	}
	if out.Exit != ExitFindings || short(out.Baselined.Slice()) != "B@2:error" {
		t.Errorf("exit %d, baselined %s", out.Exit, short(out.Baselined.Slice()))
	}

	res = &driver.Result{Findings: audit.NewFindingList([]audit.Finding{listed, kept})}
	out = New(Options{Baseline: baseline.New(audit.NewFindingList([]audit.Finding{listed})), FailOn: audit.SeverityError}).Process(res)
	if out.Exit != ExitOK {
		t.Errorf("exit %d: a baselined error fails the command", out.Exit)
	}
}
