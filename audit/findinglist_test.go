package audit

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/acc-audit/acc-audit/audit/internal/hook"
)

// fullFinding sets every field, the unexported ones included, so that a
// field pack forgets fails the round trip.
func fullFinding(i int) Finding {
	return Finding{
		RuleID: "SQL-001", Severity: SeverityWarning, File: "a/b.xml", Line: 3 + i, Col: 4, EndLine: 5 + i, EndCol: 6,
		Entity: "xtk:workflow w", EntitySchema: "xtk:workflow", EntityKey: "w", Place: "activities/js",
		Compat: []string{"PU-0006", ""}, Message: fmt.Sprintf("message %d é", i), Excerpt: "<x a=\"1\"/>", Fingerprint: "abc:1",
		Suppressions: []Suppression{{Kind: SuppressExternal, Justification: "why", Location: "s.yaml:3", Expires: "2099-01-01"}},
		Related:      []Related{{File: "c.xml", Line: 1, Col: 2, EndLine: 3, EndCol: 4, Message: "also here"}, {Line: 9}},
		ExtraEffort:  1.5,
		Fix:          &Fix{Description: "rewrite", Safe: true, Edits: []Edit{{Line: 1, Col: 2, EndLine: 1, EndCol: 5, Offset: -7, Length: 3, Text: "x", Old: "yyy"}}},
		offset:       1 << 40,
		st:           hook.State{Matched: "m\x00@a=1", Group: "g\x00f", Scope: uint8(ScopeFile), Kind: "k", Args: []string{"a", ""}, Within: 1 << 41},
	}
}

// collect reads l back through Each, failing the test on an error.
func collect(t *testing.T, l FindingList) []Finding {
	t.Helper()
	var got []Finding
	if err := l.Each(func(f *Finding) bool { got = append(got, *f); return true }); err != nil {
		t.Fatal(err)
	}
	return got
}

// checkFull checks that got holds fullFinding(0), ..., fullFinding(n-1).
func checkFull(t *testing.T, got []Finding, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%d findings back, want %d", len(got), n)
	}
	for i := range got {
		if want := fullFinding(i); !reflect.DeepEqual(got[i], want) {
			t.Fatalf("finding %d:\n got %#v\nwant %#v", i, got[i], want)
		}
	}
}

func TestPackRoundTrip(t *testing.T) {
	f := fullFinding(0)
	for _, v := range []reflect.Value{reflect.ValueOf(f), reflect.ValueOf(f.st), reflect.ValueOf(*f.Fix), reflect.ValueOf(f.Fix.Edits[0]),
		reflect.ValueOf(f.Suppressions[0]), reflect.ValueOf(f.Related[0])} {
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Fatalf("fullFinding leaves %s.%s unset: the round trip would not check it", v.Type().Name(), v.Type().Field(i).Name)
			}
		}
	}
	// Nil and empty lists come back as they went.
	empty := Finding{RuleID: "X", Related: []Related{}, Compat: nil, Suppressions: []Suppression{}, Fix: &Fix{}}
	want := []Finding{f, empty, {}, fullFinding(1)}

	// One finding at a time...
	l := NewFindingList(want)
	if l.Len() != len(want) {
		t.Fatalf("Len %d, want %d", l.Len(), len(want))
	}
	if got := collect(t, l); !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %#v\nwant %#v", got, want)
	}
	if got := l.Slice(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Slice:\n got %#v\nwant %#v", got, want)
	}
	// ... or packed outside the builder.
	var recs, scratch []byte
	for i := range want {
		recs = AppendPacked(recs, &want[i], &scratch)
	}
	var b FindingListBuilder
	b.AddPacked(recs, len(want))
	if b.Len() != len(want) {
		t.Fatalf("builder Len %d, want %d", b.Len(), len(want))
	}
	l = b.List()
	if got := collect(t, l); !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip of AddPacked:\n got %#v\nwant %#v", got, want)
	}
	if b.Len() != 0 || b.List().Len() != 0 {
		t.Fatal("the builder does not start empty again after List")
	}
}

