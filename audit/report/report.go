// Package report renders scan results. Formatters are pure: they write the
// complete report to a writer and decide nothing else (not the exit code,
// not whether colour is wanted, which the command decides per writer).
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// Options are the settings shared by formatters.
type Options struct {
	Color       bool   // ANSI colour (text only)
	ToolName    string // "acc-audit"
	ToolVersion string
	// Quiet drops the excerpts and the per-entity headings (text only).
	Quiet bool

	// BaseDir is the absolute directory that the paths of machine-read
	// formats (SARIF, GitLab, JUnit, checkstyle) are made relative to, as
	// code hosts expect paths relative to the repository root; WorkDir is
	// the absolute directory relative input names are relative to. Both
	// default to the current directory.
	BaseDir, WorkDir string
	// FailOn is the lowest severity the exit code fails on ("error",
	// "warning", "info", "none"; "" means "error"): JUnit reports findings
	// at or above it as failures, so that the test report agrees with the
	// build status.
	FailOn string
	// Rules are all rules known, for the metadata of findings whose rule is
	// not in Result.Rules (pseudo-rules about suppressions); optional.
	Rules []*audit.Rule
	// Baseline is the baseline file applied, if any (SARIF marks results
	// as new relative to it).
	Baseline string
	// Baselined are the findings the baseline lists, left out of
	// Result.Findings: SARIF keeps them as suppressed results, as code
	// scanning expects, the other formats only count them.
	Baselined audit.FindingList
}

// A Formatter writes a complete report.
type Formatter func(w io.Writer, res *driver.Result, opt Options) error

var formatters = map[string]Formatter{
	"text":       Text,
	"json":       JSON,
	"sarif":      SARIF,
	"junit":      JUnit,
	"gitlab":     GitLab,
	"checkstyle": Checkstyle,
}

// Extensions suggests the usual file extension of each format.
var Extensions = map[string]string{
	"text": ".txt", "json": ".json", "sarif": ".sarif", "junit": ".xml", "gitlab": ".json", "checkstyle": ".xml",
}

// Lookup returns the formatter registered under name.
func Lookup(name string) (Formatter, bool) {
	f, ok := formatters[name]
	return f, ok
}

// Names lists the format names, sorted.
func Names() []string {
	out := make([]string, 0, len(formatters))
	for k := range formatters {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Counts tallies findings by severity.
type Counts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Total is the number of findings.
func (c Counts) Total() int { return c.Error + c.Warning + c.Info }

// Count tallies the findings of a list.
func Count(fs audit.FindingList) Counts {
	var c Counts
	for sev, n := range fs.BySeverity() {
		switch sev {
		case audit.SeverityError:
			c.Error += n
		case audit.SeverityWarning:
			c.Warning += n
		default:
			c.Info += n
		}
	}
	return c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// threshold reads Options.FailOn; 0 means no finding fails.
func (o Options) threshold() audit.Severity {
	switch strings.ToLower(o.FailOn) {
	case "", "error":
		return audit.SeverityError
	case "none":
		return 0
	}
	s, err := audit.ParseSeverity(o.FailOn)
	if err != nil {
		return audit.SeverityError
	}
	return s
}

// ruleIndex gathers the metadata of the rules a report refers to: those of
// the run, then any other rule a finding names; used holds the rules a
// finding or a suppressed one names.
func ruleIndex(res *driver.Result, opt Options) ([]*audit.Rule, map[string]int, map[string]bool) {
	var out []*audit.Rule
	idx := map[string]int{}
	add := func(r *audit.Rule) {
		if _, ok := idx[r.ID]; !ok {
			idx[r.ID] = len(out)
			out = append(out, r)
		}
	}
	for _, r := range res.Rules {
		add(r)
	}
	known := map[string]*audit.Rule{}
	for _, r := range opt.Rules {
		known[r.ID] = r
	}
	used := map[string]bool{}
	for _, fs := range []audit.FindingList{res.Findings, res.Suppressed} {
		ids := fs.RuleIDs()
		for _, id := range ids {
			used[id] = true
		}
		if !slices.ContainsFunc(ids, func(id string) bool { _, ok := idx[id]; return !ok }) {
			continue
		}
		// A rule the run does not list takes the severity of its first
		// finding.
		for f := range fs.All() {
			if _, ok := idx[f.RuleID]; ok {
				continue
			}
			r := known[f.RuleID]
			if r == nil {
				r = &audit.Rule{ID: f.RuleID, Name: strings.ToLower(f.RuleID), Title: f.RuleID, Severity: f.Severity}
			}
			add(r)
		}
	}
	return out, idx, used
}

// isSecurity tells the rules whose findings weaken security (as opposed
// to breaking the migration): code hosts file them as security alerts.
// The SEC family (authentication, sessions) and the CONF family (security
// zones and the server's exposure) are, and any rule whose category says
// so.
func isSecurity(r *audit.Rule) bool {
	family, _, _ := strings.Cut(r.ID, "-")
	cat := strings.ToLower(r.Category)
	return family == "SEC" || family == "CONF" || strings.Contains(cat, "security") || strings.Contains(cat, "authentication")
}

// displayPath returns the path of an input as machine-read formats show
// it: relative to opt.BaseDir with forward slashes when the file lies
// under it, else absolute. Archive entries keep their "!/entry" suffix.
// abs tells which.
func displayPath(name string, opt Options) (p string, abs bool) {
	if name == "" || strings.HasPrefix(name, "<") {
		return name, false
	}
	fsPart, entry := name, ""
	if i := strings.Index(name, "!/"); i >= 0 {
		fsPart, entry = name[:i], name[i:]
	}
	native := filepath.FromSlash(fsPart)
	if !filepath.IsAbs(native) {
		wd := opt.WorkDir
		if wd == "" {
			wd, _ = filepath.Abs(".")
		}
		native = filepath.Join(wd, native)
	}
	base := opt.BaseDir
	if base == "" {
		base, _ = filepath.Abs(".")
	}
	if rel, err := filepath.Rel(base, native); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel) + entry, false
	}
	return filepath.ToSlash(native) + entry, true
}

// uriEscape percent-encodes a slash-separated path for a URI: everything
// but the unreserved characters, the sub-delimiters and ":@/" (so that an
// archive entry "a.zip!/x.xml" stays readable). A colon in the first
// segment of a relative reference would read as a scheme and is encoded.
func uriEscape(p string, relative bool) string {
	const keep = "-._~!$&'()*+,;=:@/"
	var b strings.Builder
	firstSeg := true
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' {
			firstSeg = false
		}
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0
		if c == ':' && relative && firstSeg {
			ok = false
		}
		if ok {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
