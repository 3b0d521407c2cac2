package driver

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/source"
)

// A rule, a collector or a hook that panics on one entity must not take
// the scan down: each phase (reading, indexing, collectors, inventory,
// suppression comments, rules, deferred decisions) runs isolated, and a
// panic becomes an internal problem (exit code 4) at the place concerned.

// internal reports a panic of a rule or hook on unit u as an internal
// error at the entity's start.
func (s *scan) internal(u *audit.Unit, what string, err *panicError) {
	line, col := u.Loc.Position(u.Entity.Root.Start)
	s.problem(audit.Problem{File: u.File, Line: line, Col: col, Severity: audit.SeverityError, Internal: true,
		Message: fmt.Sprintf("internal error %s on %s: %v", what, u.Entity.ID(), err.value), Detail: err.stack})
}

// guard runs one hook of the first phase on u, isolated like a rule.
func (s *scan) guard(u *audit.Unit, what string, fn func()) {
	if err := protect(fn); err != nil {
		s.internal(u, what, err)
	}
}

// A panicError is a recovered panic.
type panicError struct {
	value any
	stack string
}

// protect isolates a rule or hook: a panic is returned, and the scan goes
// on.
func protect(fn func()) (err *panicError) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r, stack: string(debug.Stack())}
		}
	}()
	fn()
	return nil
}

// decide takes a deferred decision, isolated like a rule: a panic drops
// the finding and is reported at its place.
func (s *scan) decide(d deferred, f *audit.Finding) (keep bool) {
	audit.SetReader(hk, s.index, s.byID[d.f.RuleID])
	err := protect(func() { keep = d.decide(s.index, f) })
	audit.SetReader(hk, s.index, nil)
	audit.State(hk, f).Args = nil
	if err != nil {
		s.probs = append(s.probs, audit.Problem{File: d.f.File, Line: d.f.Line, Col: d.f.Col, Severity: audit.SeverityError, Internal: true,
			Message: fmt.Sprintf("internal error in rule %s deciding a finding on %s: %v", d.f.RuleID, d.f.Entity, err.value), Detail: err.stack})
		return false
	}
	return keep
}

func (s *scan) isStopped(r *audit.Rule) bool {
	if s.nStopped.Load() == 0 {
		return false
	}
	_, ok := s.stopped.Load(r)
	return ok
}

// stop records that rule r gave up, and its problem, once.
func (s *scan) stop(r *audit.Rule, p audit.Problem) {
	if _, done := s.stopped.LoadOrStore(r, struct{}{}); !done {
		s.nStopped.Add(1)
		p.Internal = true
		if p.Severity == 0 {
			p.Severity = audit.SeverityError
		}
		s.problem(p)
	}
}

// stoppedIDs returns the ids of the rules that gave up.
func (s *scan) stoppedIDs() map[string]bool {
	ids := map[string]bool{}
	s.stopped.Range(func(k, _ any) bool {
		ids[k.(*audit.Rule).ID] = true
		return true
	})
	return ids
}

// readSafe reads one input; a panic of the reader fails the file (the
// entities already sent are still checked) and the scan goes on.
func (s *scan) readSafe(ctx context.Context, in *source.Input) (info FileInfo) {
	if err := protect(func() { info = s.readFile(ctx, in) }); err != nil {
		s.problem(audit.Problem{File: in.Name, Severity: audit.SeverityError, Internal: true,
			Message: fmt.Sprintf("internal error reading the file: %v", err.value), Detail: err.stack})
		return FileInfo{Name: in.Name, Failed: true}
	}
	return info
}
