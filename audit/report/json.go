package report

import (
	"encoding/json"
	"io"

	"github.com/acc-audit/acc-audit/audit"
)

// jsonReport is the stable JSON schema of acc-audit's output. Fields are
// only ever added. No timestamp or duration is written: the same input
// gives the same bytes.
type jsonReport struct {
	Tool     jsonTool            `json:"tool"`
	Summary  jsonSummary         `json:"summary"`
	Findings []audit.Finding     `json:"findings"`
	Problems []audit.Problem     `json:"problems"`
	Files    []audit.FileInfo    `json:"files"`
	Rules    map[string]jsonRule `json:"rules"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Files    int    `json:"files"`
	Entities int    `json:"entities"`
	Bytes    int64  `json:"bytes"`
	Findings int    `json:"findings"`
	Counts   Counts `json:"bySeverity"`
	Failed   int    `json:"failedFiles"`
}

type jsonRule struct {
	Title    string         `json:"title"`
	Severity audit.Severity `json:"severity"`
	Category string         `json:"category"`
	URL      string         `json:"url"`
}

// JSON writes the result as one indented JSON document.
func JSON(w io.Writer, res *audit.Result, opt Options) error {
	r := jsonReport{
		Tool:     jsonTool{Name: opt.ToolName, Version: opt.ToolVersion},
		Findings: res.Findings,
		Problems: res.Problems,
		Files:    res.Files,
		Rules:    map[string]jsonRule{},
	}
	if r.Findings == nil {
		r.Findings = []audit.Finding{}
	}
	if r.Problems == nil {
		r.Problems = []audit.Problem{}
	}
	if r.Files == nil {
		r.Files = []audit.FileInfo{}
	}
	r.Summary = jsonSummary{Files: len(res.Files), Entities: res.Entities, Bytes: res.Bytes, Findings: len(res.Findings), Counts: Count(res.Findings)}
	for _, f := range res.Files {
		if f.Failed {
			r.Summary.Failed++
		}
	}
	used := map[string]bool{}
	for _, f := range res.Findings {
		used[f.RuleID] = true
	}
	for _, rule := range res.Rules {
		if used[rule.ID] {
			r.Rules[rule.ID] = jsonRule{Title: rule.Title, Severity: rule.Severity, Category: rule.Category, URL: rule.Doc.URL}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
