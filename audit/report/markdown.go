package report

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode"

	"github.com/acc-audit/acc-audit/audit/inventory"
)

// Markdown writes the migration report as GitHub-flavoured Markdown, with
// the sections of the HTML report and one collapsible block per risk area,
// for a merge request, a wiki or an issue. Export content is escaped for
// Markdown and for the HTML that GitHub accepts inside Markdown: it shows
// as text, never as markup, links or images.
func Markdown(w io.Writer, m *Migration) error {
	return renderVisible(w, false, func(w io.Writer) error { return markdown(w, m) })
}

func markdown(w io.Writer, m *Migration) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	inv := m.Inv

	p("# %s\n\n", mdText(m.Title))
	p("Migration report\n\n")
	p("| | |\n|---|---|\n")
	if m.Customer != "" {
		p("| Customer | %s |\n", mdCell(mdText(m.Customer)))
	}
	if m.Author != "" {
		p("| Prepared by | %s |\n", mdCell(mdText(m.Author)))
	}
	if d := FormatDate(m.Date); d != "" {
		p("| Analysis date | %s |\n", d)
	}
	var scope []string
	for _, in := range m.Inputs {
		scope = append(scope, mdCell(mdCode(in)))
	}
	p("| Scope | %s |\n", strings.Join(scope, ", "))
	read := fmt.Sprintf("%s (%s), %s, %s", plural(filesRead(inv), "file", "files"), FormatBytes(inv.Bytes),
		plural(inv.Entities, "entity", "entities"), plural(len(inv.Packages), "package", "packages"))
	if inv.FailedFiles > 0 {
		read += fmt.Sprintf("; **%s could not be read**", plural(inv.FailedFiles, "input", "inputs"))
	}
	p("| Read | %s |\n", read)
	p("| Source version | %s |\n", mdCell(mdText(m.SourceVersion())))
	p("| Target | %s |\n", mdCell(mdText(m.TargetName)))
	p("| Tool | %s |\n\n", mdCell(mdText(m.Tool+" "+m.Version)))

	p("## Executive summary\n\n")
	if m.Counts.Total() > 0 {
		p("The export holds %s; **%d** of them need changes before or during the migration to %s. "+
			"acc-audit found **%s** in %s, estimated at **%s** of work. The migration complexity is rated **%s**.\n\n",
			plural(inv.Entities, "entity", "entities"), m.Affected, m.TargetShort(), plural(m.Counts.Total(), "finding", "findings"),
			plural(len(m.Areas), "risk area", "risk areas"), FormatEffort(m.Effort.Hours), m.Complexity.Level)
	} else {
		p("The export holds %s and acc-audit found nothing to change for %s with the %s listed at the end of this report. "+
			"The migration complexity is rated **%s**.\n\n", plural(inv.Entities, "entity", "entities"), m.TargetShort(),
			plural(len(m.Checks), "check", "checks"), m.Complexity.Level)
	}
	p("| Findings | Errors | Warnings | Info | Entities affected | Estimated effort | Complexity |\n")
	p("|---:|---:|---:|---:|---:|---:|---|\n")
	p("| %d | %d | %d | %d | %d / %d | %s | **%s** |\n\n", m.Counts.Total(), m.Counts.Error, m.Counts.Warning,
		m.Counts.Info, m.Affected, inv.Entities, FormatEffort(m.Effort.Hours), m.Complexity.Level)

	markdownComparison(p, m)

	if len(m.Areas) > 0 {
		p("### Findings by risk area\n\n| Risk area | Errors | Warnings | Info | Total |\n|---|---:|---:|---:|---:|\n")
		for _, a := range m.Areas {
			p("| [%s](#%s) | %d | %d | %d | %d |\n", mdCell(mdText(a.Name)), mdAnchor(a.Name), a.Counts.Error, a.Counts.Warning, a.Counts.Info, a.Counts.Total())
		}
		p("\n### Findings by entity type\n\n| Entity type | Schema | In the export | Affected | Errors | Warnings | Info | Effort |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
		for _, t := range m.Types {
			p("| %s | %s | %d | %d | %d | %d | %d | %s |\n", mdCell(mdText(t.Label)), mdCell(mdCode(t.Schema)), t.Entities, t.Affected,
				t.Counts.Error, t.Counts.Warning, t.Counts.Info, FormatHours(t.Hours))
		}
		p("\n### Top %d entities at risk\n\nRanked by errors, then warnings, then estimated effort.\n\n", len(m.TopEntities))
		p("| # | Entity | Ownership | File | Errors | Warnings | Info | Effort | Risk areas |\n|---:|---|---|---|---:|---:|---:|---:|---|\n")
		for i, e := range m.TopEntities {
			ent := mdCode(e.ID)
			if e.Label != "" {
				ent += " " + mdText(e.Label)
			}
			p("| %d | %s | %s | %s | %d | %d | %d | %s | %s |\n", i+1, mdCell(ent), classText(e.Class), mdCell(mdCode(e.File)),
				e.Counts.Error, e.Counts.Warning, e.Counts.Info, FormatHours(e.Hours), mdCell(mdText(strings.Join(e.Areas, ", "))))
		}
		p("\n")
	}

	p("## Effort estimate and complexity\n\n")
	p("Complexity of the migration: **%s** (%s).\n\n", m.Complexity.Level, mdText(m.Complexity.Reason))
	p("| Rating | Estimated effort |\n|---|---|\n")
	for _, t := range m.Complexity.Thresholds {
		if t.Active {
			p("| **%s** (this export) | **%s** |\n", t.Level, t.Range)
		} else {
			p("| %s | %s |\n", t.Level, t.Range)
		}
	}
	p("\n> **Assumptions.** %s %s\n\n", mdText(m.Effort.Assumption), mdText(ComplexityRule()))
	if len(m.Effort.ByArea) > 0 {
		p("### Effort by risk area\n\n| Risk area | Findings | Effort | Person-days |\n|---|---:|---:|---:|\n")
		for _, a := range m.Effort.ByArea {
			p("| %s | %d | %s | %.1f |\n", mdCell(mdText(a.Area)), a.Findings, FormatHours(a.Hours), a.Hours/hoursPerDay)
		}
		p("| **Total** | %d | **%s** | **%.1f** |\n\n", m.Counts.Total(), FormatHours(m.Effort.Hours), m.Effort.Days)
		p("### Effort by rule\n\n| Rule | Title | Risk area | Findings | Hours each | Effort |\n|---|---|---|---:|---:|---:|\n")
		for _, u := range m.Effort.ByRule {
			p("| %s | %s | %s | %d | %s | %s |\n", mdCell(mdText(u.Rule.ID)), mdCell(mdText(u.Rule.Title)), mdCell(mdText(u.Rule.Category)),
				u.Counts.Total(), FormatHours(u.Rule.EffortHours()), FormatHours(u.Hours))
		}
		p("\n")
	}

	markdownInventory(bw, inv)

	p("## Findings\n\nGrouped by risk area, then by entity. Each risk area starts with the rules that found something: "+
		"why it matters on %s, how to fix it, and the reference documentation.\n\n", m.TargetShort())
	if len(m.Areas) == 0 {
		p("No findings: nothing in these inputs needs a change for %s according to the checks performed.\n\n", m.TargetShort())
	}
	for _, a := range m.Areas {
		p("### %s\n\n", mdText(a.Name))
		p("<details open>\n<summary>%s · %s</summary>\n\n", html.EscapeString(countsText(a.Counts)), html.EscapeString(FormatHours(a.Hours)))
		p("#### Rules in this area\n\n")
		for _, u := range a.Rules {
			r := u.Rule
			p("- **%s · %s** (%s; %s; %s each)\n\n", mdText(r.ID), mdText(r.Title), r.Severity,
				plural(u.Counts.Total(), "finding", "findings"), FormatHours(r.EffortHours()))
			if r.Doc.Rationale != "" {
				p("  **Why it matters.** %s\n\n", mdSpans(CustomerProse(r.Doc.Rationale)))
			}
			if r.Doc.Remediation != "" {
				p("  **How to fix.** %s\n\n", mdSpans(r.Doc.Remediation))
			}
			if u := httpURL(r.Doc.URL); u != "" {
				p("  [Documentation](<%s>)\n\n", mdURL(u))
			}
		}
		for _, g := range a.Entities {
			head := mdCode(g.ID)
			if g.Label != "" {
				head += " " + mdText(g.Label)
			}
			if g.Class != "" {
				head += " (" + classText(g.Class) + ")"
			}
			p("#### %s\n\n%s · %s · %s\n\n", head, mdCode(g.File), countsText(g.Counts), FormatHours(g.Hours))
			if m.Comparison != nil {
				p("| Severity | Change | Rule | Location | Finding |\n|---|---|---|---|---|\n")
			} else {
				p("| Severity | Rule | Location | Finding |\n|---|---|---|---|\n")
			}
			for _, er := range g.Rules {
				for _, f := range er.Findings {
					loc := mdCode(fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col))
					if f.Place != "" {
						loc += " in " + mdCode(f.Place)
					}
					msg := mdText(f.Message)
					if f.Excerpt != "" {
						msg += "<br>" + mdCode(f.Excerpt)
					}
					sev := f.Severity.String()
					if ch := m.ChangeOf(f); ch != "" {
						sev += " | " + string(ch)
					}
					p("| %s | %s | %s | %s |\n", sev, mdCell(mdText(f.RuleID)), mdCell(loc), mdCell(msg))
				}
			}
			p("\n")
		}
		p("</details>\n\n")
	}

	if len(m.Result.Problems) > 0 {
		p("## Inputs that could not be read\n\nThese inputs were not audited, or only in part: the estimate does not cover what they hold.\n\n")
		p("| Severity | File | Position | Problem |\n|---|---|---|---|\n")
		for _, pr := range m.Result.Problems {
			pos := ""
			if pr.Line > 0 {
				pos = fmt.Sprintf("%d:%d", pr.Line, pr.Col)
			}
			p("| %s | %s | %s | %s |\n", pr.Severity, mdCell(mdCode(pr.File)), pos, mdCell(mdText(pr.Message)))
		}
		p("\n")
	}

	p("## Checks performed\n\n%s ran on the inputs. A rule without findings found nothing to change.\n\n", plural(len(m.Checks), "rule", "rules"))
	p("| Rule | Title | Risk area | Severity | Findings |\n|---|---|---|---|---:|\n")
	for _, u := range m.Checks {
		id := mdText(u.Rule.ID)
		if l := httpURL(u.Rule.Doc.URL); l != "" {
			id = "[" + id + "](<" + mdURL(l) + ">)"
		}
		p("| %s | %s | %s | %s | %d |\n", mdCell(id), mdCell(mdText(u.Rule.Title)), mdCell(mdText(u.Rule.Category)), u.Rule.Severity, u.Counts.Total())
	}
	p("\n---\n\nGenerated by %s %s from the exported configuration only. The same inputs give the same report.\n", mdText(m.Tool), mdText(m.Version))
	return bw.Flush()
}

