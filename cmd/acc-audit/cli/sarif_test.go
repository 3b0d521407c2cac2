package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestSARIFKeepsBaselinedAndSuppressed: code scanning expects every
// result, accepted ones marked with suppressions; a baselined or
// suppressed finding is never dropped from SARIF.
func TestSARIFKeepsBaselinedAndSuppressed(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "export")
	writeFile(t, exp, "a.xml", []byte(sqlDataFilter))
	writeFile(t, exp, "b.xml", []byte(strings.Replace(sqlDataFilter, `<condition`, "<!-- acc-audit:ignore SQL-001 reviewed with the DBA -->\n    <condition", 1)))
	bl := filepath.Join(dir, "baseline.json")
	if r := runCLI(t, "", nil, "baseline", "--no-config", "-o", bl, filepath.Join(exp, "a.xml")); r.code != ExitOK {
		t.Fatalf("baseline: exit %d\n%s", r.code, r.stderr)
	}
	r := runCLI(t, "", nil, "scan", "--no-config", "--baseline", bl, "-f", "sarif", exp)
	if r.code != ExitOK {
		t.Fatalf("scan: exit %d\n%s", r.code, r.stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID        string `json:"ruleId"`
				BaselineState string `json:"baselineState"`
				Locations     []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, res := range log.Runs[0].Results {
		if res.RuleID != "SQL-001" {
			continue
		}
		uri := res.Locations[0].Physical.Artifact.URI
		if len(res.Suppressions) != 1 {
			t.Errorf("%s: %d suppressions, want 1", uri, len(res.Suppressions))
			continue
		}
		s := res.Suppressions[0]
		got[filepath.Base(uri)] = s.Kind + " " + res.BaselineState + ": " + s.Justification
	}
	if want := "external unchanged: recorded in the baseline " + bl; got["a.xml"] != want {
		t.Errorf("baselined finding: %q, want %q", got["a.xml"], want)
	}
	if want := "inSource : reviewed with the DBA"; got["b.xml"] != want {
		t.Errorf("suppressed finding: %q, want %q", got["b.xml"], want)
	}
}