// The findings a list yields are copies: changing them leaves the list
// as it was.
func TestFindingListYieldsCopies(t *testing.T) {
	want := []Finding{fullFinding(0), fullFinding(1)}
	l := NewFindingList(want)
	for f := range l.All() {
		f.Message = "changed"
		f.Related[0].Message = "changed"
		f.Fix.Edits[0].Text = "changed"
		f.st.Args[0] = "changed"
	}
	checkFull(t, l.Slice(), 2)
	// The list does not keep the slice it was built from either.
	want[0].Message = "changed"
	want[0].Compat[0] = "changed"
	checkFull(t, l.Slice(), 2)
}

func TestEmptyFindingList(t *testing.T) {
	for _, l := range []FindingList{{}, NewFindingList(nil), NewFindingList([]Finding{}), CollectFindings(slices.Values([]*Finding{}))} {
		if l.Len() != 0 {
			t.Fatalf("Len %d, want 0", l.Len())
		}
		for range l.All() {
			t.Fatal("the empty list yields a finding")
		}
		if err := l.Each(func(*Finding) bool { t.Fatal("the empty list gives a finding"); return true }); err != nil {
			t.Fatal(err)
		}
		if s := l.Slice(); len(s) != 0 {
			t.Fatalf("Slice %v, want none", s)
		}
		if l.Sorted().Len() != 0 {
			t.Fatal("Sorted of the empty list is not empty")
		}
		l.Close()
	}
}

// All and Each stop when asked to.
func TestFindingListStops(t *testing.T) {
	l := NewFindingList([]Finding{fullFinding(0), fullFinding(1), fullFinding(2)})
	n := 0
	for f := range l.All() {
		if f.Line != 3+n {
			t.Fatalf("finding %d at line %d", n, f.Line)
		}
		n++
		if n == 2 {
			break
		}
	}
	n = 0
	if err := l.Each(func(*Finding) bool { n++; return n < 2 }); err != nil || n != 2 {
		t.Fatalf("Each went on after false: %d calls, err %v", n, err)
	}
}

func TestCollectFindingsAndSorted(t *testing.T) {
	fs := []Finding{{File: "b", Line: 1}, {File: "a", Line: 2}, {File: "a", Line: 1}, {File: "a", Line: 1, Excerpt: "second"}}
	l := CollectFindings(func(yield func(*Finding) bool) {
		for i := range fs {
			if !yield(&fs[i]) {
				return
			}
		}
	})
	if got := l.Slice(); !reflect.DeepEqual(got, fs) {
		t.Fatalf("CollectFindings: got %+v, want %+v", got, fs)
	}
	want := slices.Clone(fs)
	SortFindings(want)
	sorted := l.Sorted()
	if got := sorted.Slice(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Sorted: got %+v, want %+v", got, want)
	}
	if got := l.Slice(); !reflect.DeepEqual(got, fs) {
		t.Fatalf("Sorted changed its list: %+v", got)
	}
	if again := sorted.Sorted(); again.l != sorted.l {
		t.Fatal("Sorted copies a sorted list")
	}
	if got := SortedFindingList(slices.Clone(fs)).Slice(); !reflect.DeepEqual(got, want) {
		t.Fatalf("SortedFindingList: got %+v, want %+v", got, want)
	}
}

// Many blocks come back whole and in order.
func TestFindingListBlocks(t *testing.T) {
	var b FindingListBuilder
	var scratch []byte
	const n = 5000
	size := 0
	for i := range n {
		f := fullFinding(i)
		if i%2 == 0 {
			b.Add(&f)
		} else {
			rec := AppendPacked(nil, &f, &scratch)
			size += len(rec)
			b.AddPacked(rec, 1)
		}
	}
	if size*2 <= listBlockSize {
		t.Fatalf("%d bytes packed: the test should cross a block boundary", size*2)
	}
	l := b.List()
	if len(l.l.blocks) < 2 {
		t.Fatalf("%d blocks: the test should cross a block boundary", len(l.l.blocks))
	}
	if l.l.store != nil {
		t.Fatal("a list without a spill threshold has a temporary file")
	}
	if l.Len() != n {
		t.Fatalf("Len %d, want %d", l.Len(), n)
	}
	checkFull(t, collect(t, l), n)
	checkFull(t, l.Slice(), n)
}

