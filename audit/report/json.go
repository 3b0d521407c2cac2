package report

import (
	"io"
	"iter"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// jsonReport is the stable JSON schema of acc-audit's output. Fields are
// only ever added. No timestamp or duration is written: the same input
// gives the same bytes.
type jsonReport struct {
	Tool     jsonTool    `json:"tool"`
	Summary  jsonSummary `json:"summary"`
	Findings *jsonArray  `json:"findings"` // of audit.Finding
	// Suppressed findings carry their suppressions (kind, justification,
	// location).
	Suppressed *jsonArray      `json:"suppressed"`
	Problems   []audit.Problem `json:"problems"`
	// NotRead lists the inputs that hold no Campaign export or code.
	NotRead []driver.NotRead    `json:"notRead"`
	Files   []driver.FileInfo   `json:"files"`
	Rules   map[string]jsonRule `json:"rules"`
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
	// Suppressed, Baselined and Omitted count the findings left out of
	// "findings"; BaselineFixed counts baseline entries no longer found.
	Suppressed    int `json:"suppressed"`
	Baselined     int `json:"baselined,omitempty"`
	BaselineFixed int `json:"baselineFixed,omitempty"`
	Omitted       int `json:"omitted,omitempty"`
}

type jsonRule struct {
	Title    string         `json:"title"`
	Severity audit.Severity `json:"severity"`
	Category string         `json:"category"`
	URL      string         `json:"url"`
}

// JSON writes the result as one indented JSON document.
func JSON(w io.Writer, res *driver.Result, opt Options) error {
	r := jsonReport{
		Tool:       jsonTool{Name: opt.ToolName, Version: opt.ToolVersion},
		Findings:   findingsArray(res.Findings),
		Suppressed: findingsArray(res.Suppressed),
		Problems:   res.Problems,
		NotRead:    res.NotRead,
		Files:      res.Files,
		Rules:      map[string]jsonRule{},
	}
	if r.Problems == nil {
		r.Problems = []audit.Problem{}
	}
	if r.NotRead == nil {
		r.NotRead = []driver.NotRead{}
	}
	if r.Files == nil {
		r.Files = []driver.FileInfo{}
	}
	r.Summary = jsonSummary{Files: len(res.Files), Entities: res.Entities, Bytes: res.Bytes, Findings: res.Findings.Len(), Counts: Count(res.Findings),
		Suppressed: res.Suppressed.Len(), Baselined: res.Baselined, BaselineFixed: res.BaselineFixed, Omitted: res.Omitted}
	for _, f := range res.Files {
		if f.Failed {
			r.Summary.Failed++
		}
	}
	rules, _, used := ruleIndex(res, opt)
	for _, rule := range rules {
		if used[rule.ID] {
			r.Rules[rule.ID] = jsonRule{Title: rule.Title, Severity: rule.Severity, Category: rule.Category, URL: rule.Doc.URL}
		}
	}
	return encodeJSON(w, r, r.Findings, r.Suppressed)
}

func findingsArray(fs audit.FindingList) *jsonArray {
	return newJSONArray(fs.Len(), elements(fs.All()))
}

// elements yields the report elements of findings: each finding, or the
// form of one with many related places that is written a place at a
// time.
func elements(fs iter.Seq[*audit.Finding]) iter.Seq[any] {
	return func(yield func(any) bool) {
		for f := range fs {
			var v any = f
			if len(f.Related) > longRelated {
				v = longFinding{f}
			}
			if !yield(v) {
				return
			}
		}
	}
}
