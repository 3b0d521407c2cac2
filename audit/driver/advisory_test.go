package driver

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

// TestAdvisoryFolderMatchesSortThenFold: folding advisories while the
// findings are read back, before the sort, gives what sorting every
// finding and folding the sorted list gave (foldSorted, the former way),
// on random findings that tie often.
func TestAdvisoryFolderMatchesSortThenFold(t *testing.T) {
	byID := map[string]*audit.Rule{
		"ADV-EXP": {ID: "ADV-EXP", Scope: audit.ScopeExport},
		"ADV-FIL": {ID: "ADV-FIL", Scope: audit.ScopeFile},
		"PLAIN":   {ID: "PLAIN"},
	}
	rules := []string{"ADV-EXP", "ADV-FIL", "PLAIN", "UNKNOWN"}
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[rnd.IntN(len(xs))] }
	for iter := range 3000 {
		n := rnd.IntN(40)
		var in []audit.Finding
		for range n {
			f := audit.Finding{
				RuleID:   pick(rules...),
				Severity: audit.Severity(rnd.IntN(3)),
				File:     pick("a.xml", "b.xml", "c.js"),
				Line:     1 + rnd.IntN(3), Col: 1 + rnd.IntN(2),
				EndLine: 1 + rnd.IntN(2), EndCol: 1 + rnd.IntN(2),
				Message: pick("m1", "m2"),
				Place:   pick("", "p1", "p2"),
				Excerpt: fmt.Sprint(rnd.IntN(1000)),
			}
			if rnd.IntN(3) == 0 {
				f.Related = []audit.Related{{Line: rnd.IntN(9), Message: "own"}}
			}
			st := audit.State(hk, &f)
			st.Matched = pick("x", "y")
			if rnd.IntN(4) == 0 {
				st.Scope = uint8(rnd.IntN(3))
				st.Kind = pick("", "k1", "k2")
			}
			// Findings alike in every compared field but of different
			// groups (or one of none) came in the order the workers met
			// them; they now come in the order of their groups, so they
			// are kept apart here.
			if k, ok := advisoryKeyOf(byID, &f); ok {
				st.Matched += " " + k.kind + " " + fmt.Sprint(k.file != "")
			} else {
				st.Matched += " plain"
			}
			in = append(in, f)
		}
		want := foldSorted(cloneFindings(in), byID)

		fold := newAdvisoryFolder(byID, newInterner())
		var got []audit.Finding
		for _, f := range cloneFindings(in) {
			if !fold.add(&f) {
				got = append(got, f)
			}
		}
		got = append(got, fold.reps()...)
		sortFindings(got)
		for i := range got {
			fold.finish(&got[i])
		}
		if len(fold.groups) != 0 {
			t.Fatalf("iteration %d: %d groups left unfinished", iter, len(fold.groups))
		}
		if len(got) != len(want) {
			t.Fatalf("iteration %d: %d findings, want %d", iter, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("iteration %d, finding %d:\n got %+v\nwant %+v", iter, i, got[i], want[i])
			}
		}
	}
}

func cloneFindings(fs []audit.Finding) []audit.Finding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Related = slices.Clone(out[i].Related)
	}
	return out
}

// foldSorted is the former fold: sort everything, then keep the first
// finding of each group with the others as related places.

func foldSorted(fs []audit.Finding, byID map[string]*audit.Rule) []audit.Finding {
	audit.SortFindings(fs)
	type key struct{ rule, kind, file string }
	first := map[key]int{}
	count := map[key]int{}
	out := fs[:0]
	for _, f := range fs {
		r := byID[f.RuleID]
		st := audit.State(hk, &f)
		scope := audit.Scope(st.Scope)
		if scope == audit.ScopeFinding && r != nil {
			scope = r.Scope
		}
		if scope == audit.ScopeFinding {
			out = append(out, f)
			continue
		}
		k := key{rule: f.RuleID, kind: st.Kind}
		if scope == audit.ScopeFile {
			k.file = f.File
		}
		i, ok := first[k]
		if !ok {
			st.Group = k.kind + "\x00" + k.file
			first[k] = len(out)
			count[k] = 1
			out = append(out, f)
			continue
		}
		count[k]++
		rep := &out[i]
		rel := audit.Related{Line: f.Line, Col: f.Col, EndLine: f.EndLine, EndCol: f.EndCol, Message: f.Message}
		if f.File != rep.File {
			rel.File = f.File
		}
		rep.Related = append(rep.Related, rel)
		rep.Severity = max(rep.Severity, f.Severity)
	}
	for k, i := range first {
		if n := count[k]; n > 1 {
			where := "in this export"
			if k.file != "" {
				where = "in this file"
			}
			out[i].Message += fmt.Sprintf(" (reported once: %d places %s, the others are listed as related places)", n, where)
		}
	}
	clear(fs[len(out):])
	return out
}
