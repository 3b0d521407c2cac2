package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/inventory"
)

// MigrationOptions configure the migration reports (HTML, Markdown, CSV),
// which a consultant hands to a customer: findings with their fix, an
// effort estimate and an inventory of the export.
type MigrationOptions struct {
	ToolName    string
	ToolVersion string
	// Title heads the report; empty means DefaultTitle.
	Title string
	// Inputs are the paths given on the command line, shown as the scope.
	Inputs []string
	// From is the source version forced on the command line, if any.
	From string
	// Target is the migration target (audit.TargetV7 when empty); it names
	// the default title, the summary and the effort estimate.
	Target string
	// Customer and Author name who the deliverable is for and who
	// prepared it; empty leaves the line out.
	Customer, Author string
	// Date is the analysis date (see AnalysisDate); zero leaves it out.
	Date time.Time
}

// DefaultTitle heads migration reports.
const DefaultTitle = "Campaign Classic v7 migration audit"

// TargetTitle is the default title of a report for a migration target.
func TargetTitle(target string) string {
	if target == "" || target == audit.TargetV7 {
		return DefaultTitle
	}
	return audit.TargetLabel(target) + " readiness audit"
}

// TargetShort names the target in sentences: "v7", "Campaign v8".
func (m *Migration) TargetShort() string {
	if m.Target == "" || m.Target == audit.TargetV7 {
		return "v7"
	}
	return m.TargetName
}

// Hours in a person-day, for effort read by people who plan in days.
const hoursPerDay = 8

// A Migration is the content of a migration report, computed once and
// rendered by every format, so that HTML, Markdown and CSV agree.
type Migration struct {
	Title       string
	Tool        string
	Version     string
	Customer    string
	Author      string
	Date        time.Time
	Inputs      []string
	From        string   // forced source version, or ""
	Target      string   // audit.TargetV7, TargetV8 or TargetV8Enterprise
	TargetName  string   // the target for people: "Campaign v8"
	Versions    []string // source versions read from package headers
	Result      *driver.Result
	Inv         *inventory.Inventory
	Counts      Counts
	Affected    int // entities with at least one finding
	Areas       []*Area
	Types       []TypeRisk
	TopEntities []*EntityGroup
	Effort      Effort
	Complexity  Complexity
	// Checks are the rules that ran, with their findings (zero included),
	// so that the reader knows what was looked for.
	Checks []*RuleUse
	// Comparison is the burn-down against a previous audit (see Compare),
	// nil when the report compares with nothing.
	Comparison *Comparison

	rules map[string]*audit.Rule
}

// An Area is a risk area (Rule.Category) with its findings grouped by
// entity and rule.
type Area struct {
	Name     string
	Anchor   string
	Counts   Counts
	Hours    float64
	Rules    []*RuleUse
	Entities []*EntityGroup
}

// RuleUse is a rule with the findings it produced.
type RuleUse struct {
	Rule   *audit.Rule
	Counts Counts
	Hours  float64
}

// An EntityGroup is one entity of one file with its findings, by rule.
type EntityGroup struct {
	ID     string
	Schema string
	Key    string
	Label  string
	Class  inventory.Class
	File   string
	Anchor string
	Counts Counts
	Hours  float64
	Areas  []string
	Rules  []*EntityRule
}

// EntityRule holds the findings of one rule on one entity.
type EntityRule struct {
	Rule     *audit.Rule
	Findings []audit.Finding
}

// TypeRisk is the exposure of one entity type: how many entities of the
// type the export holds, how many have findings.
type TypeRisk struct {
	Schema   string
	Label    string
	Entities int
	Affected int
	Counts   Counts
	Hours    float64
}

// Effort is the estimate of the fixing work.
type Effort struct {
	Hours  float64
	Days   float64
	ByArea []AreaEffort
	ByRule []*RuleUse
	// Assumption states what the estimate covers, in the report's words.
	Assumption string
}

// AreaEffort is the effort of one risk area.
type AreaEffort struct {
	Area     string
	Anchor   string
	Findings int
	Hours    float64
}

// Complexity is the overall rating of the migration.
type Complexity struct {
	Level      string // low, medium, high, very high
	Base       string // level from the effort alone
	Raised     bool   // raised one level for modified built-ins
	Reason     string
	Thresholds []Threshold
}

// A Threshold is one row of the complexity scale.
type Threshold struct {
	Level  string
	Range  string
	Active bool
}

// Complexity levels, from the least to the most work.
var complexityLevels = []string{"low", "medium", "high", "very high"}

