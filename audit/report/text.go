package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
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
func Text(w io.Writer, res *driver.Result, opt Options) error {
	return streamVisible(w, opt.Color, func(w io.Writer) error { return text(w, res, opt) })
}

func text(w io.Writer, res *driver.Result, opt Options) error {
	bw := bufio.NewWriter(w)
	pal := newPalette(opt.Color)
	file, entity := "", ""
	for f := range res.Findings.All() {
		if opt.Quiet {
			// One self-contained line per finding, in the file:line:col form
			// that editors and grep-like tools jump to.
			// The rule id stays last: CI log parsers read it there.
			fmt.Fprintf(bw, "%s: %s %s%s %s\n", pal.pos.Sprintf("%s:%d:%d", Visible(f.File), f.Line, f.Col), pal.severity(f.Severity), Visible(f.Message), fixMarker(f, pal), pal.rule.Sprintf("[%s]", f.RuleID))
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
		ruleRef += fixMarker(f, pal)
		fmt.Fprintf(bw, "    %s %s %s  %s\n", pal.pos.Sprintf("%-8s", fmt.Sprintf("%d:%d", f.Line, f.Col)), pal.severity(f.Severity), Visible(f.Message), ruleRef)
		if f.Place != "" {
			fmt.Fprintf(bw, "             %s\n", pal.dim.Sprint("in "+Visible(f.Place)))
		}
		if f.Excerpt != "" {
			fmt.Fprintf(bw, "             %s\n", pal.dim.Sprint("│ "+Visible(f.Excerpt)))
		}
		if len(f.Related) > 0 {
			fmt.Fprintf(bw, "             %s\n", pal.dim.Sprint("also at "+relatedPlaces(f.Related, 12)))
		}
	}
	if res.Findings.Len() > 0 && !opt.Quiet {
		fmt.Fprintln(bw)
	}
	for _, p := range res.Problems {
		sev := pal.severity(p.Severity)
		fmt.Fprintf(bw, "%s %s\n", sev, Visible(p.String()))
	}
	if len(res.Problems) > 0 {
		fmt.Fprintln(bw)
	}
	if n := NotReadNotice(res, 10); n != "" && !opt.Quiet {
		fmt.Fprintln(bw, pal.dim.Sprint(n))
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, Summary(res, pal))
	return bw.Flush()
}

// fixMarker tells a finding `acc-audit fix` can rewrite.
func fixMarker(f *audit.Finding, pal palette) string {
	switch {
	case f.Fix == nil:
		return ""
	case f.Fix.Safe:
		return pal.dim.Sprint(" (fixable)")
	}
	return pal.dim.Sprint(" (fix suggested)")
}

// FixableCounts counts the findings with a safe fix and with a suggested
// one.
func FixableCounts(fs audit.FindingList) (safe, suggested int) { return fs.Fixes() }

// relatedPlaces lists the line:col of related places, the first max.
func relatedPlaces(rel []audit.Related, max int) string {
	var parts []string
	for i, r := range rel {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(rel)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%d:%d", r.Line, r.Col))
	}
	return strings.Join(parts, ", ")
}

// NotReadNotice is the one notice naming the inputs that hold no Campaign
// export or code, the first max of them with their reason; "" when none.
func NotReadNotice(res *driver.Result, max int) string {
	if len(res.NotRead) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s not read (no Campaign export or code):", plural(len(res.NotRead), "file", "files"))
	for i, nr := range res.NotRead {
		if i == max {
			fmt.Fprintf(&b, "\n  … and %d more (the JSON report lists them all)", len(res.NotRead)-max)
			break
		}
		fmt.Fprintf(&b, "\n  %s: %s", Visible(nr.File), Visible(nr.Reason))
	}
	return b.String()
}

// Summary is the one-line outcome: counts by severity, files and entities
// read, inputs that failed.
func Summary(res *driver.Result, pal palette) string {
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
	if n := len(res.NotRead); n > 0 {
		fmt.Fprintf(&b, "; %d not read (no Campaign export or code)", n)
	}
	if safe, suggested := FixableCounts(res.Findings); safe+suggested > 0 {
		switch {
		case suggested == 0:
			fmt.Fprintf(&b, "; %s can be fixed with `acc-audit fix`", plural(safe, "finding", "findings"))
		case safe == 0:
			fmt.Fprintf(&b, "; %s a suggested fix (`acc-audit fix --unsafe`)", plural(suggested, "finding has", "findings have"))
		default:
			fmt.Fprintf(&b, "; %s can be fixed with `acc-audit fix` (%d more with --unsafe)", plural(safe, "finding", "findings"), suggested)
		}
	}
	var left []string
	if n := res.Suppressed.Len(); n > 0 {
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
		fmt.Fprintf(&b, "\n%s", pal.warn.Sprintf("showing the first %d findings by severity: %d more not shown (--max-findings)", res.Findings.Len(), res.Omitted))
	}
	return b.String()
}

// SummaryLine returns the summary line of a result.
func SummaryLine(res *driver.Result, color bool) string { return Summary(res, newPalette(color)) }
