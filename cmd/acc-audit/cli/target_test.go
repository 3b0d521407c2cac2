package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules"
)

var ruleTag = regexp.MustCompile(`\[([A-Z][A-Z0-9]*-\d{3})\]$`)

// ruleIDs returns the rules of the findings of a quiet text report.
func ruleIDs(out string) map[string]bool {
	ids := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		if m := ruleTag.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			ids[m[1]] = true
		}
	}
	return ids
}

func TestTargetSelectsRules(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	scan := func(args ...string) map[string]bool {
		t.Helper()
		r := runCLI(t, "", nil, append([]string{"scan", "-q", "--no-color", "--fail-on", "none"}, append(args, example)...)...)
		if r.code != ExitOK {
			t.Fatalf("scan %v exits %d: %s", args, r.code, r.stderr)
		}
		return ruleIDs(r.stdout)
	}
	v7, v8, ent := scan(), scan("--target", "v8"), scan("--target", "v8-enterprise")
	for id := range v7 {
		if strings.HasPrefix(id, "V8-") {
			t.Errorf("the default (v7) scan runs %s", id)
		}
		if !v8[id] || !ent[id] {
			t.Errorf("%s of the v7 scan is missing from a v8 scan", id)
		}
	}
	if v7x := scan("--target", "v7"); len(v7x) != len(v7) {
		t.Errorf("--target v7 differs from the default: %v vs %v", v7x, v7)
	}
	fired := 0
	for id := range ent {
		r := rules.ByID(id)
		if r == nil || len(r.Targets) == 0 {
			continue
		}
		fired++
		if v8[id] != r.RunsFor(audit.TargetV8) {
			t.Errorf("%s (targets %v): reported by --target v8 = %v", id, r.Targets, v8[id])
		}
	}
	if fired < 10 || !v8["V8-002"] || !ent["V8-006"] || v8["V8-006"] {
		t.Errorf("the example should show v8 rules (V8-002 for v8, V8-006 for v8-enterprise only): v8 %v, enterprise %v", v8, ent)
	}
	if r := runCLI(t, "", nil, "scan", "--target", "v9", example); r.code != ExitUsage || !strings.Contains(r.stderr, "v8-enterprise") {
		t.Errorf("a bad target exits %d: %s", r.code, r.stderr)
	}
}

func TestTargetFromConfiguration(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "fixtures", "V8-002", "bad_ldap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	in := writeFile(t, dir, "options.xml", src)
	cfg := writeFile(t, dir, ".acc-audit.yaml", []byte("fail-on: none\ntarget: v8\n"))
	if r := runCLI(t, "", nil, "scan", "-q", in); !strings.Contains(r.stdout, "[V8-002]") {
		t.Errorf("target: v8 of the configuration is not applied (%d): %s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "scan", "-q", "--target", "v7", in); strings.Contains(r.stdout, "[V8-002]") {
		t.Errorf("--target v7 does not override the configuration: %s", r.stdout)
	}
	if r := runCLI(t, "", nil, "baseline", "-o", "-", in); !strings.Contains(r.stdout, "V8-002") {
		t.Errorf("baseline ignores the target of the configuration: %s%s", r.stdout, r.stderr)
	}
	writeFile(t, dir, ".acc-audit.yaml", []byte("fail-on: none\ntarget: v8-ffda\n"))
	r := runCLI(t, "", nil, "scan", in)
	if r.code != ExitUsage || !strings.Contains(r.stderr, ".acc-audit.yaml:2:9") || !strings.Contains(r.stderr, `"v8-ffda"`) {
		t.Errorf("a bad target in %s exits %d: %s", cfg, r.code, r.stderr)
	}
}

func TestReportNamesTarget(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	r := runCLI(t, "", nil, "report", "-f", "md", "--target", "v8-enterprise", example)
	for _, want := range []string{
		"# Campaign v8 Enterprise (FFDA) readiness audit",
		"| Target | Campaign v8 Enterprise (FFDA) |",
		"before or during the migration to Campaign v8 Enterprise (FFDA)",
		"The estimate is for the move to Campaign v8 Enterprise (FFDA), v7 rules included.",
		"Campaign v8 readiness",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the v8-enterprise report lacks %q", want)
		}
	}
	v7 := runCLI(t, "", nil, "report", "-f", "html", example)
	if !strings.Contains(v7.stdout, "<dd>Campaign Classic v7</dd>") || strings.Contains(v7.stdout, "readiness") {
		t.Error("the default report is not a v7 migration report")
	}
	html := runCLI(t, "", nil, "report", "-f", "html", "--target", "v8", example)
	if !strings.Contains(html.stdout, "<h1>Campaign v8 readiness audit</h1>") || !strings.Contains(html.stdout, "<dd>Campaign v8</dd>") {
		t.Error("the v8 HTML report does not name its target")
	}
}

func TestEnableRuleOfAnotherTarget(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	r := runCLI(t, "", nil, "scan", "--enable", "V8-006", "--target", "v8", example)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--target v8-enterprise") {
		t.Errorf("enabling an Enterprise rule on a v8 scan exits %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, "", nil, "scan", "-q", "--fail-on", "none", "--enable", "V8", "--target", "v8", example)
	if r.code != ExitOK || !strings.Contains(r.stdout, "[V8-002]") || strings.Contains(r.stdout, "[SQL-001]") {
		t.Errorf("--enable V8 --target v8 (%d): %s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "scan", "--enable", "V8", example); r.code != ExitUsage {
		t.Errorf("--enable V8 on a v7 scan exits %d", r.code)
	}
}
