package cli

import (
	"strings"
	"testing"
)

// TestRuleFailureExitCode: a rule that fails (here a custom rule past its
// budget) is an internal error with its own exit code, not an unreadable
// input, and it wins over an unreadable input and over findings.
func TestRuleFailureExitCode(t *testing.T) {
	root := t.TempDir()
	rules := writeFile(t, root, "rules.yaml", []byte("budget: 1\n"+customRules))
	f := writeFile(t, root, "f.xml", []byte(sqlDataFilter))
	broken := writeFile(t, root, "broken.xml", []byte("<queryFilter name=\"b\">"))
	want := rules + ":3:9: custom rule CUS-001 went past its budget of 1 XPath steps"
	for _, args := range [][]string{
		{"scan", "--rules-file", rules, f},
		{"scan", "--rules-file", rules, "-f", "json=" + root + "/r.json", f, broken},
		{"baseline", "--rules-file", rules, "-o", root + "/baseline.json", f},
		{"report", "--rules-file", rules, "-f", "md", f},
		{"fix", "--rules-file", rules, f, broken},
	} {
		r := runCLI(t, "", nil, args...)
		if r.code != ExitInternal || !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("%s: exit %d, want %d and %q in\n%s%s", strings.Join(args, " "), r.code, ExitInternal, want, r.stdout, r.stderr)
		}
	}
	if r := runCLI(t, "", nil, "scan", "--help"); !strings.Contains(r.stdout+r.stderr, "4  a rule failed") {
		t.Errorf("scan --help does not document exit code 4:\n%s%s", r.stdout, r.stderr)
	}
}
