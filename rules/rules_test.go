package rules_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/audittest"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

func TestRegistryIsValid(t *testing.T) {
	if err := audit.Validate(rules.All()); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	prev := ""
	for _, r := range rules.All() {
		if r.ID <= prev {
			t.Errorf("rules.All is not sorted by id: %s after %s", r.ID, prev)
		}
		prev = r.ID
		ids[r.ID] = true
	}
	// Every fixture directory belongs to a registered rule.
	ents, err := os.ReadDir(audittest.Fixtures())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "_") && !ids[e.Name()] {
			t.Errorf("fixtures/%s has no registered rule", e.Name())
		}
	}
}

// TestFixtures runs each rule over its fixtures and checks that every rule
// has at least one fixture that fires and one that stays silent.
func TestFixtures(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join(audittest.Fixtures(), r.ID)
			if _, err := os.Stat(dir); err != nil {
				t.Fatalf("rule %s has no fixtures directory", r.ID)
			}
			out := audittest.Run(t, dir, r, rules.All())
			fires, silent := false, false
			for name, o := range out {
				if strings.HasPrefix(name, "bad_") && o.Findings > 0 {
					fires = true
				}
				if strings.HasPrefix(name, "good_") && o.Findings == 0 {
					silent = true
				}
			}
			if !fires {
				t.Errorf("rule %s has no bad_ fixture that fires", r.ID)
			}
			if !silent {
				t.Errorf("rule %s has no good_ fixture that stays silent", r.ID)
			}
		})
	}
}

// TestDocExamples checks that each rule's documented bad example triggers
// it and the good example does not: the documentation is tested code.
func TestDocExamples(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			bad := audittest.Check("bad.xml", r.Doc.Bad, r)
			if len(bad.Problems) > 0 {
				t.Fatalf("bad example does not parse: %v", bad.Problems)
			}
			if bad.Findings.Len() == 0 {
				t.Errorf("bad example does not trigger %s", r.ID)
			}
			good := audittest.Check("good.xml", r.Doc.Good, r)
			if len(good.Problems) > 0 {
				t.Fatalf("good example does not parse: %v", good.Problems)
			}
			for _, f := range good.Findings.Slice() {
				t.Errorf("good example triggers %s at %d:%d: %s", f.RuleID, f.Line, f.Col, f.Message)
			}
		})
	}
}

