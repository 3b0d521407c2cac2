package cli

import (
	"strings"
	"testing"
)

func TestConfigUnknownRuleSuggests(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".acc-audit.yaml", []byte("severity:\n  SQL-0O4: warning\n"))
	f := writeFile(t, dir, "a.xml", []byte(`<queryFilter name="f" xtkschema="xtk:queryFilter"/>`))
	r := runCLI(t, "", nil, "scan", f)
	if r.code != ExitUsage || !strings.Contains(r.stderr, `.acc-audit.yaml:2:3: severity: unknown rule "SQL-0O4" (did you mean SQL-004?)`) {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}
