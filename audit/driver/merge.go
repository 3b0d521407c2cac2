package driver

import (
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// mergeRootCauses applies Rule.RootCauses to the findings of one unit,
// while its tree is alive: a container finding whose element holds
// findings of a root-cause rule is folded into them. A container finding
// sits on the element it reports (a start tag); one inside a value
// reports the whole entity, unless Pass.EmitContainer gave it the range of
// its statement.
//
// Root causes may be deferred (later: a finding that waits for the whole
// scan, Pass.Defer). Their decision is not known yet, so the fold waits
// for it too: each deferred root gets the container's consequence if it
// is kept, and a container holding only deferred roots is deferred after
// them, kept only if none of them was. Decisions run in the order of the
// log, so the container's comes after its roots'. A container must be
// reported directly (Emit, EmitContainer), not deferred: a deferred
// container is reported on its own.
func mergeRootCauses(u *audit.Unit, found []audit.Finding, later []deferred, byID map[string]*audit.Rule) ([]audit.Finding, []deferred) {
	var containers []int
	for i := range found {
		if r := byID[found[i].RuleID]; r != nil && len(r.RootCauses) > 0 {
			containers = append(containers, i)
		}
	}
	if len(containers) == 0 {
		return found, later
	}
	drop := map[int]bool{}
	for _, ci := range containers {
		c := found[ci]
		rule := byID[c.RuleID]
		start, end := u.Entity.Root.Start, u.Entity.Root.End
		if w := audit.State(hk, &c).Within; w > 0 {
			start, end = c.Offset(), w // a statement (Pass.EmitContainer)
		} else if el := u.Entity.Root.Innermost(c.Offset()); el != nil && el.Start == c.Offset() {
			start, end = el.Start, el.End
		}
		holds := func(f *audit.Finding) bool {
			return slices.Contains(rule.RootCauses, f.RuleID) && f.Offset() >= start && f.Offset() < end
		}
		fold := foldInto(c, rule)
		var roots []int
		for j := range found {
			if j != ci && holds(&found[j]) {
				roots = append(roots, j)
			}
		}
		for _, j := range roots {
			fold(&found[j])
		}
		if len(roots) > 0 {
			drop[ci] = true
			// The container's work is done once, with the first fragment.
			found[roots[0]].ExtraEffort += rule.EffortHours()
		}
		// kept records whether a deferred root was kept; the effort goes
		// to the first one kept, unless an immediate root carries it.
		kept := len(roots) > 0
		deferredRoots := 0
		for j := range later {
			if !holds(&later[j].f) {
				continue
			}
			deferredRoots++
			decide := later[j].decide
			later[j].decide = func(ix *audit.Index, f *audit.Finding) bool {
				if !decide(ix, f) {
					return false
				}
				fold(f)
				if !kept {
					f.ExtraEffort += rule.EffortHours()
					kept = true
				}
				return true
			}
		}
		if len(roots) == 0 && deferredRoots > 0 {
			drop[ci] = true
			later = append(later, deferred{f: c, decide: func(*audit.Index, *audit.Finding) bool { return !kept }})
		}
	}
	out := found[:0]
	for i, f := range found {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out, later
}

// foldInto returns what merging container c of rule does to each of its
// root-cause findings: the consequence joins the message, the severity is
// the higher one, and the container's place becomes a related location.
// It keeps only what it needs of c: it may run once the tree is gone.
func foldInto(c audit.Finding, rule *audit.Rule) func(*audit.Finding) {
	rel := audit.Related{Line: c.Line, Col: c.Col, EndLine: c.EndLine, EndCol: c.EndCol, Message: c.RuleID + ": " + c.Message}
	sev, consequence := c.Severity, rule.Consequence
	return func(f *audit.Finding) {
		if !strings.Contains(f.Message, consequence) {
			f.Message += "; " + consequence
		}
		f.Severity = max(f.Severity, sev)
		f.Related = append(f.Related, rel)
	}
}
