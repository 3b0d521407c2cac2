package pipeline

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/baseline"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/suppress"
)

// Inputs adds what input collection found to the engine's result: the
// engine only sees the inputs that could be collected.
type Inputs struct {
	Skipped    []source.Skipped
	Unreadable []error
}

func (Inputs) Name() string { return "inputs" }

func (s Inputs) Process(out *Outcome) {
	res := out.Result
	for _, sk := range s.Skipped {
		res.NotRead = append(res.NotRead, driver.NotRead{File: sk.Name, Reason: sk.Reason})
	}
	slices.SortStableFunc(res.NotRead, func(a, b driver.NotRead) int { return strings.Compare(a.File, b.File) })
	for _, e := range s.Unreadable {
		p := audit.Problem{Severity: audit.SeverityError, Message: e.Error()}
		var se *source.Error
		if errors.As(e, &se) {
			p.File, p.Message = se.Path, se.Err.Error()
		}
		res.Problems = append(res.Problems, p)
		res.Files = append(res.Files, driver.FileInfo{Name: p.File, Failed: true})
	}
}

// Severity applies the severity overrides to every finding: a rule may
// choose a severity per finding, and an override is the user's final word
// on all of them.
type Severity struct {
	Overrides map[string]audit.Severity
}

func (Severity) Name() string { return "severity" }

func (s Severity) Process(out *Outcome) {
	if len(s.Overrides) == 0 {
		return
	}
	overridden := slices.ContainsFunc(out.Result.Findings.RuleIDs(), func(id string) bool { _, ok := s.Overrides[id]; return ok })
	if !overridden {
		return
	}
	var b audit.FindingListBuilder
	for f := range out.Result.Findings.All() {
		if sev, ok := s.Overrides[f.RuleID]; ok {
			f.Severity = sev
		}
		b.Add(f)
	}
	// Severity is part of the report order: findings alike but for it
	// may change places.
	out.Result.Findings = b.List().Sorted()
}

// Suppress applies the inline and file suppressions (suppress.Apply), then
// lists among the rules that ran the pseudo-rules that reported something:
// they check the user's suppressions, not the export, and a listing of
// rules that found nothing would otherwise show them always.
type Suppress struct {
	Options *suppress.Options // nil: no suppression
}

func (Suppress) Name() string { return "suppress" }

func (s Suppress) Process(out *Outcome) {
	if s.Options == nil {
		return
	}
	res := out.Result
	suppress.Apply(res, *s.Options)
	pseudo := s.Options.Report
	if pseudo == nil {
		pseudo = suppress.Rules()
	}
	reported := res.Findings.RuleIDs()
	for _, r := range pseudo {
		if slices.Contains(reported, r.ID) {
			res.Rules = append(res.Rules, r)
		}
	}
}

// Baseline leaves out the findings a baseline lists and counts the entries
// that matched nothing (fixed since).
type Baseline struct {
	File *baseline.File // nil: no baseline
}

func (Baseline) Name() string { return "baseline" }

func (s Baseline) Process(out *Outcome) {
	if s.File == nil {
		return
	}
	res := out.Result
	res.Findings, out.Baselined, res.BaselineFixed = s.File.Split(res.Findings)
	res.Baselined = out.Baselined.Len()
}

// Cap keeps the Max most severe findings, in report order, and counts the
// others as omitted.
type Cap struct {
	Max int // 0: no cap
}

func (Cap) Name() string { return "max-findings" }

func (s Cap) Process(out *Outcome) {
	res := out.Result
	n := s.Max
	total := res.Findings.Len()
	if n <= 0 || total <= n {
		return
	}
	// The n most severe in report order, as a stable sort by severity
	// would give: every finding above the cut-off severity, then the
	// first ones at it, in report order.
	bySeverity := res.Findings.BySeverity()
	severities := slices.Sorted(maps.Keys(bySeverity))
	slices.Reverse(severities)
	cut, above := severities[0], 0
	for _, sev := range severities {
		cut = sev
		if above+bySeverity[sev] >= n {
			break
		}
		above += bySeverity[sev]
	}
	atCut := n - above
	var kept audit.FindingListBuilder
	for f := range res.Findings.All() {
		switch {
		case f.Severity > cut:
			kept.Add(f)
		case f.Severity == cut && atCut > 0:
			atCut--
			kept.Add(f)
		}
	}
	res.Omitted = total - n
	res.Findings = kept.List()
}
