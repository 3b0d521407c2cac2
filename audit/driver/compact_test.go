package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/internal/hook"
)

// fullFinding sets every field, so that a field pack forgets fails the
// round trip.
func fullFinding(i int) audit.Finding {
	f := audit.Finding{
		RuleID: "SQL-001", Severity: audit.SeverityWarning, File: "a/b.xml", Line: 3 + i, Col: 4, EndLine: 5 + i, EndCol: 6,
		Entity: "xtk:workflow w", EntitySchema: "xtk:workflow", EntityKey: "w", Place: "activities/js",
		Compat: []string{"PU-0006", ""}, Message: fmt.Sprintf("message %d é", i), Excerpt: "<x a=\"1\"/>", Fingerprint: "abc:1",
		Suppressions: []audit.Suppression{{Kind: audit.SuppressExternal, Justification: "why", Location: "s.yaml:3", Expires: "2099-01-01"}},
		Related:      []audit.Related{{File: "c.xml", Line: 1, Col: 2, EndLine: 3, EndCol: 4, Message: "also here"}, {Line: 9}},
		ExtraEffort:  1.5,
		Fix:          &audit.Fix{Description: "rewrite", Safe: true, Edits: []audit.Edit{{Line: 1, Col: 2, EndLine: 1, EndCol: 5, Offset: -7, Length: 3, Text: "x", Old: "yyy"}}},
	}
	f.SetOffset(1 << 40)
	*audit.State(hk, &f) = hook.State{Matched: "m\x00@a=1", Group: "g\x00f", Scope: uint8(audit.ScopeFile), Kind: "k", Args: []string{"a", ""}, Within: 1 << 41}
	return f
}

func TestPackRoundTrip(t *testing.T) {
	f := fullFinding(0)
	for _, v := range []reflect.Value{reflect.ValueOf(f), reflect.ValueOf(*audit.State(hk, &f))} {
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Fatalf("fullFinding leaves %s unset: the round trip would not check it", v.Type().Field(i).Name)
			}
		}
	}
	empty := audit.Finding{RuleID: "X", Related: []audit.Related{}}
	want := []audit.Finding{f, empty, fullFinding(1)}
	var l findingLog
	var recs, scratch []byte
	for i := range want {
		recs = appendRecord(recs, &want[i], &scratch)
	}
	l.add(recs, len(want))
	var got []audit.Finding
	if err := l.each(func(f audit.Finding) { got = append(got, f) }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %#v\nwant %#v", got, want)
	}
}

// Many blocks come back whole and in order.
func TestFindingLogBlocks(t *testing.T) {
	var l findingLog
	var scratch []byte
	const n = 5000
	for i := range n {
		f := fullFinding(i)
		l.add(appendRecord(nil, &f, &scratch), 1)
	}
	if len(l.blocks) < 2 {
		t.Fatalf("%d blocks: the test should cross a block boundary", len(l.blocks))
	}
	i := 0
	if err := l.each(func(f audit.Finding) {
		if want := fullFinding(i); !reflect.DeepEqual(f, want) {
			t.Fatalf("finding %d: got %#v", i, f)
		}
		i++
	}); err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Fatalf("%d findings back, want %d", i, n)
	}
}

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

// Past spillAfter the blocks go to a temporary file and come back whole
// and in order; the file is gone once the store is closed.
func TestFindingLogSpills(t *testing.T) {
	defer func(n int) { spillAfter = n }(spillAfter)
	spillAfter = 0
	t.Setenv("TMPDIR", t.TempDir())
	st := &blockStore{}
	l := findingLog{store: st}
	var scratch []byte
	const n = 5000
	for i := range n {
		f := fullFinding(i)
		l.add(appendRecord(nil, &f, &scratch), 1)
	}
	if st.file == nil || st.size == 0 || st.held != 0 {
		t.Fatalf("nothing spilled: file %v, %d bytes written, %d held", st.file, st.size, st.held)
	}
	name := st.file.Name()
	i := 0
	if err := l.each(func(f audit.Finding) {
		if want := fullFinding(i); !reflect.DeepEqual(f, want) {
			t.Fatalf("finding %d: got %#v", i, f)
		}
		i++
	}); err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Fatalf("%d findings back, want %d", i, n)
	}
	st.close()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Fatalf("temporary file %s still there: %v", name, err)
	}
	if entries, _ := os.ReadDir(os.Getenv("TMPDIR")); len(entries) != 0 {
		t.Fatalf("files left in the temporary folder: %v", entries)
	}
}

// A store that cannot create its file keeps the blocks in memory: no
// finding is lost.
func TestFindingLogKeepsBlocksWhenSpillFails(t *testing.T) {
	defer func(n int) { spillAfter = n }(spillAfter)
	spillAfter = 0
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	st := &blockStore{}
	l := findingLog{store: st}
	var scratch []byte
	for i := range 3000 {
		f := fullFinding(i)
		l.add(appendRecord(nil, &f, &scratch), 1)
	}
	if !st.failed || st.file != nil {
		t.Fatalf("spill should have failed (file %v)", st.file)
	}
	i := 0
	if err := l.each(func(audit.Finding) { i++ }); err != nil || i != 3000 {
		t.Fatalf("%d findings back (err %v), want 3000", i, err)
	}
}
