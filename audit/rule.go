// Package audit is the API of a rule: a Rule and its documentation, the
// Pass it runs with on one entity (the Unit, its code and scripts), the
// Findings it reports, their fixes, and the facts rules share across
// entities (Collector, Fact, Index), judged in deferred decisions.
//
// Running rules over inputs is the driver's job (audit/driver): reading
// files, workers, deciding deferred findings, merging root causes. The few
// functions the driver needs beyond this API take a key of
// audit/internal/hook, which rules cannot make.
package audit

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// SchemaPackage is the pseudo-schema of a package export's header (the
// <package> element itself), for rules about the package as a whole.
const SchemaPackage = "package"

// Severity is the importance of a finding.
type Severity int

// Severities, from least to most important.
const (
	SeverityInfo Severity = iota + 1
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return SeverityError, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "info", "note":
		return SeverityInfo, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Source versions a migration to v7 can start from.
const (
	V511 = "v5.11"
	V602 = "v6.02"
	V61  = "v6.1"
)

// SourceVersions lists the accepted --from values.
var SourceVersions = []string{V511, V602, V61}

// A Rule is one check: its identity, its documentation and its logic.
// Rules are plain values listed explicitly in rules.All and checked by
// Validate; nothing registers itself.
type Rule struct {
	ID       string   // stable public id, e.g. "SQL-001": used in config, suppressions, SARIF
	Name     string   // short kebab-case alias, e.g. "sqldata-in-expression"
	Title    string   // one line, sentence case, no trailing period
	Severity Severity // default severity of the findings
	Category string   // risk area, e.g. "SQLData and raw SQL"
	From     []string // source versions the rule applies to; empty means all
	Compat   []string // vendor post-upgrade check codes covered (PU-0005, ...)
	Doc      Doc
	// Effort is the estimated hours a developer needs to fix one finding,
	// including retest; migration reports roll it up. 0 means the default
	// of the severity (see DefaultEffort).
	Effort float64
	// Schemas restricts the entities the rule sees, by entity schema
	// ("xtk:workflow", "serverConf", "package"); empty means every entity.
	Schemas []string
	// Keywords, when set, are lower-case ASCII words of which an entity's
	// source must hold one (Unit.Mentions) for the rule to run on it: the
	// engine skips the other entities without calling Run, with the pass
	// over the source that every rule's words share.
	Keywords []string
	// Targets are the migration targets the rule belongs to (TargetV8,
	// TargetV8Enterprise); empty means a v7 rule, which runs for every
	// target.
	Targets []string
	// Precision is how often a finding of the rule is a place a migration
	// expert would mark, as its fixtures and real exports show
	// (PrecisionVeryHigh ... PrecisionLow); --min-precision filters on it.
	Precision Precision
	// RootCauses name the rules whose findings are the root cause of this
	// rule's, which reports a container (a schema extension, an activity, a
	// web application) holding them. A finding of this rule whose container
	// holds findings of a root-cause rule is not reported on its own: each
	// of those findings gets Consequence added to its message and the
	// container's place as a related location, so that one root cause is
	// one finding. A container on a statement rather than an element (a v8
	// rule restating a v7 rule's finding on the same call) is emitted with
	// Pass.EmitContainer. A root cause may be deferred (Pass.Defer): the
	// merge then waits for its decision, and the container is reported
	// alone only if no root cause it holds is kept. The container itself
	// is reported directly, never deferred.
	RootCauses  []string
	Consequence string
	// Scope makes the rule an advisory reported once per export
	// (ScopeExport) or once per file (ScopeFile), at its first place, with
	// the count and every other place as related locations.
	Scope Scope
	// Requires are the collectors whose facts the rule's deferred
	// decisions read. The engine runs the union of the collectors of the
	// enabled rules, and a decision reading a fact of a collector its rule
	// does not require panics: a rule's result never depends on which
	// other rules are enabled.
	Requires []*Collector
	// Run reports findings on one entity through the Pass. It must not keep
	// references to the entity after returning, except through Pass.Defer.
	Run func(*Pass)
}

// Precision grades how often a rule's findings are real problems, as
// CodeQL's precision property does.
type Precision string

// Precision levels, best first.
const (
	PrecisionVeryHigh Precision = "very-high"
	PrecisionHigh     Precision = "high"
	PrecisionMedium   Precision = "medium"
	PrecisionLow      Precision = "low"
)

// Precisions lists the levels, best first.
var Precisions = []Precision{PrecisionVeryHigh, PrecisionHigh, PrecisionMedium, PrecisionLow}

// Rank orders precisions: 4 for very-high down to 1 for low, 0 for unset.
func (p Precision) Rank() int {
	switch p {
	case PrecisionVeryHigh:
		return 4
	case PrecisionHigh:
		return 3
	case PrecisionMedium:
		return 2
	case PrecisionLow:
		return 1
	}
	return 0
}

// ParsePrecision reads a --min-precision value.
func ParsePrecision(s string) (Precision, error) {
	p := Precision(strings.ToLower(strings.TrimSpace(s)))
	if p.Rank() == 0 {
		return "", fmt.Errorf("precision must be very-high, high, medium or low, not %q", s)
	}
	return p, nil
}

// A Scope says how often an advisory rule reports.
type Scope uint8

const (
	// ScopeFinding reports every place (the default).
	ScopeFinding Scope = iota
	// ScopeFile reports once per input file, where the fix is per file.
	ScopeFile
	// ScopeExport reports once per scan.
	ScopeExport
)

// Doc is the long-form documentation of a rule, rendered by `explain`, in
// generated docs and in reports.
type Doc struct {
	Rationale   string // why it matters on v7
	Remediation string // what to do instead, with the new syntax; ends with a period
	Bad         string // a minimal export that triggers the rule
	Good        string // the corrected export, which must not trigger it
	URL         string // documentation reference
	// Rewrite says what `acc-audit fix` changes for the rule's findings
	// ("count(*) becomes countall()"), and whether it is safe; empty when
	// the rule has no fix.
	Rewrite string
}

// DefaultEffort is the effort assumed for a finding of a rule that states
// none: hours to fix and retest one occurrence.
func DefaultEffort(s Severity) float64 {
	switch s {
	case SeverityError:
		return 2
	case SeverityWarning:
		return 1
	}
	return 0.25
}

// EffortHours returns the rule's effort per finding.
func (r *Rule) EffortHours() float64 {
	if r.Effort > 0 {
		return r.Effort
	}
	return DefaultEffort(r.Severity)
}

// AppliesTo reports whether the rule applies to entities of schema.
func (r *Rule) AppliesTo(schema string) bool {
	return len(r.Schemas) == 0 || slices.Contains(r.Schemas, schema)
}

// AppliesFrom reports whether the rule applies when migrating from version
// v ("" means unknown, and every rule applies).
func (r *Rule) AppliesFrom(v string) bool {
	return v == "" || len(r.From) == 0 || slices.Contains(r.From, v)
}

var (
	idPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,4}-\d{3}$`)
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// Validate checks a rule set: unique well-formed ids and names, complete
// documentation, a Run function. All problems are returned together.
func Validate(rules []*Rule) error {
	var errs []error
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, r := range rules {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("rule %s: %s", r.ID, fmt.Sprintf(format, args...)))
		}
		if !idPattern.MatchString(r.ID) {
			bad("id must look like ABC-123")
		}
		if ids[r.ID] {
			bad("duplicate id")
		}
		ids[r.ID] = true
		if !namePattern.MatchString(r.Name) {
			bad("name %q must be kebab-case", r.Name)
		}
		if names[r.Name] {
			bad("duplicate name %q", r.Name)
		}
		names[r.Name] = true
		if r.Title == "" || strings.HasSuffix(r.Title, ".") {
			bad("title must be set and not end with a period")
		}
		if r.Severity < SeverityInfo || r.Severity > SeverityError {
			bad("severity not set")
		}
		if r.Category == "" {
			bad("category not set")
		}
		for _, k := range r.Keywords {
			if !mentionsPlain(k) {
				bad("keyword %q must be lower-case ASCII, not empty (Unit.Mentions folds the source's case)", k)
			}
		}
		if r.Precision.Rank() == 0 {
			bad("precision not set (very-high, high, medium or low)")
		}
		if (len(r.RootCauses) > 0) != (r.Consequence != "") {
			bad("RootCauses and Consequence go together")
		}
		for _, t := range r.Targets {
			if !slices.Contains(TargetNames, t) {
				bad("unknown target %q", t)
			}
		}
		for _, v := range r.From {
			if !slices.Contains(SourceVersions, v) {
				bad("unknown source version %q", v)
			}
		}
		if r.Doc.Rationale == "" {
			bad("rationale missing")
		}
		if !strings.HasSuffix(strings.TrimSpace(r.Doc.Remediation), ".") {
			bad("remediation must be a sentence ending with a period")
		}
		if r.Doc.Bad == "" || r.Doc.Good == "" {
			bad("bad and good examples are required")
		}
		if r.Doc.URL == "" {
			bad("documentation link missing")
		}
		if r.Run == nil {
			bad("no Run function")
		}
		for _, c := range r.Requires {
			if c == nil || c.Name == "" || c.Collect == nil || len(c.Facts) == 0 {
				bad("a required collector needs a name, a Collect function and its Facts")
			}
		}
	}
	return errors.Join(errs...)
}