func markdownInventory(bw *bufio.Writer, inv *inventory.Inventory) {
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("## Inventory of the export\n\n")
	p("- %s (%s), %s, %s\n", plural(filesRead(inv), "file", "files"), FormatBytes(inv.Bytes), plural(inv.Entities, "entity", "entities"),
		plural(len(inv.Packages), "package", "packages"))
	p("- Ownership: %d custom, %d schema extensions, %d modified built-in, %d built-in (settings, compiled schemas)\n",
		inv.Classes.Custom, inv.Classes.Extension, inv.Classes.BuiltInModified, inv.Classes.BuiltIn)
	p("- Code: %s lines of JavaScript (%s server, %s browser), %s template lines, %s SQL lines\n\n",
		groupThousands(int64(inv.CodeTotal.JS())), groupThousands(int64(inv.CodeTotal.ServerJS)), groupThousands(int64(inv.CodeTotal.BrowserJS)),
		groupThousands(int64(inv.CodeTotal.Template)), groupThousands(int64(inv.CodeTotal.SQL)))

	p("### Packages\n\n")
	if len(inv.Packages) == 0 {
		p("No package export among the inputs.\n\n")
	} else {
		p("| Package | Label | Build | Vendor | Author | Date | Entities | Contents |\n|---|---|---|---|---|---|---:|---|\n")
		for _, pk := range inv.Packages {
			build := pk.BuildVersion
			if pk.BuildNumber != "" {
				build += " (" + pk.BuildNumber + ")"
			}
			if pk.SourceVersion != "" {
				build += " from " + pk.SourceVersion
			}
			var contents []string
			for _, c := range pk.Contents {
				contents = append(contents, fmt.Sprintf("%s %d", mdCode(c.Name), c.Count))
			}
			p("| %s<br>%s | %s | %s | %s | %s | %s | %d | %s |\n", mdCell(mdCode(pk.ID())), mdCell(mdText(pk.File)), mdCell(mdText(pk.Label)),
				mdCell(mdText(build)), mdCell(mdText(pk.Vendor)), mdCell(mdText(pk.Author)), mdCell(mdText(pk.Date)), pk.Entities,
				mdCell(strings.Join(contents, ", ")))
		}
		p("\n")
	}

	if len(inv.Types) > 0 {
		p("### Entities by type\n\n| Entity type | Schema | Total | Custom | Extensions | Modified built-in | Built-in |\n|---|---|---:|---:|---:|---:|---:|\n")
		for _, t := range inv.Types {
			p("| %s | %s | %d | %d | %d | %d | %d |\n", mdCell(mdText(t.Label)), mdCell(mdCode(t.Schema)), t.Total, t.Classes.Custom,
				t.Classes.Extension, t.Classes.BuiltInModified, t.Classes.BuiltIn)
		}
		p("\n### Entities by namespace\n\n| Namespace | Owner | Entities | Types |\n|---|---|---:|---|\n")
		for _, n := range inv.Namespaces {
			name, owner := mdCode(n.Namespace), "project"
			if n.Namespace == "" {
				name, owner = "none (identified by internal name)", ""
			} else if n.Reserved {
				owner = "product (reserved)"
			}
			var types []string
			for _, t := range n.Types {
				types = append(types, fmt.Sprintf("%s %d", mdCode(t.Name), t.Count))
			}
			p("| %s | %s | %d | %s |\n", mdCell(name), owner, n.Total, mdCell(strings.Join(types, ", ")))
		}
		p("\n")
	}

	p("### Schema extensions\n\n")
	if len(inv.Extensions) == 0 {
		p("No schema extension.\n\n")
	} else {
		p("| Extended schema | Owner | Extensions | Extension schemas |\n|---|---|---:|---|\n")
		for _, g := range inv.ExtensionGroups() {
			owner := "project"
			if g.ExtendsBuiltIn {
				owner = "product (built-in)"
			}
			s := someOf(g.Schemas, 12)
			var names []string
			for _, n := range s.Shown {
				names = append(names, mdCode(n))
			}
			list := strings.Join(names, ", ")
			if s.More > 0 {
				list += fmt.Sprintf(" and %d more", s.More)
			}
			p("| %s | %s | %d | %s |\n", mdCell(mdCode(g.Extends)), owner, len(g.Schemas), mdCell(list))
		}
		p("\n")
	}

	p("### Activities by type\n\n")
	if len(inv.Activities) == 0 {
		p("No workflow, web application or report activities.\n\n")
	}
	for _, g := range inv.Activities {
		p("%s, %s:\n\n| Activity type | Activities | Used by |\n|---|---:|---:|\n",
			plural(g.Containers, g.Kind, g.Kind+"s"), plural(g.Activities, "activity", "activities"))
		for _, t := range g.Types {
			p("| %s | %d | %s |\n", mdCell(mdCode(t.Type)), t.Count, plural(t.Containers, g.Kind, g.Kind+"s"))
		}
		p("\n")
	}

	p("### Code by place\n\n")
	if len(inv.Code) == 0 {
		p("No code.\n\n")
		return
	}
	p("JavaScript lines are lines holding code (comments and blank lines left out); template and SQL lines are non-blank lines.\n\n")
	p("| Place | Entities | Code blocks | Server JS | Browser JS | Template | SQL |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range append(inv.Code, inv.CodeTotal) {
		place := mdText(c.Place)
		if c.Schema != "" {
			place += " " + mdCode(c.Schema)
		} else {
			place = "**" + place + "**"
		}
		p("| %s | %d | %d | %d | %d | %d | %d |\n", mdCell(place), c.Entities, c.Blocks, c.ServerJS, c.BrowserJS, c.Template, c.SQL)
	}
	p("\n")
}