// TestExample scans the example export of the README with every rule, as
// one scan set, and compares the findings with fixtures/_example/
// expected-findings.txt (go test ./rules -run Example -update rewrites it).
// The expectations live beside the files, not inline, because the example
// is what users and customers see first.
func TestExample(t *testing.T) {
	// A relative path keeps file names in messages the same in every clone.
	dir := filepath.Join("..", "fixtures", "_example")
	inputs, errs := source.Collect([]string{dir}, source.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res := driver.Run(context.Background(), inputs, driver.Options{Rules: rules.All()})
	if len(res.Problems) > 0 {
		t.Fatalf("input problems: %v", res.Problems)
	}
	var b strings.Builder
	for _, f := range res.Findings.Slice() {
		rel, _ := filepath.Rel(dir, f.File)
		fmt.Fprintf(&b, "%s:%d:%d %s %s %s\n", filepath.ToSlash(rel), f.Line, f.Col, f.Severity, f.RuleID, f.Message)
	}
	golden := filepath.Join(dir, "expected-findings.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := lineDiff(string(want), b.String()); diff != "" {
		t.Errorf("findings on the example export changed (go test ./rules -run Example -update):\n%s", diff)
	}
	// One place, one finding: two findings share a place only when they are
	// different problems, each pair documented by a fixture
	// (distinctAtSamePlace, checked in TestOnePlaceOneFinding).
	at := map[string][]string{}
	for _, f := range res.Findings.Slice() {
		k := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
		at[k] = append(at[k], f.RuleID)
	}
	for k, ids := range at {
		if len(ids) > 1 {
			sort.Strings(ids)
			if _, ok := distinctAtSamePlace[strings.Join(ids, "+")]; !ok {
				t.Errorf("%s: %v share a place", k, ids)
			}
		}
	}
	// The example shows every risk area at work in one scan.
	fired := map[string]bool{}
	for _, f := range res.Findings.Slice() {
		prefix, _, _ := strings.Cut(f.RuleID, "-")
		fired[prefix] = true
	}
	for _, r := range rules.All() {
		prefix, _, _ := strings.Cut(r.ID, "-")
		if !fired[prefix] {
			t.Errorf("no rule of family %s fires on the example export", prefix)
			fired[prefix] = true
		}
	}
}

var update = flag.Bool("update", false, "rewrite golden files")

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "- "+l)
		case n < 0:
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestVersionGatedRulesStaySilent: a rule that applies to some source
// versions only reports nothing on its own firing fixtures when the scan
// says the export comes from another version.
func TestVersionGatedRulesStaySilent(t *testing.T) {
	gated := 0
	for _, r := range rules.All() {
		if len(r.From) == 0 {
			continue
		}
		gated++
		cases, err := audittest.Cases(filepath.Join(audittest.Fixtures(), r.ID))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range audit.SourceVersions {
			if slices.Contains(r.From, v) {
				continue
			}
			for _, c := range cases {
				if !strings.HasPrefix(c.Name, "bad_") {
					continue
				}
				var inputs []*source.Input
				for _, f := range c.Files {
					data, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					_, _, blanked, err := audittest.Parse(f, data)
					if err != nil {
						t.Fatal(err)
					}
					inputs = append(inputs, source.NewInput(f, blanked))
				}
				res := driver.Run(context.Background(), inputs, driver.Options{Rules: []*audit.Rule{r}, From: v})
				for _, f := range res.Findings.Slice() {
					t.Errorf("%s fires with --from %s on %s:%d (it applies to %v only)", r.ID, v, filepath.Base(f.File), f.Line, r.From)
				}
			}
		}
	}
	if gated < 10 {
		t.Errorf("only %d version-gated rules", gated)
	}
}

// versionDependent are the rules whose check reads the source version
// itself (Pass.Version) rather than through Rule.From;
// TestVersionDependentListed keeps the list complete.
var versionDependent = []string{"DLV-003", "OPT-006", "TZ-003"}

// TestVersionDependentListed: a rule file reading the unit's source version
// names a rule of versionDependent.
func TestVersionDependentListed(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("*", "*.go"))
	reads := regexp.MustCompile(`\b(p|u|p\.Unit)\.Version\b`)
	ids := regexp.MustCompile(`ID:\s*"([A-Z0-9]+-\d{3})"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !reads.Match(data) {
			continue
		}
		m := ids.FindSubmatch(data)
		if m == nil || !slices.Contains(versionDependent, string(m[1])) {
			t.Errorf("%s reads the source version: list its rule in versionDependent", f)
		}
	}
}

// TestVersionGatedRulesHaveOtherVersionFixtures: every rule gated by source
// version (Rule.From, or a check reading Pass.Version) has a good_ fixture
// whose header sets another --from than the ones it reports for, so that
// the silence is documented where the rule's fixtures are.
func TestVersionGatedRulesHaveOtherVersionFixtures(t *testing.T) {
	for _, r := range rules.All() {
		if len(r.From) == 0 && !slices.Contains(versionDependent, r.ID) {
			continue
		}
		dir := filepath.Join(audittest.Fixtures(), r.ID)
		cases, err := audittest.Cases(dir)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range cases {
			if !strings.HasPrefix(c.Name, "good_") {
				continue
			}
			for _, f := range c.Files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				_, hdr, _, err := audittest.Parse(f, data)
				if err != nil {
					t.Fatal(err)
				}
				if hdr.From != "" && (len(r.From) == 0 || !slices.Contains(r.From, hdr.From)) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s (from %v) has no good_ fixture with an audit-test header setting another from=", r.ID, r.From)
		}
	}
}
