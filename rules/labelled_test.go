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
// finding the v7 scan reports on the example export and on the corpus is
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

	var rulesV7 []*audit.Rule
	for _, r := range rules.All() {
		if r.RunsFor(audit.TargetV7) {
			rulesV7 = append(rulesV7, r)
		}
	}
	seen := map[string]bool{}
	var tp, fp, tpWE, fpWE, fn int
	for _, s := range sets {
		inputs, errs := source.Collect([]string{s.dir}, source.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		res := audit.Run(context.Background(), inputs, audit.Options{Rules: rulesV7})
		for _, f := range res.Findings {
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
			warnErr := f.Severity == audit.SeverityWarning || f.Severity == audit.SeverityError
			switch {
			case l.tp && warnErr:
				tp, tpWE = tp+1, tpWE+1
			case l.tp:
				tp++
			case warnErr:
				fp, fpWE = fp+1, fpWE+1
			default:
				fp++
			}
		}
		fn += missed[s.name]
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
	if tp+fp == 0 {
		t.Fatal("no finding on the labelled set")
	}
	precision := float64(tp) / float64(tp+fp)
	precisionWE := float64(tpWE) / float64(max(tpWE+fpWE, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("labelled set %v: %d findings (%d true, %d false), precision %.3f; warnings+errors %d (%d false), precision %.3f; %d missed, recall %.3f",
		setNames(sets), tp+fp, tp, fp, precision, tpWE+fpWE, fpWE, precisionWE, fn, recall)
	if precision < minPrecisionAll {
		t.Errorf("precision over all findings %.3f < %.3f", precision, minPrecisionAll)
	}
	if precisionWE < minPrecisionWarnErr {
		t.Errorf("precision over warnings and errors %.3f < %.3f", precisionWE, minPrecisionWarnErr)
	}
	if recall < minRecall {
		t.Errorf("recall %.3f < %.3f", recall, minRecall)
	}
}

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

// readMissed reads lines "set/path:line RULE reason" and counts them per set.
func readMissed(t *testing.T, path string) map[string]int {
	t.Helper()
	count := map[string]int{}
	eachLine(t, path, func(n int, fields []string, _ string) {
		if len(fields) < 3 || !strings.Contains(fields[0], "/") {
			t.Fatalf("%s:%d: want \"set/path:line RULE reason\"", path, n)
		}
		set, _, _ := strings.Cut(fields[0], "/")
		count[set]++
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
