package audit

import "github.com/acc-audit/acc-audit/audit/internal/hook"

// The functions of this file are the driver's (audit/driver): they build
// what the rule API only hands out (units' passes, the index, recorders)
// and reach the parts of a finding rules do not see. Their first argument,
// a hook.Key, is only valid from audit/... (hook.Driver), so no rule can
// call them.

// State returns the parts of f that only the driver reads and writes.
func State(k hook.Key, f *Finding) *hook.State {
	k.Check()
	return &f.st
}

// NewPass returns the Pass the rules of unit u run with (the driver sets
// its Rule before each): emit receives the findings reported, deferFn the
// deferred ones with their decision, fail the problem of a rule that gives
// up (Pass.Fail).
func NewPass(k hook.Key, u *Unit, emit func(Finding), deferFn func(Finding, func(*Index, *Finding) bool), fail func(Problem)) *Pass {
	k.Check()
	return &Pass{Unit: u, emit: emit, deferFn: deferFn, failFn: fail}
}

// ReleaseUnit hands back the memory of u's scripts once its rules have
// run: nothing may read them afterwards.
func ReleaseUnit(k hook.Key, u *Unit) {
	k.Check()
	u.release()
}

// NewIndex returns the empty index of a scan.
func NewIndex(k hook.Key) *Index {
	k.Check()
	return newIndex()
}

// SealIndex marks ix complete once every entity is in: reads are allowed
// from then on, and only then.
func SealIndex(k hook.Key, ix *Index) {
	k.Check()
	ix.seal()
}

// SetReader names the rule whose deferred decision reads ix (nil: none),
// so that a read of a fact its Requires do not record panics.
func SetReader(k hook.Key, ix *Index, r *Rule) {
	k.Check()
	ix.reader = r
}

// NewRecorder returns the recorder of collector c into ix; a nil c records
// the facts of the configuration (the driver's Options.Facts).
func NewRecorder(k hook.Key, ix *Index, c *Collector) *Recorder {
	k.Check()
	return &Recorder{ix: ix, c: c}
}
