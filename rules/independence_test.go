package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// TestFamiliesAloneFindTheSame: disabling rules never changes another
// rule's result. The example export, every fixture and the corpus are
// scanned as one set with all rules, then with each family alone; each
// family finds exactly what it finds among all the others, so the
// collectors a rule's findings depend on are those its Requires names. A
// family runs with the rules its root causes relate it to (SCH-006 folds
// into the SQL-001 it contains): that folding is meant to depend on both.
func TestFamiliesAloneFindTheSame(t *testing.T) {
	if testing.Short() {
		t.Skip("scans every fixture once per family")
	}
	paths := []string{filepath.Join("..", "fixtures")}
	corpus := os.Getenv("ACC_AUDIT_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(corpus); err == nil {
		paths = append(paths, corpus)
	}
	inputs, errs := source.Collect(paths, source.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	all := rules.All()
	scan := func(rs []*audit.Rule) map[string][]string {
		res := driver.Run(context.Background(), inputs, driver.Options{Rules: rs})
		for _, p := range res.Problems {
			if p.Internal {
				t.Errorf("internal error: %s", p)
			}
		}
		out := map[string][]string{}
		for _, f := range res.Findings.Slice() {
			out[f.RuleID] = append(out[f.RuleID], fmt.Sprintf("%s:%d:%d %s %s %s %v", f.File, f.Line, f.Col, f.Severity, f.Message, f.Fingerprint, f.Related))
		}
		return out
	}
	want := scan(all)
	families := map[string][]*audit.Rule{}
	for _, r := range all {
		prefix, _, _ := strings.Cut(r.ID, "-")
		families[prefix] = append(families[prefix], r)
	}
	for name, family := range families {
		got := scan(withRootCauses(family, all))
		for _, r := range family {
			if !slices.Equal(got[r.ID], want[r.ID]) {
				t.Errorf("%s alone (family %s) finds\n%s\nand among all rules\n%s", r.ID, name,
					strings.Join(got[r.ID], "\n"), strings.Join(want[r.ID], "\n"))
			}
		}
	}
}

// withRootCauses adds to a family the rules related to its rules by
// RootCauses, either way, until none is missing.
func withRootCauses(family, all []*audit.Rule) []*audit.Rule {
	set := slices.Clone(family)
	for changed := true; changed; {
		changed = false
		for _, r := range all {
			if slices.Contains(set, r) {
				continue
			}
			for _, s := range set {
				if slices.Contains(s.RootCauses, r.ID) || slices.Contains(r.RootCauses, s.ID) {
					set = append(set, r)
					changed = true
					break
				}
			}
		}
	}
	return set
}
