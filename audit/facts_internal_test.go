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
		if err := recovered(read); !errors.Is(err, ErrIncomplete) {
			t.Errorf("%s before seal: %v, want ErrIncomplete", name, err)
		}
	}
	ix.seal()
	if v := f.Values(ix, "k"); len(v) != 1 || v[0] != "v" {
		t.Errorf("after seal: %q", v)
	}
}

// recovered runs fn and returns the error it panics with, if any.
func recovered(fn func()) (err error) {
	defer func() { err, _ = recover().(error) }()
	fn()
	return nil
}

// TestValidateRequires: a rule requiring a collector without facts or a
// Collect function does not pass Validate.
func TestValidateRequires(t *testing.T) {
	rule := func(c *Collector) []*Rule {
		return []*Rule{{ID: "TST-001", Name: "x", Title: "T", Severity: SeverityInfo, Category: "c", Precision: PrecisionLow,
			Doc: Doc{Rationale: "r", Remediation: "r.", Bad: "b", Good: "g", URL: "u"}, Run: func(*Pass) {}, Requires: []*Collector{c}}}
	}
	good := &Collector{Name: "c", Facts: []FactKind{NewMarks("m")}, Collect: func(*Unit, *Recorder) {}}
	if err := Validate(rule(good)); err != nil {
		t.Errorf("a complete collector fails Validate: %v", err)
	}
	for _, bad := range []*Collector{nil, {Name: "c", Collect: good.Collect}, {Name: "c", Facts: good.Facts}, {Facts: good.Facts, Collect: good.Collect}} {
		if err := Validate(rule(bad)); err == nil || !strings.Contains(err.Error(), "required collector") {
			t.Errorf("collector %+v passes Validate (%v)", bad, err)
		}
	}
}
