package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/acc-audit/acc-audit/audit"
)

// A PreviousFinding is a finding of an earlier audit, read from its
// `scan -f json` output or from a baseline file.
type PreviousFinding struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Entity      string `json:"entity"`
	Place       string `json:"place"`
	Message     string `json:"message"`
	File        string `json:"file"`
	Line        int    `json:"line"`
}

// ParsePrevious reads the findings of an earlier audit: the JSON report of
// `acc-audit scan -f json` or a baseline (`acc-audit baseline`); both list
// findings with their fingerprint, which survives a re-export.
func ParsePrevious(name string, data []byte) ([]PreviousFinding, error) {
	var doc struct {
		Findings *[]PreviousFinding `json:"findings"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := offsetLineCol(data, se.Offset-1)
			return nil, fmt.Errorf("%s:%d:%d: not a JSON report or baseline: %v", name, line, col, err)
		}
		return nil, fmt.Errorf("%s: not a JSON report or baseline: %v", name, err)
	}
	if doc.Findings == nil {
		return nil, fmt.Errorf("%s: not a JSON report or baseline of acc-audit (no \"findings\" list)", name)
	}
	for i, f := range *doc.Findings {
		if f.Fingerprint == "" || f.Rule == "" {
			return nil, fmt.Errorf("%s: finding %d has no fingerprint or rule", name, i+1)
		}
	}
	return *doc.Findings, nil
}

func offsetLineCol(data []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Change is what became of a finding since the previous audit.
type Change string

// The changes a comparison tells.
const (
	ChangeNew       Change = "new"
	ChangeRemaining Change = "remaining"
	ChangeFixed     Change = "fixed"
)

// A Comparison is the burn-down against an earlier audit of the same
// export: findings are matched by fingerprint, as a baseline does.
type Comparison struct {
	Source                string // the previous file, as given
	New, Remaining, Fixed Counts
	PreviousHours         float64
	NewHours, FixedHours  float64
	RemainingHours        float64
	FixedFindings         []FixedFinding
	// change is keyed by fingerprint: the scan numbers the findings that
	// would share one (":0", ":1"), so each is unique in a result.
	change map[string]Change
}

// A FixedFinding is a previous finding that the current audit no longer
// reports, with the rule as known now.
type FixedFinding struct {
	PreviousFinding
	Rule  *audit.Rule
	Hours float64
}

// Compare matches the current findings with the previous ones. A
// fingerprint found n times before and m times now counts min(n, m)
// remaining, the rest new or fixed.
func (m *Migration) Compare(source string, prev []PreviousFinding) {
	c := &Comparison{Source: source, change: map[string]Change{}}
	left := map[string]int{}
	for _, p := range prev {
		left[p.Fingerprint]++
	}
	for f := range m.Result.Findings.All() {
		h := m.Rule(f.RuleID, f.Severity).EffortHours()
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			c.change[f.Fingerprint] = ChangeRemaining
			c.Remaining.add(f.Severity)
			c.RemainingHours += h
		} else {
			c.change[f.Fingerprint] = ChangeNew
			c.New.add(f.Severity)
			c.NewHours += h
		}
	}
	for _, p := range prev {
		// A baseline holds no severity: the rule's, as known now.
		sev, err := audit.ParseSeverity(p.Severity)
		if err != nil {
			sev = audit.SeverityWarning
		}
		r := m.Rule(p.Rule, sev)
		if err != nil {
			sev = r.Severity
		}
		h := r.EffortHours()
		c.PreviousHours += h
		if left[p.Fingerprint] > 0 {
			left[p.Fingerprint]--
			p.Severity = sev.String()
			c.Fixed.add(sev)
			c.FixedHours += h
			c.FixedFindings = append(c.FixedFindings, FixedFinding{PreviousFinding: p, Rule: r, Hours: h})
		}
	}
	m.Comparison = c
}

// ChangeOf tells whether a current finding is new or remaining; "" when
// the report compares with nothing.
func (m *Migration) ChangeOf(f audit.Finding) Change {
	if m.Comparison == nil {
		return ""
	}
	return m.Comparison.change[f.Fingerprint]
}

// markdownComparison writes the burn-down section of the Markdown report.
func markdownComparison(p func(string, ...any), m *Migration) {
	c := m.Comparison
	if c == nil {
		return
	}
	p("### Progress since the previous audit\n\n")
	p("Compared with %s: **%d fixed**, **%d new** and %s. Effort burned down: **%s** of the %s estimated then; %s left (%s), of which %s for new findings.\n\n",
		mdCode(c.Source), c.Fixed.Total(), c.New.Total(), plural(c.Remaining.Total(), "remaining finding", "remaining findings"),
		RoundHours(c.FixedHours), RoundHours(c.PreviousHours), RoundHours(m.Effort.Hours), FormatEffort(m.Effort.Hours), RoundHours(c.NewHours))
	p("| | Findings | Errors | Warnings | Info | Effort |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range []struct {
		name  string
		n     Counts
		hours float64
	}{{"Fixed", c.Fixed, c.FixedHours}, {"New", c.New, c.NewHours}, {"Remaining", c.Remaining, c.RemainingHours}} {
		p("| %s | %d | %d | %d | %d | %s |\n", r.name, r.n.Total(), r.n.Error, r.n.Warning, r.n.Info, FormatHours(r.hours))
	}
	p("\n")
	if len(c.FixedFindings) > 0 {
		p("Fixed since the previous audit:\n\n| Severity | Rule | Entity | Finding | Effort |\n|---|---|---|---|---:|\n")
		for _, f := range c.FixedFindings {
			p("| %s | %s | %s | %s | %s |\n", f.Severity, mdCell(mdText(f.Rule.ID)), mdCell(mdCode(f.Entity)), mdCell(mdText(f.Message)), FormatHours(f.Hours))
		}
		p("\n")
	}
}
