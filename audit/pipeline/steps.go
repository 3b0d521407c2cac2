package pipeline

import (
	"cmp"
	"errors"
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
	fs := out.Result.Findings
	for i := range fs {
		if sev, ok := s.Overrides[fs[i].RuleID]; ok {
			fs[i].Severity = sev
		}
	}
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
	for _, r := range pseudo {
		if slices.ContainsFunc(res.Findings, func(f audit.Finding) bool { return f.RuleID == r.ID }) {
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
	res.Baselined = len(out.Baselined)
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
	if n <= 0 || len(res.Findings) <= n {
		return
	}
	idx := make([]int, len(res.Findings))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(res.Findings[b].Severity, res.Findings[a].Severity) })
	keep := idx[:n]
	slices.Sort(keep)
	kept := make([]audit.Finding, 0, n)
	for _, i := range keep {
		kept = append(kept, res.Findings[i])
	}
	res.Omitted = len(res.Findings) - n
	res.Findings = kept
}
