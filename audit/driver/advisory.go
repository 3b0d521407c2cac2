package driver

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// An advisoryFolder reports each advisory rule (Rule.Scope) once per
// export or per file, at its first place in sorted order, with the count
// and every other place as related locations. It folds the findings as
// they are unpacked: an export of many entities repeats an advisory tens
// of thousands of times, and only the representative of each group is
// worth a whole finding; the others keep the few fields a related place
// shows. The result is what sorting every finding and folding the sorted
// list would give.
type advisoryFolder struct {
	byID   map[string]*audit.Rule
	groups map[advisoryKey]*advisoryGroup
	intern *interner
}

type advisoryKey struct{ rule, kind, file string }

type advisoryGroup struct {
	// rep is the least finding of the group in audit.SortFindings order
	// (the first one met among equals, as a stable sort keeps them).
	rep    audit.Finding
	others []advisoryPlace
	maxSev audit.Severity
}

// An advisoryPlace is a folded finding: where it is, what it says, how
// severe. Findings alike in all of these make the same related place, so
// their order among themselves does not show.
type advisoryPlace struct {
	rel audit.Related // File always set
	sev audit.Severity
}

func newAdvisoryFolder(byID map[string]*audit.Rule, in *interner) *advisoryFolder {
	return &advisoryFolder{byID: byID, groups: map[advisoryKey]*advisoryGroup{}, intern: in}
}

// advisoryKeyOf reports whether f is reported once per export or file,
// and its group.
func advisoryKeyOf(byID map[string]*audit.Rule, f *audit.Finding) (advisoryKey, bool) {
	st := audit.State(hk, f)
	scope := audit.Scope(st.Scope)
	if r := byID[f.RuleID]; scope == audit.ScopeFinding && r != nil {
		scope = r.Scope
	}
	if scope == audit.ScopeFinding {
		return advisoryKey{}, false
	}
	k := advisoryKey{rule: f.RuleID, kind: st.Kind}
	if scope == audit.ScopeFile {
		k.file = f.File
	}
	return k, true
}

// add takes f into its group and reports true, or reports false for a
// finding reported at every place, which the caller keeps.
func (a *advisoryFolder) add(f *audit.Finding) bool {
	k, ok := advisoryKeyOf(a.byID, f)
	if !ok {
		return false
	}
	g := a.groups[k]
	if g == nil {
		a.groups[k] = &advisoryGroup{rep: *f, maxSev: f.Severity}
		return true
	}
	g.maxSev = max(g.maxSev, f.Severity)
	if audit.CompareFindings(f, &g.rep) < 0 {
		g.others = append(g.others, a.place(&g.rep))
		g.rep = *f
	} else {
		g.others = append(g.others, a.place(f))
	}
	return true
}

func (a *advisoryFolder) place(f *audit.Finding) advisoryPlace {
	return advisoryPlace{
		rel: audit.Related{File: f.File, Line: f.Line, Col: f.Col, EndLine: f.EndLine, EndCol: f.EndCol, Message: a.intern.str(f.Message)},
		sev: f.Severity,
	}
}

// reps returns the representative of each group, marked with its group
// (which the fingerprint hashes instead of the place).
func (a *advisoryFolder) reps() []audit.Finding {
	out := make([]audit.Finding, 0, len(a.groups))
	for k, g := range a.groups {
		audit.State(hk, &g.rep).Group = k.kind + "\x00" + k.file
		out = append(out, g.rep)
	}
	return out
}

// finish completes a finding of the sorted sequence if it is a
// representative: its other places in sorted order, the highest severity
// of the group, the count in the message. It must follow the sort: what it
// changes would move it.
func (a *advisoryFolder) finish(rep *audit.Finding) {
	if audit.State(hk, rep).Group == "" {
		return
	}
	// Only representatives have a group, one per group.
	k, _ := advisoryKeyOf(a.byID, rep)
	g := a.groups[k]
	delete(a.groups, k)
	slices.SortFunc(g.others, func(x, y advisoryPlace) int {
		return cmp.Or(strings.Compare(x.rel.File, y.rel.File), cmp.Compare(x.rel.Line, y.rel.Line), cmp.Compare(x.rel.Col, y.rel.Col),
			cmp.Compare(x.rel.EndLine, y.rel.EndLine), cmp.Compare(x.rel.EndCol, y.rel.EndCol),
			strings.Compare(x.rel.Message, y.rel.Message), cmp.Compare(y.sev, x.sev))
	})
	rep.Related = slices.Grow(rep.Related, len(g.others))
	for _, o := range g.others {
		rel := o.rel
		if rel.File == rep.File {
			rel.File = ""
		}
		rep.Related = append(rep.Related, rel)
	}
	rep.Severity = g.maxSev
	if n := 1 + len(g.others); n > 1 {
		where := "in this export"
		if k.file != "" {
			where = "in this file"
		}
		rep.Message += fmt.Sprintf(" (reported once: %d places %s, the others are listed as related places)", n, where)
	}
}

// sortFindings sorts as audit.SortFindings, but for findings alike in every
// field it compares: a representative of advisories (whose group is set)
// comes after the others, whatever the order the workers met them in.
func sortFindings(fs []audit.Finding) {
	slices.SortStableFunc(fs, func(a, b audit.Finding) int { return compareSorted(&a, &b) })
}

// compareSorted is the order of sortFindings.
func compareSorted(a, b *audit.Finding) int {
	return cmp.Or(audit.CompareFindings(a, b), strings.Compare(audit.State(hk, a).Group, audit.State(hk, b).Group))
}
