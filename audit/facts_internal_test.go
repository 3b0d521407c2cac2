package audit

import (
	"errors"
	"strings"
	"testing"
)

// TestIndexReadBeforeCompletePanics: a read of the index during the first
// phase would answer from a partial scan; it panics with ErrIncomplete
// instead (the engine reports the panic as an internal error).
func TestIndexReadBeforeCompletePanics(t *testing.T) {
	f := NewFact("test.f", strings.Compare)
	ix := newIndex()
	f.Record(&Recorder{ix: ix}, "k", "v")
	for name, read := range map[string]func(){
		"Values": func() { f.Values(ix, "k") },
		"Has":    func() { f.Has(ix, "k") },
		"Keys":   func() { f.Keys(ix) },
	} {
		err := protect(read)
		if err == nil || !errors.Is(asError(err.value), ErrIncomplete) {
			t.Errorf("%s before seal: %v, want ErrIncomplete", name, err)
		}
	}
	ix.seal()
	if v := f.Values(ix, "k"); len(v) != 1 || v[0] != "v" {
		t.Errorf("after seal: %q", v)
	}
}

func asError(v any) error {
	err, _ := v.(error)
	return err
}
