package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/audittest"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// vendorExpressions are the literal, case-sensitive strings the vendor's
// post-upgrade check searches for (migration/using/testing-the-migration.md).
var vendorExpressions = map[string][]string{
	"PU-0001": {".@"},
	"PU-0002": {"common.js"},
	"PU-0003": {"logon("},
	"PU-0004": {"new SoapMethodCall("},
	"PU-0005": {"sql="},
	"PU-0006": {"SQLDATA"},
	"PU-0007": {`crmDeploymentType="onpremise"`},
	"PU-0008": {"mscrmWorkflow", "sfdcWorkflow"},
}

// vendorCheck emulates the vendor's search on a file's text.
func vendorCheck(text, code string) bool {
	for _, e := range vendorExpressions[code] {
		if strings.Contains(text, e) {
			return true
		}
	}
	return false
}

// TestCompatParity shows, file by file, where the literal search of the
// vendor over-reports (traps) or misses (misses) and that acc-audit gets it
// right.
func TestCompatParity(t *testing.T) {
	root := filepath.Join(audittest.Fixtures(), "_compat")
	for _, kind := range []string{"traps", "misses"} {
		files, _ := filepath.Glob(filepath.Join(root, kind, "PU-*.xml"))
		if len(files) == 0 {
			t.Fatalf("no %s fixtures", kind)
		}
		for _, f := range files {
			code := filepath.Base(f)[:7]
			t.Run(kind+"/"+filepath.Base(f), func(t *testing.T) {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				res := driver.Run(context.Background(), []*source.Input{source.NewInput(f, data)},
					driver.Options{Rules: rules.All()})
				if len(res.Problems) > 0 {
					t.Fatal(res.Problems)
				}
				var ours []audit.Finding
				for _, fd := range res.Findings.Slice() {
					if slices.Contains(fd.Compat, code) {
						ours = append(ours, fd)
					}
				}
				vendor := vendorCheck(string(data), code)
				switch kind {
				case "traps":
					if !vendor {
						t.Errorf("not a trap: the vendor's search does not report %s here", code)
					}
					for _, fd := range ours {
						t.Errorf("false alarm %s (%s) at %d:%d: %s", fd.RuleID, code, fd.Line, fd.Col, fd.Message)
					}
				case "misses":
					if vendor {
						t.Errorf("not a miss: the vendor's search reports %s here", code)
					}
					if len(ours) == 0 {
						t.Errorf("acc-audit misses %s too", code)
					}
				}
			})
		}
	}
}

// TestEveryVendorCodeIsCovered checks that each code of the vendor's check
// maps to at least one precise rule, so results can be reconciled.
func TestEveryVendorCodeIsCovered(t *testing.T) {
	for code := range vendorExpressions {
		found := false
		for _, r := range rules.All() {
			if slices.Contains(r.Compat, code) {
				found = true
			}
		}
		if !found {
			t.Errorf("no rule covers %s", code)
		}
	}
}
