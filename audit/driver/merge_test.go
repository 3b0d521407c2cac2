package driver_test

import (
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// TestRootCauseMergeWaitsForDeferredDecisions: a root cause whose rule
// defers its finding used to miss the merge (it ran before decisions), so
// one call gave two findings. The container now waits for the decision:
// folded into the root cause when it is kept, reported alone when it is
// not.
func TestRootCauseMergeWaitsForDeferredDecisions(t *testing.T) {
	for _, keep := range []bool{true, false} {
		root := testRule("TST-010", func(p *audit.Pass) {
			at := p.Entity.Root.Start + 1
			p.Defer(p.Newf(at, at+1, "root"), func(*audit.Index, *audit.Finding) bool { return keep })
		})
		container := testRule("TST-011", func(p *audit.Pass) {
			p.EmitContainer(p.Newf(p.Entity.Root.Start, p.Entity.Root.Start+1, "container"), p.Entity.Root.End)
		})
		container.Severity = audit.SeverityWarning
		container.RootCauses, container.Consequence = []string{"TST-010"}, "the container breaks (TST-011)"
		for _, workers := range []int{1, 2} {
			res := run(t, driver.Options{Rules: []*audit.Rule{root, container}, Workers: workers}, "w.xml", workflow)
			if res.Findings.Len() != 1 {
				t.Fatalf("keep=%v: findings %+v, want one", keep, res.Findings.Slice())
			}
			f := res.Findings.Slice()[0]
			switch {
			case keep && (f.RuleID != "TST-010" || !strings.HasSuffix(f.Message, "; the container breaks (TST-011)") ||
				len(f.Related) != 1 || f.Related[0].Message != "TST-011: container" || f.ExtraEffort != container.EffortHours()):
				t.Errorf("kept root: %+v, want TST-010 with the consequence, the container related and its effort", f)
			case !keep && (f.RuleID != "TST-011" || f.Message != "container" || len(f.Related) != 0):
				t.Errorf("dropped root: %+v, want the container alone", f)
			}
		}
	}
}
