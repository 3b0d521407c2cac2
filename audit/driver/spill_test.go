package driver

import (
	"context"
	"path/filepath"
	"reflect"
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
	scan := func() *Result {
		return Run(context.Background(), inputs, Options{Rules: sel})
	}
	inMemory := scan()
	defer func(n int) { spillAfter = n }(spillAfter)
	spillAfter = 0
	t.Setenv("TMPDIR", t.TempDir())
	spilled := scan()
	if len(inMemory.Findings) < 100 {
		t.Fatalf("only %d findings: the exports should give many", len(inMemory.Findings))
	}
	if !reflect.DeepEqual(spilled.Findings, inMemory.Findings) || !reflect.DeepEqual(spilled.Problems, inMemory.Problems) {
		t.Fatalf("spilled scan differs: %d findings, %d problems; in memory %d, %d",
			len(spilled.Findings), len(spilled.Problems), len(inMemory.Findings), len(inMemory.Problems))
	}
}
