package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/rules"
)

func TestMinPrecision(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	all := runCLI(t, "", nil, "scan", "-q", "--no-color", example)
	strict := runCLI(t, "", nil, "scan", "-q", "--no-color", "--min-precision", "very-high", example)
	if !strings.Contains(all.stdout, "[JSSP-001]") {
		t.Fatalf("the example has no JSSP-001 finding to filter:\n%s", all.stdout)
	}
	for _, line := range strings.Split(strict.stdout, "\n") {
		i := strings.LastIndex(line, "[")
		if i < 0 || !strings.HasSuffix(line, "]") {
			continue
		}
		if r := rules.ByID(line[i+1 : len(line)-1]); r != nil && r.Precision.Rank() < 4 {
			t.Errorf("--min-precision very-high kept a %s-precision finding: %s", r.Precision, line)
		}
	}
	if len(strict.stdout) >= len(all.stdout) {
		t.Error("--min-precision very-high filtered nothing")
	}
	if r := runCLI(t, "", nil, "scan", "--min-precision", "sometimes", example); r.code != ExitUsage {
		t.Errorf("a bad precision exits %d", r.code)
	}
}

func TestSARIFRulePrecision(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	r := runCLI(t, "", nil, "scan", "-f", "sarif", example)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string `json:"id"`
						Properties struct {
							Precision string `json:"precision"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	for _, sr := range log.Runs[0].Tool.Driver.Rules {
		if want := rules.ByID(sr.ID); want != nil && sr.Properties.Precision != string(want.Precision) {
			t.Errorf("%s: precision %q in SARIF, %q declared", sr.ID, sr.Properties.Precision, want.Precision)
		}
	}
}
