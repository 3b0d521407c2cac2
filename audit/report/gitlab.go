package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// GitLab Code Quality: a JSON array of Code Climate issues, of which GitLab
// reads description, check_name, fingerprint, severity, location.path and
// location.lines.begin. The fingerprint is the finding's, so that a merge
// request shows as new only what it introduced, whatever lines moved.
// Suppressed findings are left out: the format cannot mark them.

type gitlabIssue struct {
	Type        string         `json:"type"`
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Categories  []string       `json:"categories"`
	Location    gitlabLocation `json:"location"`
	Content     *gitlabContent `json:"content,omitempty"`
	EngineName  string         `json:"engine_name"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

type gitlabContent struct {
	Body string `json:"body"`
}

func gitlabSeverity(s audit.Severity) string {
	switch s {
	case audit.SeverityError:
		return "critical"
	case audit.SeverityWarning:
		return "major"
	}
	return "info"
}

// GitLab writes the result as a GitLab Code Quality report.
func GitLab(w io.Writer, res *driver.Result, opt Options) error {
	rules, idx, _ := ruleIndex(res, opt)
	// The issues are written one at a time (encodeJSON), built as they go.
	issues := newJSONArray(res.Findings.Len()+len(res.Problems), func(yield func(any) bool) {
		for f := range res.Findings.All() {
			if !yield(gitlabFindingIssue(f, rules[idx[f.RuleID]], opt)) {
				return
			}
		}
		for i, p := range res.Problems {
			if !yield(gitlabProblemIssue(i, p, opt)) {
				return
			}
		}
	})
	return encodeJSON(w, issues, issues)
}

func gitlabFindingIssue(f *audit.Finding, r *audit.Rule, opt Options) gitlabIssue {
	p, _ := displayPath(f.File, opt)
	desc := f.Message
	if f.Entity != "" {
		desc += " (" + f.Entity + ")"
	}
	is := gitlabIssue{
		Type: "issue", Description: desc, CheckName: f.RuleID, Fingerprint: f.Fingerprint,
		Severity: gitlabSeverity(f.Severity), Categories: []string{"Compatibility"},
		Location:   gitlabLocation{Path: p, Lines: gitlabLines{Begin: max(f.Line, 1), End: max(f.EndLine, f.Line, 1)}},
		EngineName: "acc-audit",
	}
	if isSecurity(r) {
		is.Categories = []string{"Security"}
	}
	if r.Doc.Rationale != "" {
		is.Content = &gitlabContent{Body: helpMarkdown(r)}
	}
	return is
}

func gitlabProblemIssue(i int, pr audit.Problem, opt Options) gitlabIssue {
	p, _ := displayPath(pr.File, opt)
	sev := "blocker"
	if pr.Severity != audit.SeverityError {
		sev = "minor"
	}
	return gitlabIssue{
		Type: "issue", Description: pr.Message, CheckName: "acc-audit/input", Severity: sev,
		Fingerprint: fmt.Sprintf("input:%s:%d", strings.ReplaceAll(p, ":", "_"), i),
		Categories:  []string{"Bug Risk"},
		Location:    gitlabLocation{Path: p, Lines: gitlabLines{Begin: max(pr.Line, 1)}},
		EngineName:  "acc-audit",
	}
}
