package rules_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// Floors of the labelled measure: raise them when a rule fix improves the
// numbers, never lower them to let a change through.
const (
	minPrecisionAll     = 1.00
	minPrecisionWarnErr = 1.00
	minRecall           = 1.00
)

// labelSet is one scanned tree of the labelled set: its name prefixes the
// keys of labels.txt and missed.txt.
type labelSet struct {
	name, dir string
}

type label struct {
	tp     bool
	reason string
	line   int // line of labels.txt, for messages
}

// TestLabelledPrecision measures the rules on the labelled set: every
// finding the v8-enterprise scan (the v7 rules and the v8 ones) reports on
// the example export and on the corpus is
// labelled true or false positive in testdata/labelled/labels.txt, and the
// problems a migration expert would report but the scan misses are listed in
// missed.txt. The test fails on an unlabelled finding, on a label whose
// finding is gone, and when precision or recall drop under the floors.
func TestLabelledPrecision(t *testing.T) {
	sets := []labelSet{{"_example", filepath.Join("..", "fixtures", "_example")}}
	if d := os.Getenv("ACC_AUDIT_CORPUS"); d != "" {
		sets = append(sets, labelSet{"corpus", d})
	} else if d, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpus")); dirExists(d) {
		sets = append(sets, labelSet{"corpus", d})
	} else {
		t.Log("no corpus: measuring the example export only")
	}
	labels := readLabels(t, filepath.Join("testdata", "labelled", "labels.txt"))
	missed := readMissed(t, filepath.Join("testdata", "labelled", "missed.txt"))

	// One scan for the widest target: the v7 rules report the same findings
	// whatever the target, and the v8 rules add theirs. The two groups are
	// measured apart, the v7 one being what a default scan reports.
	var all []*audit.Rule
	for _, r := range rules.All() {
		if r.RunsFor(audit.TargetV8Enterprise) {
			all = append(all, r)
		}
	}
	seen := map[string]bool{}
	m := map[string]*measure{"v7": {}, "v8": {}}
	group := func(ruleID string) *measure {
		if r := rules.ByID(ruleID); r != nil && len(r.Targets) > 0 {
			return m["v8"]
		}
		return m["v7"]
	}
	for _, s := range sets {
		inputs, errs := source.Collect([]string{s.dir}, source.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		res := driver.Run(context.Background(), inputs, driver.Options{Rules: all})
		for _, f := range res.Findings.Slice() {
			rel, err := filepath.Rel(s.dir, f.File)
			if err != nil {
				rel = f.File
			}
			key := fmt.Sprintf("%s %s/%s:%d:%d", f.RuleID, s.name, filepath.ToSlash(rel), f.Line, f.Col)
			seen[key] = true
			l, ok := labels[key]
			if !ok {
				t.Errorf("unlabelled finding %s (%s): %s", key, f.Severity, f.Message)
				continue
			}
			g := group(f.RuleID)
			warnErr := f.Severity == audit.SeverityWarning || f.Severity == audit.SeverityError
			switch {
			case l.tp && warnErr:
				g.tp, g.tpWE = g.tp+1, g.tpWE+1
			case l.tp:
				g.tp++
			case warnErr:
				g.fp, g.fpWE = g.fp+1, g.fpWE+1
			default:
				g.fp++
			}
		}
		for ruleID, n := range missed[s.name] {
			group(ruleID).fn += n
		}
	}
	var stale []string
	for key, l := range labels {
		set, _, _ := strings.Cut(strings.TrimPrefix(key, strings.Fields(key)[0]+" "), "/")
		if !seen[key] && setScanned(sets, set) {
			stale = append(stale, fmt.Sprintf("labels.txt:%d: %s is no longer reported", l.line, key))
		}
	}
	sort.Strings(stale)
	for _, s := range stale {
		t.Error(s)
	}
	for _, name := range []string{"v7", "v8"} {
		g := m[name]
		if g.tp+g.fp == 0 {
			t.Fatalf("no finding of the %s rules on the labelled set", name)
		}
		precision := float64(g.tp) / float64(g.tp+g.fp)
		precisionWE := float64(g.tpWE) / float64(max(g.tpWE+g.fpWE, 1))
		recall := float64(g.tp) / float64(max(g.tp+g.fn, 1))
		t.Logf("%s rules on the labelled set %v: %d findings (%d true, %d false), precision %.3f; warnings+errors %d (%d false), precision %.3f; %d missed, recall %.3f",
			name, setNames(sets), g.tp+g.fp, g.tp, g.fp, precision, g.tpWE+g.fpWE, g.fpWE, precisionWE, g.fn, recall)
		if precision < minPrecisionAll {
			t.Errorf("%s: precision over all findings %.3f < %.3f", name, precision, minPrecisionAll)
		}
		if precisionWE < minPrecisionWarnErr {
			t.Errorf("%s: precision over warnings and errors %.3f < %.3f", name, precisionWE, minPrecisionWarnErr)
		}
		if recall < minRecall {
			t.Errorf("%s: recall %.3f < %.3f", name, recall, minRecall)
		}
	}
}

// measure counts the labelled findings of one group of rules.
type measure struct{ tp, fp, tpWE, fpWE, fn int }

func dirExists(d string) bool {
	st, err := os.Stat(d)
	return err == nil && st.IsDir()
}

func setScanned(sets []labelSet, name string) bool {
	for _, s := range sets {
		if s.name == name {
			return true
		}
	}
	return false
}

func setNames(sets []labelSet) []string {
	var n []string
	for _, s := range sets {
		n = append(n, s.name)
	}
	return n
}

// readLabels reads lines "tp|fp RULE set/path:line:col reason"; # starts a
// comment line.
func readLabels(t *testing.T, path string) map[string]label {
	t.Helper()
	labels := map[string]label{}
	eachLine(t, path, func(n int, fields []string, rest string) {
		if len(fields) < 4 || fields[0] != "tp" && fields[0] != "fp" {
			t.Fatalf("%s:%d: want \"tp|fp RULE set/path:line:col reason\"", path, n)
		}
		key := fields[1] + " " + fields[2]
		if _, dup := labels[key]; dup {
			t.Fatalf("%s:%d: %s labelled twice", path, n, key)
		}
		labels[key] = label{tp: fields[0] == "tp", reason: rest, line: n}
	})
	return labels
}

// readMissed reads lines "set/path:line RULE reason" and counts them per
// set and rule.
func readMissed(t *testing.T, path string) map[string]map[string]int {
	t.Helper()
	count := map[string]map[string]int{}
	eachLine(t, path, func(n int, fields []string, _ string) {
		if len(fields) < 3 || !strings.Contains(fields[0], "/") {
			t.Fatalf("%s:%d: want \"set/path:line RULE reason\"", path, n)
		}
		set, _, _ := strings.Cut(fields[0], "/")
		if count[set] == nil {
			count[set] = map[string]int{}
		}
		count[set][fields[1]]++
	})
	return count
}

// eachLine calls fn with the whitespace fields of each non-comment line and
// the text after the key fields (the reason). Paths hold no spaces but the
// corpus does: a path's spaces are written as %20.
func eachLine(t *testing.T, path string, fn func(n int, fields []string, reason string)) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		for i := range fields {
			fields[i] = strings.ReplaceAll(fields[i], "%20", " ")
		}
		reason := ""
		if len(fields) > 3 {
			reason = strings.Join(fields[3:], " ")
		}
		fn(n, fields, reason)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
