package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// corpusDir is the shared collection of real public exports next to the
// repository (ACC_AUDIT_CORPUS overrides). It is optional: the test skips
// when it is absent.
func corpusDir(t *testing.T) string {
	if d := os.Getenv("ACC_AUDIT_CORPUS"); d != "" {
		return d
	}
	d, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpus"))
	if _, err := os.Stat(d); err != nil {
		t.Skip("no corpus at " + d)
	}
	return d
}

// TestCorpus scans every real export with every rule: no crash, no input
// problem on these well-formed files, and the known legacy constructs found.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	inputs, errs := source.Collect([]string{dir}, source.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(inputs) == 0 {
		t.Skip("empty corpus")
	}
	res := driver.Run(context.Background(), inputs, driver.Options{Rules: rules.All()})
	for _, p := range res.Problems {
		t.Errorf("problem on a well-formed file: %s", p)
	}
	if len(res.Files) != len(inputs) {
		t.Errorf("%d files reported, %d read", len(res.Files), len(inputs))
	}
	counts := map[string]int{}
	for _, f := range res.Findings.Slice() {
		counts[f.RuleID]++
		if f.Line <= 0 || f.Col <= 0 || f.Entity == "" {
			t.Errorf("finding without position or entity: %+v", f)
		}
	}
	t.Logf("%d files, %d entities, %d findings %v", len(inputs), res.Entities, res.Findings.Len(), counts)
	// The corpus holds a query filter built on [SQLDATA[ (see its README).
	if counts["SQL-001"] == 0 {
		t.Error("the SQLData query filter of the corpus was not reported")
	}
}
