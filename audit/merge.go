package audit

import (
	"fmt"
	"slices"
	"strings"
)

// mergeRootCauses applies Rule.RootCauses to the findings of one unit,
// while its tree is alive: a container finding whose element holds
// findings of a root-cause rule is folded into them. A container finding
// sits on the element it reports (a start tag); one inside a value
// reports the whole entity, unless Pass.EmitContainer gave it the range of
// its statement.
func mergeRootCauses(u *Unit, found []Finding, byID map[string]*Rule) []Finding {
	var containers []int
	for i := range found {
		if r := byID[found[i].RuleID]; r != nil && len(r.RootCauses) > 0 {
			containers = append(containers, i)
		}
	}
	if len(containers) == 0 {
		return found
	}
	drop := map[int]bool{}
	for _, ci := range containers {
		c := found[ci]
		rule := byID[c.RuleID]
		start, end := u.Entity.Root.Start, u.Entity.Root.End
		if c.within > 0 {
			start, end = c.offset, c.within // a statement (Pass.EmitContainer)
		} else if el := u.Entity.Root.Innermost(c.offset); el != nil && el.Start == c.offset {
			start, end = el.Start, el.End
		}
		var roots []int
		for j := range found {
			f := &found[j]
			if j != ci && slices.Contains(rule.RootCauses, f.RuleID) && f.offset >= start && f.offset < end {
				roots = append(roots, j)
			}
		}
		if len(roots) == 0 {
			continue
		}
		drop[ci] = true
		for _, j := range roots {
			f := &found[j]
			if !strings.Contains(f.Message, rule.Consequence) {
				f.Message += "; " + rule.Consequence
			}
			f.Severity = max(f.Severity, c.Severity)
			f.Related = append(f.Related, Related{Line: c.Line, Col: c.Col, EndLine: c.EndLine, EndCol: c.EndCol,
				Message: c.RuleID + ": " + c.Message})
		}
		// The container's work is done once, with the first fragment.
		found[roots[0]].ExtraEffort += rule.EffortHours()
	}
	out := found[:0]
	for i, f := range found {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

// aggregateAdvisories reports each advisory rule (Rule.Scope) once per
// export or per file, at its first place in sorted order, with the count
// and every other place as related locations. fs is sorted; it is
// filtered in place (a copy would double the memory of a large report).
func aggregateAdvisories(fs []Finding, byID map[string]*Rule) []Finding {
	type key struct{ rule, kind, file string }
	first := map[key]int{}
	count := map[key]int{}
	out := fs[:0]
	for _, f := range fs {
		r := byID[f.RuleID]
		scope := f.scope
		if scope == ScopeFinding && r != nil {
			scope = r.Scope
		}
		if scope == ScopeFinding {
			out = append(out, f)
			continue
		}
		k := key{rule: f.RuleID, kind: f.kind}
		if scope == ScopeFile {
			k.file = f.File
		}
		i, ok := first[k]
		if !ok {
			f.group = k.kind + "\x00" + k.file
			first[k] = len(out)
			count[k] = 1
			out = append(out, f)
			continue
		}
		count[k]++
		rep := &out[i]
		rel := Related{Line: f.Line, Col: f.Col, EndLine: f.EndLine, EndCol: f.EndCol, Message: f.Message}
		if f.File != rep.File {
			rel.File = f.File
		}
		rep.Related = append(rep.Related, rel)
		rep.Severity = max(rep.Severity, f.Severity)
	}
	for k, i := range first {
		if n := count[k]; n > 1 {
			where := "in this export"
			if k.file != "" {
				where = "in this file"
			}
			out[i].Message += fmt.Sprintf(" (reported once: %d places %s, the others are listed as related places)", n, where)
		}
	}
	clear(fs[len(out):])
	return out
}
