package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/audittest"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// FuzzRules runs every rule on mutated exports: whatever the input, no rule
// may panic (the engine would turn it into an "internal error" problem) and
// every finding must point inside the input.
func FuzzRules(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(audittest.Fixtures(), "_example", "*.xml"))
	more, _ := filepath.Glob(filepath.Join(audittest.Fixtures(), "*", "bad_*.xml"))
	seeds = append(seeds, more...)
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil && len(data) < 16<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res := driver.Run(context.Background(), []*source.Input{source.NewInput("fuzz.xml", data)},
			driver.Options{Rules: rules.All(), Workers: 1})
		for _, p := range res.Problems {
			if p.Internal {
				t.Fatal(p.Message + "\n" + p.Detail)
			}
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, fd := range res.Findings.Slice() {
			if fd.Line < 1 || fd.Line > lines || fd.Col < 1 {
				t.Fatalf("%s at %d:%d outside the input (%d lines)", fd.RuleID, fd.Line, fd.Col, lines)
			}
		}
	})
}
