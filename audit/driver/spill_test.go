package driver

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/internal/benchgen"
	"github.com/acc-audit/acc-audit/rules"
)

// A scan whose findings all go through the temporary file finds exactly
// what a scan holding them in memory finds, deferred decisions included.
func TestSpilledScanFindsTheSame(t *testing.T) {
	dir := t.TempDir()
	var inputs []*source.Input
	for _, gen := range []func(string) error{
		func(p string) error { _, err := benchgen.PackageFile(p, 1<<20); return err },
		func(p string) error { _, err := benchgen.MixFile(p, 1<<20, 1); return err },
	} {
		p := filepath.Join(dir, "export"+string(rune('a'+len(inputs)))+".xml")
		if err := gen(p); err != nil {
			t.Fatal(err)
		}
		in, errs := source.Collect([]string{p}, source.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		inputs = append(inputs, in...)
	}
	var sel []*audit.Rule
	for _, r := range rules.All() {
		if r.RunsFor("v8") {
			sel = append(sel, r)
		}
	}
	// spilling tells whether the scan has a temporary file of findings
	// open (where /proc lists the files a process holds), as the entities
	// are read.
	var spilling atomic.Bool
	onUnit := func(*audit.Unit) {
		fds, _ := os.ReadDir("/proc/self/fd")
		for _, fd := range fds {
			if l, _ := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); strings.Contains(l, "acc-audit-findings") {
				spilling.Store(true)
			}
		}
	}
	scan := func() *Result {
		return Run(context.Background(), inputs, Options{Rules: sel, OnUnit: onUnit})
	}
	inMemory := scan()
	if spilling.Load() {
		t.Fatal("the scan in memory has a temporary file of findings")
	}
	// A threshold of 1 byte sends every block to the file (0 would keep
	// them all in memory); short runs make the end of the scan merge many.
	defer func(n, r int) { spillAfter, runLen = n, r }(spillAfter, runLen)
	spillAfter, runLen = 1, 7
	t.Setenv("TMPDIR", t.TempDir())
	spilled := scan()
	if _, err := os.Stat("/proc/self/fd"); err == nil && !spilling.Load() {
		t.Fatal("nothing spilled: the scan never had a temporary file of findings open")
	}
	if inMemory.Findings.Len() < 100 {
		t.Fatalf("only %d findings: the exports should give many", inMemory.Findings.Len())
	}
	got, want := spilled.Findings.Slice(), inMemory.Findings.Slice()
	if len(got) != spilled.Findings.Len() || len(want) != inMemory.Findings.Len() {
		t.Fatalf("lists read back short: %d of %d, %d of %d", len(got), spilled.Findings.Len(), len(want), inMemory.Findings.Len())
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(spilled.Problems, inMemory.Problems) {
		t.Fatalf("spilled scan differs: %d findings, %d problems; in memory %d, %d",
			len(got), len(spilled.Problems), len(want), len(inMemory.Problems))
	}
}