// complexityHours are the lower bounds, in hours, of the levels above low:
// one person-week, one person-month, three person-months. They match how
// migration projects are staffed: a developer alone, a developer for a
// sprint or two, a team.
var complexityHours = []float64{40, 160, 480}

// modifiedBuiltInRaise is the number of modified built-ins from which the
// rating goes up one level: each must be merged by hand with the new
// factory version at the upgrade and at every later build upgrade, work
// that findings alone do not count.
const modifiedBuiltInRaise = 5

// NewMigration computes the report content of a scan. inv may be nil.
func NewMigration(res *driver.Result, inv *inventory.Inventory, opt MigrationOptions) *Migration {
	if inv == nil {
		inv = inventory.New().Inventory(res)
	}
	target := cmp.Or(opt.Target, audit.TargetV7)
	m := &Migration{
		Title: cmp.Or(opt.Title, TargetTitle(target)), Target: target, TargetName: audit.TargetLabel(target), Tool: cmp.Or(opt.ToolName, "acc-audit"), Version: opt.ToolVersion,
		Inputs: opt.Inputs, From: opt.From, Customer: opt.Customer, Author: opt.Author, Date: opt.Date, Versions: inv.Versions, Result: res, Inv: inv,
		Counts: Count(res.Findings), rules: map[string]*audit.Rule{},
	}
	for _, r := range res.Rules {
		m.rules[r.ID] = r
	}
	m.group()
	m.estimate()
	m.rate()
	return m
}

// Rule returns the rule of a finding; a finding of a rule that did not run
// (merged results) gets a stand-in with the default effort.
func (m *Migration) Rule(id string, sev audit.Severity) *audit.Rule {
	if r, ok := m.rules[id]; ok {
		return r
	}
	r := &audit.Rule{ID: id, Title: id, Severity: sev, Category: "Other"}
	m.rules[id] = r
	return r
}

func (c *Counts) add(s audit.Severity) {
	switch s {
	case audit.SeverityError:
		c.Error++
	case audit.SeverityWarning:
		c.Warning++
	default:
		c.Info++
	}
}

// compareCounts orders by errors, then warnings, then info, most first.
func compareCounts(a, b Counts) int {
	return cmp.Or(cmp.Compare(b.Error, a.Error), cmp.Compare(b.Warning, a.Warning), cmp.Compare(b.Info, a.Info))
}

