package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// distinctAtSamePlace lists the pairs of rules (sorted, joined by +) whose
// findings may share a place because they are different problems, each
// pair with the fixture that documents it (the fixture must expect both).
var distinctAtSamePlace = map[string]string{
	"WEB-003+WEB-009": "WEB-009/bad_same_place_as_web003.xml",
}

// scanAll runs the rules rs over paths as one export.
func scanAll(t *testing.T, rs []*audit.Rule, paths ...string) *driver.Result {
	t.Helper()
	inputs, errs := source.Collect(paths, source.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return driver.Run(context.Background(), inputs, driver.Options{Rules: rs})
}

// TestOnePlaceOneFinding checks the rules of issue 12 on the example
// export and the corpus: no two findings share a place (file, line,
// column) unless they are different problems documented by a fixture that
// expects both, and each advisory comes once.
func TestOnePlaceOneFinding(t *testing.T) {
	for pair, fx := range distinctAtSamePlace {
		b, err := os.ReadFile(filepath.Join("..", "fixtures", fx))
		if err != nil {
			t.Errorf("%s: documenting fixture: %v", pair, err)
			continue
		}
		for _, id := range strings.Split(pair, "+") {
			if !strings.Contains(string(b), `"`+id+":") {
				t.Errorf("%s: fixture %s expects no finding of %s", pair, fx, id)
			}
		}
	}
	dirs := []string{filepath.Join("..", "fixtures", "_example")}
	if d, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpus")); dirExists(d) {
		dirs = append(dirs, d)
	}
	if d := os.Getenv("ACC_AUDIT_CORPUS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, dir := range dirs {
		res := scanAll(t, rules.All(), dir)
		at := map[string][]string{}
		for _, f := range res.Findings.Slice() {
			k := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
			at[k] = append(at[k], f.RuleID)
		}
		// The advisories come once here too (per file for ScopeFile).
		once := map[string]int{}
		for _, f := range res.Findings.Slice() {
			for _, kind := range advisoryKinds[f.RuleID] {
				if strings.Contains(f.Message, kind) {
					k := f.RuleID + " " + kind
					if r := rules.ByID(f.RuleID); r != nil && r.Scope == audit.ScopeFile {
						k += " in " + f.File
					}
					if once[k]++; once[k] == 2 {
						t.Errorf("%s: advisory %s reported more than once", dir, k)
					}
				}
			}
		}
		for k, ids := range at {
			if len(ids) < 2 {
				continue
			}
			sort.Strings(ids)
			if _, ok := distinctAtSamePlace[strings.Join(ids, "+")]; !ok {
				t.Errorf("%s: %v share a place and are not documented as distinct problems", k, ids)
			}
		}
	}
}

// advisoryKinds are the advisory rules of issue 12 (and every rule with a
// Scope), each with the messages of its advisories ("" when every finding
// of the rule is one): each advisory comes at most once per export (per
// file for ScopeFile).
var advisoryKinds = map[string][]string{
	"TZ-006": {""}, "WF-004": {""}, "CONF-008": {""}, "WEB-003": {""}, "WEB-009": {""},
	"V8-001": {""}, "V8-013": {""}, "V8-018": {""},
	"BLD-014": {"whose indexes were reworked in build 18.10", "must be republished after the upgrade"},
}

var reportedOnce = regexp.MustCompile(`\(reported once: (\d+) places in this (export|file)`)

// TestAdvisoriesOncePerExport scans the bad fixtures of each advisory
// rule as one export, with that rule alone: its advisories come
// once (per file when its scope is the file), and a finding that stands
// for n places lists the n-1 others as related places.
func TestAdvisoriesOncePerExport(t *testing.T) {
	for _, r := range rules.All() {
		if _, ok := advisoryKinds[r.ID]; !ok && r.Scope != audit.ScopeFinding {
			t.Errorf("%s has a Scope but is not in advisoryKinds", r.ID)
		}
	}
	for id, kinds := range advisoryKinds {
		r := rules.ByID(id)
		if r == nil {
			t.Errorf("no rule %s", id)
			continue
		}
		// The bad fixtures together: the good ones may hold export-wide
		// context (a serverConf.xml) that silences the others.
		bad, _ := filepath.Glob(filepath.Join("..", "fixtures", id, "bad_*"))
		if len(bad) == 0 {
			t.Errorf("%s: no bad fixture", id)
			continue
		}
		res := scanAll(t, []*audit.Rule{r}, bad...)
		per := map[string]int{}
		for _, f := range res.Findings.Slice() {
			for _, kind := range kinds {
				if !strings.Contains(f.Message, kind) {
					continue
				}
				k := kind
				if r.Scope == audit.ScopeFile {
					k += " in " + f.File
				}
				per[k]++
			}
			if m := reportedOnce.FindStringSubmatch(f.Message); m != nil {
				if n, _ := strconv.Atoi(m[1]); len(f.Related) < n-1 {
					t.Errorf("%s at %s:%d stands for %d places but lists %d related places", id, f.File, f.Line, n, len(f.Related))
				}
			}
		}
		if res.Findings.Len() == 0 {
			t.Errorf("%s: no finding on its fixtures", id)
		}
		for k, n := range per {
			if n > 1 {
				t.Errorf("%s: advisory %q reported %d times in one scope, want once", id, k, n)
			}
		}
	}
}