func classText(c inventory.Class) string {
	if c == "" {
		return ""
	}
	return c.Label()
}

func countsText(c Counts) string {
	var parts []string
	if c.Error > 0 {
		parts = append(parts, plural(c.Error, "error", "errors"))
	}
	if c.Warning > 0 {
		parts = append(parts, plural(c.Warning, "warning", "warnings"))
	}
	if c.Info > 0 {
		parts = append(parts, plural(c.Info, "info", "info"))
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// mdEscaper neutralises what GitHub Markdown would read as markup in
// running text: emphasis, code, links and images, raw HTML, tables,
// headings and strike-through. Angle brackets and ampersands become
// entities, so that no export text can open an HTML element.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`, "~", `\~`, "|", `\|`,
	"!", `\!`, "<", "&lt;", ">", "&gt;", "&", "&amp;",
	"\r\n", " ", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ",
)

// mdText escapes export text for a Markdown paragraph or table cell.
func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCode writes s as a code span, with a fence longer than any run of
// backticks inside, so that no content can close it.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdCell makes a rendered fragment safe inside a table cell. GitHub splits
// cells on pipes, code spans included, and removes one backslash before
// each pipe before reading the cell, so every pipe gets one more.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// mdSpans renders documentation text whose backticks mark code.
func mdSpans(s string) string {
	var b strings.Builder
	for _, sp := range codeSpans(s) {
		if sp.Code {
			b.WriteString(mdCode(sp.Text))
		} else {
			b.WriteString(mdText(sp.Text))
		}
	}
	return b.String()
}

// mdURL keeps a link target inside <...>: no angle brackets, no spaces.
func mdURL(u string) string {
	return strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "", "\r", "").Replace(u)
}

// mdAnchor is the anchor GitHub gives a heading: lower case, punctuation
// removed, spaces to dashes.
func mdAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ' || r == '-':
			b.WriteRune('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
