package driver

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"unsafe"

	"github.com/acc-audit/acc-audit/audit"
)

func TestInternerSharesAndBounds(t *testing.T) {
	in := newInterner()
	a := in.str(string([]byte("sqlSelect() runs SQL here")))
	b := in.str(string([]byte("sqlSelect() runs SQL here")))
	if a != b || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatal("equal strings are not shared")
	}
	long := string(make([]byte, internMax+1))
	if in.str(long); len(in.m) != 1 {
		t.Fatalf("a string longer than internMax was kept (%d entries)", len(in.m))
	}
}

// The sorter, sorting by runs and merging them, gives what one
// sortFindings of every finding in the order they were added gives, ties
// and representatives of advisories (a group set) included.
func TestSorterMatchesSortFindings(t *testing.T) {
	defer func(n int) { runLen = n }(runLen)
	rnd := rand.New(rand.NewPCG(5, 6))
	pick := func(xs ...string) string { return xs[rnd.IntN(len(xs))] }
	for iter := range 1000 {
		runLen = 1 + rnd.IntN(8)
		var all []audit.Finding
		var s sorter
		mk := func(i int) audit.Finding {
			f := audit.Finding{RuleID: pick("A", "B"), File: pick("a.xml", "b.xml"), Line: 1 + rnd.IntN(3), Message: pick("m1", "m2"),
				Excerpt: fmt.Sprint(i)} // not compared: tells ties apart
			if rnd.IntN(3) == 0 {
				audit.State(hk, &f).Group = pick("g1", "g2")
			}
			return f
		}
		n := rnd.IntN(50)
		for i := range n {
			f := mk(i)
			all = append(all, f)
			s.add(&f)
		}
		var reps []audit.Finding
		for i := range rnd.IntN(5) {
			reps = append(reps, mk(n+i))
		}
		all = append(all, reps...)
		s.addRun(slices.Clone(reps))
		want := slices.Clone(all)
		sortFindings(want)
		var got []audit.Finding
		for f := range s.sorted() {
			got = append(got, *f)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d (runLen %d):\n got %+v\nwant %+v", iter, runLen, got, want)
		}
	}
}