// Past SpillAfter the blocks go to a temporary file and come back whole
// and in order; the file is gone once the list is closed.
func TestFindingListSpills(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	b := FindingListBuilder{SpillAfter: 1}
	const n = 5000
	for i := range n {
		f := fullFinding(i)
		b.Add(&f)
	}
	l := b.List()
	st := l.l.store
	if st == nil || st.file == nil || st.size == 0 {
		t.Fatalf("nothing spilled: store %+v", st)
	}
	if len(l.l.blocks) < 2 {
		t.Fatalf("%d blocks: the test should spill several", len(l.l.blocks))
	}
	for i, bl := range l.l.blocks {
		if bl.data != nil {
			t.Fatalf("block %d held in memory past SpillAfter", i)
		}
	}
	name := st.file.Name()
	checkFull(t, collect(t, l), n)
	// A list reads back as often as asked.
	checkFull(t, l.Slice(), n)
	l.Close()
	if st.file != nil {
		t.Fatal("Close leaves the temporary file open")
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Fatalf("temporary file %s still there: %v", name, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files left in the temporary folder: %v", entries)
	}
	l.Close() // twice is harmless
}

// A list that spills nothing has no file: an empty one, or one under the
// threshold.
func TestFindingListSpillsNothingUnderThreshold(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	b := FindingListBuilder{SpillAfter: 1 << 30}
	for i := range 100 {
		f := fullFinding(i)
		b.Add(&f)
	}
	l := b.List()
	if l.l.store != nil {
		t.Fatal("a list under its threshold has a temporary file")
	}
	checkFull(t, l.Slice(), 100)
	b.SpillAfter = 1
	if e := b.List(); e.Len() != 0 || e.l != nil {
		t.Fatal("an empty builder gives a non-empty list")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files left in the temporary folder: %v", entries)
	}
}

// A builder that cannot create its file keeps the blocks in memory: no
// finding is lost.
func TestFindingListKeepsBlocksWhenSpillFails(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	b := FindingListBuilder{SpillAfter: 1}
	const n = 3000
	for i := range n {
		f := fullFinding(i)
		b.Add(&f)
	}
	if st := b.data.store; st == nil || !st.failed || st.file != nil {
		t.Fatalf("spill should have failed (store %+v)", st)
	}
	l := b.List()
	defer l.Close()
	if l.l.store != nil {
		t.Fatal("a list whose spill failed keeps a store")
	}
	if len(l.l.blocks) < 2 {
		t.Fatalf("%d blocks: the test should cross a block boundary", len(l.l.blocks))
	}
	for i, bl := range l.l.blocks {
		if bl.data == nil {
			t.Fatalf("block %d not in memory", i)
		}
	}
	checkFull(t, collect(t, l), n)
}

// A spilled block that cannot be read back ends the findings with an
// error from Each, not a panic.
func TestFindingListReportsLostBlocks(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	b := FindingListBuilder{SpillAfter: 1}
	for i := range 3000 {
		f := fullFinding(i)
		b.Add(&f)
	}
	l := b.List()
	defer l.Close()
	if l.l.store == nil || l.l.store.file == nil {
		t.Fatal("nothing spilled")
	}
	if err := l.l.store.file.Truncate(0); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := l.Each(func(*Finding) bool { n++; return true }); err == nil {
		t.Fatal("Each reports no error for a lost block")
	}
	if n != 0 {
		t.Fatalf("%d findings from a lost block", n)
	}
	for range l.All() {
		t.Fatal("All yields a finding from a lost block")
	}
}

// A truncated or damaged record is reported as an error, never a panic.
func TestUnpackDamaged(t *testing.T) {
	f := fullFinding(0)
	rec := pack(nil, &f)
	if got, err := unpack(rec); err != nil || !reflect.DeepEqual(got, f) {
		t.Fatalf("unpack of a whole record: %v, %#v", err, got)
	}
	for n := range len(rec) {
		if _, err := unpack(rec[:n]); err == nil {
			t.Fatalf("unpack of the first %d of %d bytes reports no error", n, len(rec))
		}
	}
	if _, err := unpack(append(slices.Clone(rec), 0)); err == nil {
		t.Fatal("unpack of a record with a trailing byte reports no error")
	}
	// Damaged bytes give an error or some finding, but no panic (and no
	// huge allocation from a damaged length).
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := slices.Clone(rec)
		for range 1 + rnd.IntN(3) {
			b[rnd.IntN(len(b))] = byte(rnd.IntN(256))
		}
		unpack(b)
	}
	// Lengths past the end of the record.
	for _, b := range [][]byte{
		binary.AppendUvarint(nil, 1<<62),
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	} {
		if _, err := unpack(b); err == nil {
			t.Fatalf("unpack of %x reports no error", b)
		}
	}
}