func (m *Migration) group() {
	areas := map[string]*Area{}
	uses := map[string]*RuleUse{}
	type ekey struct{ area, file, entity string }
	groups := map[ekey]*EntityGroup{}
	totals := map[[2]string]*EntityGroup{}
	types := map[string]*TypeRisk{}
	for fp := range m.Result.Findings.All() {
		f := *fp
		r := m.Rule(f.RuleID, f.Severity)
		h := r.EffortHours() + f.ExtraEffort
		a := areas[r.Category]
		if a == nil {
			a = &Area{Name: r.Category}
			areas[r.Category] = a
		}
		a.Counts.add(f.Severity)
		a.Hours += h
		u := uses[r.ID]
		if u == nil {
			u = &RuleUse{Rule: r}
			uses[r.ID] = u
			a.Rules = append(a.Rules, u)
		}
		u.Counts.add(f.Severity)
		u.Hours += h

		k := ekey{r.Category, f.File, f.Entity}
		g := groups[k]
		if g == nil {
			g = m.newGroup(f)
			groups[k] = g
			a.Entities = append(a.Entities, g)
		}
		g.Counts.add(f.Severity)
		g.Hours += h
		i := slices.IndexFunc(g.Rules, func(er *EntityRule) bool { return er.Rule == r })
		if i < 0 {
			g.Rules = append(g.Rules, &EntityRule{Rule: r})
			i = len(g.Rules) - 1
		}
		g.Rules[i].Findings = append(g.Rules[i].Findings, f)

		tk := [2]string{f.File, f.Entity}
		t := totals[tk]
		if t == nil {
			t = m.newGroup(f)
			totals[tk] = t
		}
		t.Counts.add(f.Severity)
		t.Hours += h
		if !slices.Contains(t.Areas, r.Category) {
			t.Areas = append(t.Areas, r.Category)
		}

		tr := types[f.EntitySchema]
		if tr == nil {
			tr = &TypeRisk{Schema: f.EntitySchema, Label: inventory.TypeLabel(f.EntitySchema)}
			types[f.EntitySchema] = tr
		}
		tr.Counts.add(f.Severity)
		tr.Hours += h
	}

	for _, a := range areas {
		m.Areas = append(m.Areas, a)
	}
	slices.SortFunc(m.Areas, func(a, b *Area) int {
		return cmp.Or(compareCounts(a.Counts, b.Counts), strings.Compare(a.Name, b.Name))
	})
	for i, a := range m.Areas {
		a.Anchor = "area-" + strconv.Itoa(i+1) + "-" + slug(a.Name)
		slices.SortFunc(a.Rules, func(x, y *RuleUse) int {
			return cmp.Or(compareCounts(x.Counts, y.Counts), strings.Compare(x.Rule.ID, y.Rule.ID))
		})
		slices.SortFunc(a.Entities, compareGroups)
		for _, g := range a.Entities {
			slices.SortFunc(g.Rules, func(x, y *EntityRule) int {
				return cmp.Or(cmp.Compare(y.Rule.Severity, x.Rule.Severity), strings.Compare(x.Rule.ID, y.Rule.ID))
			})
		}
	}

	var all []*EntityGroup
	for _, t := range totals {
		all = append(all, t)
	}
	slices.SortFunc(all, compareGroups)
	for _, g := range all {
		// A package header is not an entity of the export: counting it
		// would give more affected entities than the export holds.
		if g.Schema != audit.SchemaPackage {
			m.Affected++
		}
	}
	m.TopEntities = all[:min(10, len(all))]
	for _, t := range m.TopEntities {
		slices.SortFunc(t.Areas, func(x, y string) int { return cmp.Compare(m.areaIndex(x), m.areaIndex(y)) })
		t.Anchor = entityAnchor(t.Areas[0], t.File, t.ID)
	}

	for _, t := range all {
		types[t.Schema].Affected++
	}
	for _, tc := range m.Inv.Types {
		if tr := types[tc.Schema]; tr != nil {
			tr.Entities = tc.Total
		}
	}
	if tr := types[audit.SchemaPackage]; tr != nil {
		tr.Label, tr.Entities = "Package headers", len(m.Inv.Packages)
	}
	for _, tr := range types {
		m.Types = append(m.Types, *tr)
	}
	slices.SortFunc(m.Types, func(a, b TypeRisk) int {
		return cmp.Or(compareCounts(a.Counts, b.Counts), strings.Compare(a.Schema, b.Schema))
	})

	for _, r := range m.Result.Rules {
		u := uses[r.ID]
		if u == nil {
			u = &RuleUse{Rule: r}
		}
		m.Checks = append(m.Checks, u)
	}
	for _, u := range uses {
		if !slices.Contains(m.Checks, u) {
			m.Checks = append(m.Checks, u)
		}
	}
	slices.SortFunc(m.Checks, func(a, b *RuleUse) int { return strings.Compare(a.Rule.ID, b.Rule.ID) })
}

func (m *Migration) areaIndex(name string) int {
	return slices.IndexFunc(m.Areas, func(a *Area) bool { return a.Name == name })
}

// compareGroups puts the entities at most risk first: errors, warnings,
// then effort, then name for a stable order.
func compareGroups(a, b *EntityGroup) int {
	return cmp.Or(compareCounts(a.Counts, b.Counts), cmp.Compare(b.Hours, a.Hours),
		strings.Compare(a.ID, b.ID), strings.Compare(a.File, b.File))
}

func (m *Migration) newGroup(f audit.Finding) *EntityGroup {
	g := &EntityGroup{ID: f.Entity, Schema: f.EntitySchema, Key: f.EntityKey, File: f.File, Class: inventory.Custom,
		Anchor: entityAnchor(m.Rule(f.RuleID, f.Severity).Category, f.File, f.Entity)}
	if it := m.Inv.Lookup(f.Entity); it != nil {
		g.Label, g.Class = it.Label, it.Class
	} else if f.EntitySchema == audit.SchemaPackage {
		g.Class = ""
	}
	return g
}

