package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/acc-audit/acc-audit/audit"
)

// palette holds the colours of the text report. Each colour is switched on
// or off explicitly: fatih/color decides globally from stdout alone, which
// is wrong for -o files and for stderr.
type palette struct {
	file, entity, pos, err, warn, info, rule, dim, ok *color.Color
}

func newPalette(on bool) palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		file:   mk(color.Bold, color.Underline),
		entity: mk(color.Bold),
		pos:    mk(color.FgCyan),
		err:    mk(color.FgRed, color.Bold),
		warn:   mk(color.FgYellow, color.Bold),
		info:   mk(color.FgBlue),
		rule:   mk(color.FgMagenta),
		dim:    mk(color.Faint),
		ok:     mk(color.FgGreen, color.Bold),
	}
}

func (p palette) severity(s audit.Severity) string {
	switch s {
	case audit.SeverityError:
		return p.err.Sprintf("%-7s", "error")
	case audit.SeverityWarning:
		return p.warn.Sprintf("%-7s", "warning")
	}
	return p.info.Sprintf("%-7s", "info")
}

// Text writes findings grouped by file and entity, input problems, and a
// summary line. Text from the export is shown with its control and
// bidirectional characters escaped (see Visible).
func Text(w io.Writer, res *audit.Result, opt Options) error {
	return renderVisible(w, opt.Color, func(w io.Writer) error { return text(w, res, opt) })
}

func text(w io.Writer, res *audit.Result, opt Options) error {
	bw := bufio.NewWriter(w)
	pal := newPalette(opt.Color)
	file, entity := "", ""
	for _, f := range res.Findings {
		if opt.Quiet {
			// One self-contained line per finding, in the file:line:col form
			// that editors and grep-like tools jump to.
			fmt.Fprintf(bw, "%s: %s %s %s\n", pal.pos.Sprintf("%s:%d:%d", Visible(f.File), f.Line, f.Col), pal.severity(f.Severity), Visible(f.Message), pal.rule.Sprintf("[%s]", f.RuleID))
			continue
		}
		if f.File != file {
			if file != "" {
				fmt.Fprintln(bw)
			}
			file, entity = f.File, ""
			fmt.Fprintln(bw, pal.file.Sprint(Visible(f.File)))
		}
		if f.Entity != entity {
			entity = f.Entity
			fmt.Fprintf(bw, "  %s\n", pal.entity.Sprint(Visible(f.Entity)))
		}
		ruleRef := pal.rule.Sprint(f.RuleID)
		if len(f.Compat) > 0 {
			// The vendor check code lets users reconcile with its log.
			ruleRef += pal.dim.Sprintf(" (%s)", strings.Join(f.Compat, ", "))
		}
		fmt.Fprintf(bw, "    %s %s %s  %s\n", pal.pos.Sprintf("%-8s", fmt.Sprintf("%d:%d", f.Line, f.Col)), pal.severity(f.Severity), Visible(f.Message), ruleRef)
		if f.Place != "" {
			fmt.Fprintf(bw, "             %s\n", pal.dim.Sprint("in "+Visible(f.Place)))
		}
		if f.Excerpt != "" {
			fmt.Fprintf(bw, "             %s\n", pal.dim.Sprint("│ "+Visible(f.Excerpt)))
		}
	}
	if len(res.Findings) > 0 && !opt.Quiet {
		fmt.Fprintln(bw)
	}
	for _, p := range res.Problems {
		sev := pal.severity(p.Severity)
		fmt.Fprintf(bw, "%s %s\n", sev, Visible(p.String()))
	}
	if len(res.Problems) > 0 {
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, Summary(res, pal))
	return bw.Flush()
}

// Summary is the one-line outcome: counts by severity, files and entities
// read, inputs that failed.
func Summary(res *audit.Result, pal palette) string {
	c := Count(res.Findings)
	var b strings.Builder
	read, failed := 0, 0
	for _, f := range res.Files {
		if f.Failed {
			failed++
		} else {
			read++
		}
	}
	switch {
	case c.Total() == 0 && res.HasErrors():
		// Not a clean bill of health: some inputs were not audited.
		b.WriteString(pal.err.Sprint("✖ scan incomplete: no findings"))
	case c.Total() == 0:
		b.WriteString(pal.ok.Sprint("✔ no findings"))
	default:
		parts := []string{}
		if c.Error > 0 {
			parts = append(parts, pal.err.Sprint(plural(c.Error, "error", "errors")))
		}
		if c.Warning > 0 {
			parts = append(parts, pal.warn.Sprint(plural(c.Warning, "warning", "warnings")))
		}
		if c.Info > 0 {
			parts = append(parts, pal.info.Sprint(plural(c.Info, "info", "info")))
		}
		fmt.Fprintf(&b, "✖ %s (%s)", plural(c.Total(), "finding", "findings"), strings.Join(parts, ", "))
	}
	// A file that failed is not counted as read: a missing path is no file.
	fmt.Fprintf(&b, " in %s, %s", plural(read, "file", "files"), plural(res.Entities, "entity", "entities"))
	if failed > 0 {
		fmt.Fprintf(&b, "; %s", pal.err.Sprint(plural(failed, "input", "inputs")+" could not be read or parsed"))
	}
	var left []string
	if n := len(res.Suppressed); n > 0 {
		left = append(left, fmt.Sprintf("%d suppressed", n))
	}
	if res.Baselined > 0 {
		left = append(left, fmt.Sprintf("%d in the baseline", res.Baselined))
	}
	if res.BaselineFixed > 0 {
		left = append(left, plural(res.BaselineFixed, "baseline entry", "baseline entries")+" no longer found")
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, "; %s", pal.dim.Sprint(strings.Join(left, ", ")))
	}
	if res.Omitted > 0 {
		fmt.Fprintf(&b, "\n%s", pal.warn.Sprintf("showing the first %d findings by severity: %d more not shown (--max-findings)", len(res.Findings), res.Omitted))
	}
	return b.String()
}

// SummaryLine returns the summary line of a result.
func SummaryLine(res *audit.Result, color bool) string { return Summary(res, newPalette(color)) }