// A list ending in a damaged record (the tail of a block read back
// wrong) gives the findings before it, then reports the error from Each.
func TestFindingListReportsDamagedRecords(t *testing.T) {
	good := fullFinding(0)
	var scratch []byte
	whole := AppendPacked(nil, &good, &scratch)
	body := pack(nil, &good)
	for name, bad := range map[string][]byte{
		// The length says more than the record holds.
		"truncated record": whole[:len(whole)-1],
		// The length is right, the finding inside is cut short.
		"truncated finding": append(binary.AppendUvarint(nil, uint64(len(body)-3)), body[:len(body)-3]...),
		// The length does not decode.
		"bad length": {0xff},
	} {
		t.Run(name, func(t *testing.T) {
			var b FindingListBuilder
			b.AddPacked(whole, 1)
			b.AddPacked(bad, 1)
			l := b.List()
			var got []Finding
			err := l.Each(func(f *Finding) bool { got = append(got, *f); return true })
			if err == nil {
				t.Fatal("Each reports no error")
			}
			if len(got) != 1 || !reflect.DeepEqual(got[0], good) {
				t.Fatalf("findings before the damaged one: %+v", got)
			}
			n := 0
			for range l.All() {
				n++
			}
			if n != 1 {
				t.Fatalf("All yields %d findings, want the 1 before the damaged one", n)
			}
		})
	}
}

// MergeFindings gives the order SortFindings gives the concatenation of
// its lists: findings that compare equal come in list order.
func TestMergeFindingsMatchesSort(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[rnd.IntN(len(xs))] }
	for iter := range 2000 {
		nLists := rnd.IntN(6)
		var lists []FindingList
		var all []Finding
		for li := range nLists {
			n := rnd.IntN(30)
			if rnd.IntN(4) == 0 {
				n = 0
			}
			fs := make([]Finding, n)
			for i := range fs {
				fs[i] = Finding{
					RuleID: pick("A", "B"), File: pick("a.xml", "b.xml"),
					Line: 1 + rnd.IntN(3), Col: 1 + rnd.IntN(2),
					Message: pick("m1", "m2"), Severity: Severity(rnd.IntN(2)),
					// Not compared: it tells ties apart in the result.
					Excerpt: fmt.Sprintf("list %d #%d", li, i),
				}
			}
			SortFindings(fs)
			all = append(all, fs...)
			lists = append(lists, NewFindingList(fs))
		}
		want := slices.Clone(all)
		SortFindings(want)
		var got []Finding
		for f := range MergeFindings(lists...) {
			got = append(got, *f)
		}
		if len(got) != len(want) {
			t.Fatalf("iteration %d: %d findings, want %d", iter, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("iteration %d, finding %d:\n got %+v\nwant %+v", iter, i, got[i], want[i])
			}
		}
		// Stopping early is allowed.
		if len(want) > 1 {
			n := 0
			for range MergeFindings(lists...) {
				n++
				break
			}
			if n != 1 {
				t.Fatalf("iteration %d: the merge went on after break", iter)
			}
		}
	}
}

