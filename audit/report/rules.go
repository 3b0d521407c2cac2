package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/acc-audit/acc-audit/audit"
)

// versions renders the source versions a rule applies to.
func versions(r *audit.Rule) string {
	if len(r.From) == 0 {
		return "all"
	}
	return strings.Join(r.From, ", ")
}

// RulesHeadline counts rules, families (id prefixes) and risk areas
// (categories): `acc-audit rules`, docs/rules.md and the README all print
// this line, so that they cannot disagree.
func RulesHeadline(rules []*audit.Rule) string {
	fams, cats := map[string]bool{}, map[string]bool{}
	for _, r := range rules {
		family, _, _ := strings.Cut(r.ID, "-")
		fams[family] = true
		cats[r.Category] = true
	}
	return fmt.Sprintf("%s in %s and %s.", plural(len(rules), "rule", "rules"),
		plural(len(fams), "family", "families"), plural(len(cats), "risk area", "risk areas"))
}

// RulesText lists rules as an aligned table, with control characters of
// custom rules escaped.
func RulesText(w io.Writer, rules []*audit.Rule) error {
	return renderVisible(w, false, func(w io.Writer) error { return rulesText(w, rules) })
}

func rulesText(w io.Writer, rules []*audit.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tPRECISION\tFROM\tCATEGORY\tTITLE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Precision, versions(r), r.Category, r.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s\n", RulesHeadline(rules))
	return err
}

type ruleJSON struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Title       string          `json:"title"`
	Severity    audit.Severity  `json:"severity"`
	Precision   audit.Precision `json:"precision"`
	Category    string          `json:"category"`
	From        []string        `json:"from"`
	Compat      []string        `json:"compat,omitempty"`
	Targets     []string        `json:"targets,omitempty"`
	Rationale   string          `json:"rationale"`
	Remediation string          `json:"remediation"`
	Bad         string          `json:"bad"`
	Good        string          `json:"good"`
	URL         string          `json:"url"`
}

// RulesJSON lists rules with their documentation as JSON.
func RulesJSON(w io.Writer, rules []*audit.Rule) error {
	out := make([]ruleJSON, 0, len(rules))
	for _, r := range rules {
		from := r.From
		if from == nil {
			from = []string{}
		}
		out = append(out, ruleJSON{ID: r.ID, Name: r.Name, Title: r.Title, Severity: r.Severity, Precision: r.Precision, Category: r.Category,
			From: from, Compat: r.Compat, Targets: r.Targets, Rationale: r.Doc.Rationale, Remediation: r.Doc.Remediation,
			Bad: r.Doc.Bad, Good: r.Doc.Good, URL: r.Doc.URL})
	}
	return encodeJSON(w, out)
}

// Explain writes the full documentation of a rule for a terminal. Custom
// rules come from YAML files: their text is shown with control characters
// escaped, but for colour sequences when colour is on.
func Explain(w io.Writer, r *audit.Rule, color bool) error {
	return renderVisible(w, color, func(w io.Writer) error { return explain(w, r, color) })
}

