package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFlagValuesAreChecked(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "f.xml", []byte(cleanFilter))
	for _, args := range [][]string{
		{"scan", "--color", "sometimes", in},
		{"inventory", "--color", "sometimes", in},
		{"scan", "-j", "-3", in},
		{"baseline", "-o", "-", "-j", "-1", in},
		{"report", "--jobs=-2", in},
	} {
		r := runCLI(t, "", nil, args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "must be") {
			t.Errorf("%v: exit %d, want %d with a message\n%s", args, r.code, ExitUsage, r.stderr)
		}
	}
	if r := runCLI(t, "", nil, "scan", "--no-progress", "--color", "never", in); r.code != ExitOK {
		t.Errorf("scan --no-progress: exit %d\n%s", r.code, r.stderr)
	}
}

func TestHelpCommand(t *testing.T) {
	r := runCLI(t, "", nil, "help", "scan")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Usage of acc-audit scan") || !strings.Contains(r.stdout, "--fail-on") {
		t.Errorf("help scan: exit %d\n%s", r.code, r.stdout)
	}
	if r := runCLI(t, "", nil, "help", "nope"); r.code != ExitUsage {
		t.Errorf("help nope: exit %d", r.code)
	}
	if r := runCLI(t, "", nil, "help"); r.code != ExitOK || !strings.Contains(r.stdout, "acc-audit scan [flags]") {
		t.Errorf("help: exit %d\n%s", r.code, r.stdout)
	}
}

// TestIncompleteScanSummary: a scan that could not read an input does not
// claim a clean result, and a missing path is not counted as a file.
func TestIncompleteScanSummary(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", nil, "scan", "--no-color", filepath.Join(dir, "missing.xml"))
	if r.code != ExitInput {
		t.Fatalf("exit %d", r.code)
	}
	out := r.stdout + r.stderr
	if strings.Contains(out, "✔") || strings.Contains(out, "1 file,") {
		t.Errorf("misleading summary:\n%s", out)
	}
	if !strings.Contains(out, "scan incomplete") || !strings.Contains(out, "in 0 files") || !strings.Contains(out, "1 input could not be read") {
		t.Errorf("summary does not say the scan is incomplete:\n%s", out)
	}
	for _, args := range [][]string{{"report", "-f", "md"}, {"report", "-f", "html"}, {"inventory", "--no-color"}} {
		r := runCLI(t, "", nil, append(args, filepath.Join(dir, "missing.xml"))...)
		if !strings.Contains(r.stdout, "0 files") || !strings.Contains(r.stdout, "1 input could not be read") {
			t.Errorf("%v: a missing path counted as a file:\n%s", args, r.stdout)
		}
	}
}

func TestForceColor(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "f.xml", []byte(sqlDataFilter))
	for _, c := range []struct {
		env  map[string]string
		args []string
		want bool
	}{
		{nil, nil, false},
		{map[string]string{"FORCE_COLOR": "1"}, nil, true},
		{map[string]string{"FORCE_COLOR": "true", "NO_COLOR": "1"}, nil, true},
		{map[string]string{"FORCE_COLOR": "0"}, nil, false},
		{map[string]string{"FORCE_COLOR": "1"}, []string{"--no-color"}, false},
	} {
		r := runCLI(t, "", c.env, append(append([]string{"scan"}, c.args...), in)...)
		if got := strings.Contains(r.stdout, "\x1b["); got != c.want {
			t.Errorf("%v %v: colour %v, want %v", c.env, c.args, got, c.want)
		}
	}
}

func TestUnknownRuleSuggestion(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "f.xml", []byte(cleanFilter))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--enable", "SQL-00l", in}, "did you mean SQL-001?"},
		{[]string{"scan", "--disable", "SLQ", in}, "did you mean SQL?"},
		{[]string{"scan", "--severity", "sqldata-in-expresion=info", in}, "did you mean sqldata-in-expression?"},
		{[]string{"explain", "SQL-0001"}, "did you mean SQL-001?"},
	} {
		r := runCLI(t, "", nil, c.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, want %q in\n%s", c.args, r.code, c.want, r.stderr)
		}
	}
	if r := runCLI(t, "", nil, "scan", "--enable", "COMPLETELY-DIFFERENT", in); strings.Contains(r.stderr, "did you mean") {
		t.Errorf("a far name gets a suggestion: %s", r.stderr)
	}
}

// TestRuleCountsAgree: acc-audit rules, README.md and docs/rules.md give
// the same counts of rules, families and risk areas.
func TestRuleCountsAgree(t *testing.T) {
	r := runCLI(t, "", nil, "rules", "--no-config")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	headline := lines[len(lines)-1]
	if !strings.Contains(headline, " rules in ") {
		t.Fatalf("acc-audit rules ends with %q", headline)
	}
	for _, doc := range []string{"README.md", "docs/rules.md"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", doc))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "\n"+headline+"\n") {
			t.Errorf("%s does not say %q", doc, headline)
		}
	}
}

func TestUnknownRuleSuggestionInSuppressionFile(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "f.xml", []byte(cleanFilter))
	sup := writeFile(t, dir, "sup.yaml", []byte("suppressions:\n  - rule: SQL-01\n    entity: xtk:queryFilter f\n    reason: checked\n"))
	r := runCLI(t, "", nil, "scan", "--suppressions", sup, in)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "sup.yaml:2:") || !strings.Contains(r.stderr, "did you mean SQL-001?") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}