// Ties keep list order, across blocks too.
func TestMergeFindingsKeepsTiesInListOrder(t *testing.T) {
	const n = 3000 // several blocks per list
	mk := func(tag string) FindingList {
		fs := make([]Finding, n)
		for i := range fs {
			fs[i] = fullFinding(i / 2)
			fs[i].Excerpt = fmt.Sprintf("%s%d", tag, i)
		}
		l := NewFindingList(fs)
		if len(l.l.blocks) < 2 {
			t.Fatalf("%d blocks: the test should cross a block boundary", len(l.l.blocks))
		}
		return l
	}
	x, y, z := mk("x"), mk("y"), mk("z")
	var got []string
	for f := range MergeFindings(x, FindingList{}, y, z) {
		got = append(got, f.Excerpt)
	}
	var want []string
	for i := 0; i < n; i += 2 {
		for _, tag := range []string{"x", "y", "z"} {
			want = append(want, fmt.Sprintf("%s%d", tag, i), fmt.Sprintf("%s%d", tag, i+1))
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("merge order:\n got %v\nwant %v", got[:min(len(got), 12)], want[:12])
	}
}

// A merge of spilled lists reads them back as one of in-memory lists.
func TestMergeFindingsSpilled(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	var lists []FindingList
	var all []Finding
	for li := range 3 {
		b := FindingListBuilder{SpillAfter: 1}
		for i := range 2000 {
			f := fullFinding(i*3 + li)
			all = append(all, f)
			b.Add(&f)
		}
		l := b.List()
		defer l.Close()
		if l.l.store == nil {
			t.Fatal("nothing spilled")
		}
		lists = append(lists, l)
	}
	SortFindings(all)
	var got []Finding
	for f := range MergeFindings(lists...) {
		got = append(got, *f)
	}
	if !reflect.DeepEqual(got, all) {
		t.Fatalf("merge of spilled lists differs: %d findings, want %d", len(got), len(all))
	}
}

// The counts of a list are those of its findings, whether gathered as it
// is built (Add) or read back (AddPacked).
func TestFindingListStats(t *testing.T) {
	fs := []Finding{
		{RuleID: "B", Severity: SeverityError, Fix: &Fix{Safe: true}},
		{RuleID: "A", Severity: SeverityWarning, Fix: &Fix{}},
		{RuleID: "B", Severity: SeverityError},
		{RuleID: "C", Severity: SeverityInfo, Fix: &Fix{Safe: true}},
	}
	var packed FindingListBuilder
	var scratch []byte
	for i := range fs {
		packed.AddPacked(AppendPacked(nil, &fs[i], &scratch), 1)
	}
	var mixed FindingListBuilder
	mixed.Add(&fs[0])
	mixed.AddPacked(AppendPacked(nil, &fs[1], &scratch), 1)
	mixed.Add(&fs[2])
	mixed.Add(&fs[3])
	for name, l := range map[string]FindingList{"added": NewFindingList(fs), "packed": packed.List(), "mixed": mixed.List()} {
		if got := l.RuleIDs(); !slices.Equal(got, []string{"B", "A", "C"}) {
			t.Errorf("%s: rules %v, want B A C", name, got)
		}
		if got, want := l.BySeverity(), map[Severity]int{SeverityError: 2, SeverityWarning: 1, SeverityInfo: 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: by severity %v, want %v", name, got, want)
		}
		if safe, sugg := l.Fixes(); safe != 2 || sugg != 1 {
			t.Errorf("%s: fixes %d safe, %d suggested; want 2, 1", name, safe, sugg)
		}
		// What the caller does with the counts leaves the list's alone.
		l.RuleIDs()[0] = "X"
		l.BySeverity()[SeverityError] = 9
		if l.RuleIDs()[0] != "B" || l.BySeverity()[SeverityError] != 2 {
			t.Errorf("%s: the counts changed with the caller's copy", name)
		}
	}
	var empty FindingList
	if len(empty.RuleIDs()) != 0 || len(empty.BySeverity()) != 0 {
		t.Error("the empty list counts findings")
	}
	if safe, sugg := empty.Fixes(); safe != 0 || sugg != 0 {
		t.Error("the empty list counts fixes")
	}
}
