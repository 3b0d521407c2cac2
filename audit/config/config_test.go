package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFull(t *testing.T) {
	src := `# acc-audit settings
from: v6.1
fail-on: warning
enable: [SQL, JS]
disable:
  - SQL-004
severity:
  SQL-003: error
  sqldata-in-expression: info
include: "**/*.xml"
exclude: ["**/tmp/**", "old/*.xml"]
allow-functions: LoyaltyScore, cus_fn
baseline: ci/acc-audit-baseline.json
suppressions: .acc-audit-suppressions.yaml
custom-rules: [rules/custom.yaml]
max-findings: 200
`
	c, err := Parse("/repo/.acc-audit.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.From.V != "v6.1" || c.FailOn.V != "warning" || c.MaxFindings.V != 200 || !c.MaxFindings.Set {
		t.Errorf("scalars: %+v %+v %+v", c.From, c.FailOn, c.MaxFindings)
	}
	if got := strings.Join(c.Enable.Strings(), ","); got != "SQL,JS" {
		t.Errorf("enable %s", got)
	}
	if got := strings.Join(c.AllowFunctions.Strings(), ","); got != "LoyaltyScore,cus_fn" {
		t.Errorf("comma-separated scalar: %s", got)
	}
	if len(c.Include) != 1 || len(c.Exclude) != 2 {
		t.Errorf("globs %v %v", c.Include, c.Exclude)
	}
	if len(c.Severity) != 2 || c.Severity[0].Key.V != "SQL-003" || c.Severity[1].Value.V != "info" || c.Severity[0].Key.Line != 8 {
		t.Errorf("severity %+v", c.Severity)
	}
	if c.Disable[0].Line != 6 || c.Disable[0].Col != 5 {
		t.Errorf("position of SQL-004: %+v", c.Disable[0].Pos)
	}
	if got := c.Path(c.Baseline.V); got != filepath.FromSlash("/repo/ci/acc-audit-baseline.json") {
		t.Errorf("baseline resolved to %s", got)
	}
}

func TestErrorsNameFileLineAndColumn(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"fail-on: warning\nsevrity:\n  SQL-001: info\n", []string{"c.yaml:2:1: unknown key \"sevrity\"", "  2 | sevrity:\n      ^"}},
		{"max-findings: ten\n", []string{"c.yaml:1:15: expected a whole number, not \"ten\""}},
		{"fail-on: fatal\n", []string{"c.yaml:1:10: fail-on must be error, warning, info or none, not \"fatal\""}},
		{"from: v8\n", []string{"c.yaml:1:7: from must be one of v5.11, v6.02, v6.1"}},
		{"severity:\n  SQL-001: critical\n", []string{"c.yaml:2:12: severity of SQL-001 must be error, warning or info"}},
		{"exclude: ['[']\n", []string{"c.yaml:1:11: bad glob"}},
		{"max-findings: -1\n", []string{"c.yaml:1:15: max-findings must be 0"}},
		{"enable: x\nenable: y\n", []string{"c.yaml:2:1:", "already defined"}},
		{"fail-on: [a]\n", []string{"c.yaml:1:10: expected a string"}},
		{"fail-on: 'x\n", []string{"c.yaml:1:10:"}},
		{"severity: [a]\n", []string{"c.yaml:1:11: expected a mapping"}},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", []byte(tt.src))
		if err == nil {
			t.Errorf("%q: no error", tt.src)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q lacks %q", tt.src, err, w)
			}
		}
	}
}

func TestSeveralErrorsAreReportedTogether(t *testing.T) {
	_, err := Parse("c.yaml", []byte("from: v8\nfail-on: fatal\n"))
	var ce *Error
	if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), "from") || !strings.Contains(err.Error(), "fail-on") {
		t.Fatalf("error %v", err)
	}
}

func TestCheckRules(t *testing.T) {
	c, err := Parse("c.yaml", []byte("enable: [SQL, NOPE-001]\nseverity:\n  bad-name: info\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckRules(func(n string) bool { return n == "SQL" }, nil)
	for _, w := range []string{`c.yaml:1:15: enable: unknown rule "NOPE-001"`, `c.yaml:3:3: severity: unknown rule "bad-name"`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v lacks %q", err, w)
		}
	}
}

func TestEmptyFileIsValid(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "---\n"} {
		if _, err := Parse("c.yaml", []byte(src)); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(deep, "x.xml")
	os.WriteFile(file, []byte("<x/>"), 0o644)
	cfg := filepath.Join(root, "a", ".acc-audit.yaml")
	os.WriteFile(cfg, []byte("from: v6.1\n"), 0o644)
	for _, start := range []string{file, deep, filepath.Join(root, "a"), file + ".zip!/entry.xml"} {
		got, err := Find(start)
		if err != nil || got != cfg {
			t.Errorf("Find(%s) = %q, %v; want %s", start, got, err, cfg)
		}
	}
	if got, _ := Find(root); got != "" && strings.HasPrefix(got, root) {
		t.Errorf("Find(%s) = %s: found below the start", root, got)
	}
}
