package cli

import (
	"strings"
	"testing"
)

// TestEntityLimits: an entity past a limit is reported with its position
// and exit 3, not checked; the rest of the file and the other inputs are.
func TestEntityLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("<package>\n<entities schema=\"xtk:workflow\">\n")
	b.WriteString("  <workflow internalName=\"big\">" + strings.Repeat("<x/>", 3000) + "</workflow>\n")
	b.WriteString("  <workflow internalName=\"wide\"><activities><js name=\"js\"><script><![CDATA[" + strings.Repeat("var a = 1;\n", 200) + "]]></script></js></activities></workflow>\n")
	b.WriteString("</entities>\n<entities schema=\"xtk:queryFilter\">\n")
	b.WriteString("  <queryFilter name=\"f\"><where><condition expr=\"[SQLDATA[SELECT 1]]\"/></where></queryFilter>\n")
	b.WriteString("</entities>\n</package>\n")
	dir := t.TempDir()
	f := writeFile(t, dir, "export.xml", []byte(b.String()))
	other := writeFile(t, dir, "other.xml", []byte(`<queryFilter name="g" xtkschema="xtk:queryFilter"><where><condition expr="[SQLDATA[SELECT 2]]"/></where></queryFilter>`))

	r := runCLI(t, "", nil, "scan", "-q", "--no-config", "--max-entity-nodes", "1000", "--max-script-bytes", "1000", f, other)
	if r.code != ExitInput {
		t.Errorf("exit %d, want %d", r.code, ExitInput)
	}
	for _, want := range []string{
		f + ":3:3: entity <workflow> not checked: it holds more than 1000 nodes (raise it with --max-entity-nodes",
		f + ":4:3: entity <workflow> not checked: it holds a CDATA section of more than 1000 bytes (raise it with --max-script-bytes",
		f + ":207:49:", // the filter after them is checked
		other + ":1:",
	} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("missing %q in\n%s%s", want, r.stdout, r.stderr)
		}
	}
	// The same limits from the configuration file.
	writeFile(t, dir, ".acc-audit.yaml", []byte("limits:\n  entity-nodes: 1000\n  script-bytes: 100000\n"))
	r = runCLI(t, "", nil, "scan", "-q", f)
	if r.code != ExitInput || !strings.Contains(r.stdout+r.stderr, "more than 1000 nodes") || strings.Contains(r.stdout+r.stderr, "CDATA section of more") {
		t.Errorf("configuration limits: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	writeFile(t, dir, ".acc-audit.yaml", []byte("limits:\n  entity-nodes: -1\n"))
	if r := runCLI(t, "", nil, "scan", "-q", f); r.code != ExitUsage || !strings.Contains(r.stderr, ".acc-audit.yaml:2:") {
		t.Errorf("bad limit: exit %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "scan", "--no-config", "--max-entity-bytes", "-5", f); r.code != ExitUsage {
		t.Errorf("negative flag: exit %d", r.code)
	}
}