func explain(w io.Writer, r *audit.Rule, color bool) error {
	pal := newPalette(color)
	fmt.Fprintf(w, "%s  %s\n", pal.entity.Sprint(r.ID), pal.entity.Sprint(r.Title))
	fmt.Fprintf(w, "name: %s   severity: %s   precision: %s   from: %s   category: %s\n", r.Name, pal.severity(r.Severity), r.Precision, versions(r), r.Category)
	if len(r.Compat) > 0 {
		fmt.Fprintf(w, "post-upgrade check: %s\n", strings.Join(r.Compat, ", "))
	}
	if len(r.Targets) > 0 {
		fmt.Fprintf(w, "runs only with --target %s\n", strings.Join(r.Targets, " or "))
	}
	section := func(title, body string) {
		fmt.Fprintf(w, "\n%s\n%s\n", pal.file.Sprint(title), indent(strings.TrimSpace(body), "  "))
	}
	section("Why", r.Doc.Rationale)
	section("Fix", r.Doc.Remediation)
	section("Bad", r.Doc.Bad)
	section("Good", r.Doc.Good)
	if r.Doc.Rewrite != "" {
		section("Automatic fix", r.Doc.Rewrite)
	}
	section("Documentation", r.Doc.URL)
	return nil
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// RulesMarkdown renders the rule reference (docs/rules.md): a table of
// contents by risk area, then every rule with its documentation.
func RulesMarkdown(w io.Writer, rules []*audit.Rule) error {
	var b strings.Builder
	b.WriteString("# acc-audit rules\n\n")
	b.WriteString("Generated from the rule metadata by `make docs` (`acc-audit rules --format markdown`); do not edit by hand.\n\n")
	var cats []string
	byCat := map[string][]*audit.Rule{}
	for _, r := range rules {
		if _, ok := byCat[r.Category]; !ok {
			cats = append(cats, r.Category)
		}
		byCat[r.Category] = append(byCat[r.Category], r)
	}
	fmt.Fprintf(&b, "%s\n\n", RulesHeadline(rules))
	b.WriteString("| ID | Severity | Precision | From | Title |\n|---|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Severity, r.Precision, versions(r), mdEscape(r.Title))
	}
	for _, c := range cats {
		fmt.Fprintf(&b, "\n## %s\n", c)
		for _, r := range byCat[c] {
			fmt.Fprintf(&b, "\n### %s\n\n**%s** (`%s`)\n\n", r.ID, mdEscape(r.Title), r.Name)
			fmt.Fprintf(&b, "- Severity: %s\n- Precision: %s\n- Applies when migrating from: %s\n", r.Severity, r.Precision, versions(r))
			if len(r.Compat) > 0 {
				fmt.Fprintf(&b, "- Post-upgrade check codes: %s\n", strings.Join(r.Compat, ", "))
			}
			if len(r.Targets) > 0 {
				fmt.Fprintf(&b, "- Runs only with `--target %s`\n", strings.Join(r.Targets, "` or `--target "))
			}
			fmt.Fprintf(&b, "- Documentation: <%s>\n\n", r.Doc.URL)
			if r.Doc.Rewrite != "" {
				fmt.Fprintf(&b, "**Automatic fix.** %s\n\n", r.Doc.Rewrite)
			}
			fmt.Fprintf(&b, "%s\n\n**Remediation.** %s\n\n", r.Doc.Rationale, r.Doc.Remediation)
			fmt.Fprintf(&b, "Bad:\n\n```xml\n%s\n```\n\nGood:\n\n```xml\n%s\n```\n", strings.TrimSpace(r.Doc.Bad), strings.TrimSpace(r.Doc.Good))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// RulesSummaryMarkdown writes a table of the rules per family (the id
// prefix) with their counts by severity, for the README.
func RulesSummaryMarkdown(w io.Writer, rules []*audit.Rule) error {
	type fam struct {
		name, area string
		ids        []string
		sev        [4]int
	}
	var order []string
	fams := map[string]*fam{}
	for _, r := range rules {
		prefix, _, _ := strings.Cut(r.ID, "-")
		f := fams[prefix]
		if f == nil {
			f = &fam{name: prefix, area: r.Category}
			fams[prefix] = f
			order = append(order, prefix)
		}
		f.ids = append(f.ids, r.ID)
		f.sev[r.Severity]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", RulesHeadline(rules))
	b.WriteString("| family | risk area | rules | error | warning | info | ids |\n|---|---|---|---|---|---|---|\n")
	for _, name := range order {
		f := fams[name]
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %s |\n", f.name, mdEscape(f.area), len(f.ids),
			f.sev[audit.SeverityError], f.sev[audit.SeverityWarning], f.sev[audit.SeverityInfo], strings.Join(f.ids, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