// entityAnchor identifies an entity's findings in one area; an entity with
// findings in two areas appears twice.
func entityAnchor(area, file, entity string) string {
	return "entity-" + shortHash(area+"\x00"+file+"\x00"+entity)
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

// slug keeps letters and digits of s, lower-cased and joined by dashes, for
// anchors that stay readable and safe in any context.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

func (m *Migration) estimate() {
	e := &m.Effort
	for _, a := range m.Areas {
		e.Hours += a.Hours
		e.ByArea = append(e.ByArea, AreaEffort{Area: a.Name, Anchor: a.Anchor, Findings: a.Counts.Total(), Hours: a.Hours})
	}
	slices.SortStableFunc(e.ByArea, func(a, b AreaEffort) int { return cmp.Compare(b.Hours, a.Hours) })
	for _, a := range m.Areas {
		e.ByRule = append(e.ByRule, a.Rules...)
	}
	slices.SortStableFunc(e.ByRule, func(a, b *RuleUse) int {
		return cmp.Or(cmp.Compare(b.Hours, a.Hours), strings.Compare(a.Rule.ID, b.Rule.ID))
	})
	e.Days = e.Hours / hoursPerDay
	e.Assumption = fmt.Sprintf("Each finding is counted at the hours its rule estimates for a developer who knows "+
		"Campaign Classic to fix and retest one occurrence (by default %s per error, %s per warning and %s per "+
		"info). The estimate covers changes to the exported configuration only: not project management, "+
		"the technical upgrade (postupgrade), data migration, environment set-up or end-to-end regression "+
		"testing. A person-day is %d hours.",
		FormatHours(audit.DefaultEffort(audit.SeverityError)), FormatHours(audit.DefaultEffort(audit.SeverityWarning)),
		FormatHours(audit.DefaultEffort(audit.SeverityInfo)), hoursPerDay)
	if m.TargetShort() != "v7" {
		e.Assumption = "The estimate is for the move to " + m.TargetName + ", v7 rules included. " + e.Assumption
	}
}

func (m *Migration) rate() {
	c := &m.Complexity
	level := 0
	for i, h := range complexityHours {
		if m.Effort.Hours >= h {
			level = i + 1
		}
	}
	c.Base = complexityLevels[level]
	c.Reason = fmt.Sprintf("%s of estimated effort", FormatHours(m.Effort.Hours))
	if mod := m.Inv.Classes.BuiltInModified; mod >= modifiedBuiltInRaise && level < len(complexityLevels)-1 {
		level++
		c.Raised = true
		c.Reason += fmt.Sprintf(", raised one level for %d modified built-in objects to merge by hand", mod)
	}
	c.Level = complexityLevels[level]
	for i, l := range complexityLevels {
		t := Threshold{Level: l, Active: i == level}
		switch {
		case i == 0:
			t.Range = fmt.Sprintf("under %s", FormatHours(complexityHours[0]))
		case i == len(complexityLevels)-1:
			t.Range = fmt.Sprintf("%s or more", FormatHours(complexityHours[i-1]))
		default:
			t.Range = fmt.Sprintf("%s to under %s", FormatHours(complexityHours[i-1]), FormatHours(complexityHours[i]))
		}
		c.Thresholds = append(c.Thresholds, t)
	}
}

// ComplexityRule documents how the rating is computed, for the reports.
func ComplexityRule() string {
	return fmt.Sprintf("The rating follows the estimated effort (under %s: low; under %s: medium; under %s: high; "+
		"above: very high) and goes up one level when the export holds %d or more modified built-in objects, "+
		"which must be merged by hand with each new factory version.",
		FormatHours(complexityHours[0]), FormatHours(complexityHours[1]), FormatHours(complexityHours[2]), modifiedBuiltInRaise)
}

// FormatHours writes hours for people: "2 h", "0.25 h", "1,240 h".
func FormatHours(h float64) string {
	h = math.Round(h*100) / 100
	if h == math.Trunc(h) {
		return groupThousands(int64(h)) + " h"
	}
	return strconv.FormatFloat(h, 'f', -1, 64) + " h"
}

// FormatDays writes person-days with one decimal.
func FormatDays(d float64) string {
	d = math.Round(d*10) / 10
	if d == 1 {
		return "1 person-day"
	}
	return strconv.FormatFloat(d, 'f', -1, 64) + " person-days"
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 || n < 0 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// FormatBytes writes a size for people: "3.8 KB", "212 MB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n), -1
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " " + string("KMGT"[i]) + "B"
}

// SourceVersion tells the reader which version the rules assumed.
func (m *Migration) SourceVersion() string {
	switch {
	case m.From != "":
		return m.From + " (set on the command line)"
	case len(m.Versions) > 0:
		return strings.Join(m.Versions, ", ") + " (read from package headers)"
	}
	return "unknown: every rule ran"
}

// codeSpans splits text on backticks: odd parts are code. Documentation
// uses backticks for the new syntax, which reports render as code.
func codeSpans(s string) []span {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		// An unpaired backtick is text, not the start of code.
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	out := make([]span, 0, len(parts))
	for i, p := range parts {
		if p != "" {
			out = append(out, span{Text: p, Code: i%2 == 1})
		}
	}
	return out
}

type span struct {
	Text string
	Code bool
}
