// Package report renders scan results. Formatters are pure: they write the
// complete report to a writer and decide nothing else (not the exit code,
// not whether colour is wanted, which the command decides per writer).
package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/acc-audit/acc-audit/audit"
)

// Options are the settings shared by formatters.
type Options struct {
	Color       bool   // ANSI colour (text only)
	ToolName    string // "acc-audit"
	ToolVersion string
	// Quiet drops the excerpts and the per-entity headings (text only).
	Quiet bool
}

// A Formatter writes a complete report.
type Formatter func(w io.Writer, res *audit.Result, opt Options) error

var formatters = map[string]Formatter{
	"text": Text,
	"json": JSON,
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

// Count tallies the findings of a result.
func Count(fs []audit.Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case audit.SeverityError:
			c.Error++
		case audit.SeverityWarning:
			c.Warning++
		default:
			c.Info++
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
