package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// SARIF 2.1.0, written by hand with encoding/json as staticcheck and
// golangci-lint do: full control over what GitHub code scanning reads, no
// dependency, and byte-stable output for golden tests. The fields follow
// GitHub's documented subset: rules with help text and Markdown, tags and
// security-severity; results with ruleIndex, relative URIs under the
// SRCROOT base id, 1-based regions, partialFingerprints, logical
// locations, and suppressions rather than silently dropped results.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifBaseID  = "SRCROOT"
	toolInfoURI  = "https://github.com/acc-audit/acc-audit"
	fingerprintK = "accAudit/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            *jsonArray                       `json:"results"` // of sarifResult
	ColumnKind         string                           `json:"columnKind"`
	Properties         map[string]int                   `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string            `json:"name"`
	Version        string            `json:"version,omitempty"`
	InformationURI string            `json:"informationUri"`
	Rules          []sarifRule       `json:"rules"`
	Notifications  []sarifDescriptor `json:"notifications"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifMultiText `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision,omitempty"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

type sarifDescriptor struct {
	ID               string    `json:"id"`
	ShortDescription sarifText `json:"shortDescription"`
}

type sarifDescriptorRef struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string             `json:"level"`
	Message    sarifText          `json:"message"`
	Locations  []sarifLocation    `json:"locations,omitempty"`
	Descriptor sarifDescriptorRef `json:"descriptor"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifRelated     `json:"relatedLocations,omitempty"`
	Fixes               []sarifFix         `json:"fixes,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

type sarifFix struct {
	Description     sarifText           `json:"description"`
	ArtifactChanges []sarifArtifactEdit `json:"artifactChanges"`
}

type sarifArtifactEdit struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

type sarifRelated struct {
	ID               int            `json:"id"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation"`
	Message          sarifText      `json:"message"`
}

type sarifResultProps struct {
	Excerpt string   `json:"excerpt,omitempty"`
	Compat  []string `json:"compat,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Status        string         `json:"status"`
	Justification string         `json:"justification,omitempty"`
	Location      *sarifLocation `json:"location,omitempty"`
}

// Tool notification descriptors, in driver.notifications order.
var sarifNotifications = []sarifDescriptor{
	{ID: "input-error", ShortDescription: sarifText{"An input could not be read or parsed; its findings are missing."}},
	{ID: "input-warning", ShortDescription: sarifText{"An input was read with a workaround (such as a fallback encoding)."}},
	{ID: "findings-omitted", ShortDescription: sarifText{"Findings were left out of the report by --max-findings."}},
	{ID: "input-not-read", ShortDescription: sarifText{"A file holds no Campaign export or code and was not audited."}},
}

func sarifLevel(s audit.Severity) string {
	switch s {
	case audit.SeverityError:
		return "error"
	case audit.SeverityWarning:
		return "warning"
	}
	return "note"
}

// securitySeverity maps severities onto GitHub's scale: high, medium, low.
func securitySeverity(s audit.Severity) string {
	switch s {
	case audit.SeverityError:
		return "8.0"
	case audit.SeverityWarning:
		return "5.5"
	}
	return "2.0"
}

// SARIF writes the result as a SARIF 2.1.0 log with one run.
func SARIF(w io.Writer, res *driver.Result, opt Options) error {
	rules, idx, _ := ruleIndex(res, opt)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: opt.ToolName, Version: opt.ToolVersion, InformationURI: toolInfoURI,
			Rules: make([]sarifRule, 0, len(rules)), Notifications: sarifNotifications,
		}},
		ColumnKind: "unicodeCodePoints",
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "acc-audit"
	}
	for _, r := range rules {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
	}
	base := opt.BaseDir
	if base == "" {
		base, _ = filepath.Abs(".")
	}
	run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
		sarifBaseID: {URI: "file://" + uriEscape(strings.TrimSuffix(filepath.ToSlash(base), "/")+"/", false)},
	}

	// Fingerprints are unique within a scan (audit.assignFingerprints).
	inBaseline := map[string]bool{}
	for f := range opt.Baselined.All() {
		inBaseline[f.Fingerprint] = true
	}
	// The results are written one at a time (encodeJSON), in the order of
	// the three sorted lists merged.
	n := res.Findings.Len() + res.Suppressed.Len() + opt.Baselined.Len()
	run.Results = newJSONArray(n, func(yield func(any) bool) {
		for f := range audit.MergeFindings(res.Findings, res.Suppressed, opt.Baselined) {
			var r any
			if len(f.Related) > longRelated {
				// Its related locations are written one at a time.
				r = longSarifResult{f: f, r: sarifResultOf(f, idx, inBaseline, opt, false), opt: opt}
			} else {
				r = sarifResultOf(f, idx, inBaseline, opt, true)
			}
			if !yield(r) {
				return
			}
		}
	})

	inv := sarifInvocation{ExecutionSuccessful: !res.HasErrors()}
	for _, p := range res.Problems {
		n := sarifNotification{Level: "error", Message: sarifText{p.Message}, Descriptor: sarifDescriptorRef{ID: "input-error", Index: 0}}
		if p.Severity != audit.SeverityError {
			n.Level, n.Descriptor = "warning", sarifDescriptorRef{ID: "input-warning", Index: 1}
		}
		if p.File != "" {
			n.Locations = []sarifLocation{sarifFileLocation(p.File, p.Line, p.Col, opt)}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	for _, nr := range res.NotRead {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:      "note",
			Message:    sarifText{"not read: " + nr.Reason},
			Locations:  []sarifLocation{sarifFileLocation(nr.File, 0, 0, opt)},
			Descriptor: sarifDescriptorRef{ID: "input-not-read", Index: 3},
		})
	}
	if res.Omitted > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:      "note",
			Message:    sarifText{fmt.Sprintf("%s not reported (--max-findings %d); the exit code still counts them", plural(res.Omitted, "finding was", "findings were"), res.Findings.Len())},
			Descriptor: sarifDescriptorRef{ID: "findings-omitted", Index: 2},
		})
	}
	run.Invocations = []sarifInvocation{inv}
	props := map[string]int{}
	for k, v := range map[string]int{"suppressed": res.Suppressed.Len(), "baselined": res.Baselined, "baselineFixed": res.BaselineFixed, "omitted": res.Omitted} {
		if v > 0 {
			props[k] = v
		}
	}
	if len(props) > 0 {
		run.Properties = props
	}

	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}, run.Results)
}

// sarifResultOf is the SARIF result of a finding, with its related
// locations or without them.
func sarifResultOf(f *audit.Finding, idx map[string]int, inBaseline map[string]bool, opt Options, related bool) sarifResult {
	r := sarifResult{
		RuleID: f.RuleID, RuleIndex: idx[f.RuleID], Level: sarifLevel(f.Severity),
		Message:             sarifText{f.Message},
		Locations:           []sarifLocation{sarifLocationOf(*f, opt)},
		PartialFingerprints: map[string]string{fingerprintK: f.Fingerprint},
	}
	if related {
		for i := range f.Related {
			r.RelatedLocations = append(r.RelatedLocations, sarifRelatedOf(f, i, opt))
		}
	}
	if fx := f.Fix; fx != nil {
		desc := fx.Description
		if !fx.Safe {
			desc += " (suggestion: review before applying)"
		}
		ch := sarifArtifactEdit{ArtifactLocation: sarifArtifact(f.File, opt)}
		for _, e := range fx.Edits {
			ch.Replacements = append(ch.Replacements, sarifReplacement{
				DeletedRegion:   sarifRegion{StartLine: e.Line, StartColumn: max(e.Col, 1), EndLine: e.EndLine, EndColumn: max(e.EndCol, 1)},
				InsertedContent: sarifText{e.Text},
			})
		}
		r.Fixes = []sarifFix{{Description: sarifText{desc}, ArtifactChanges: []sarifArtifactEdit{ch}}}
	}
	if f.Excerpt != "" || len(f.Compat) > 0 {
		r.Properties = &sarifResultProps{Excerpt: f.Excerpt, Compat: f.Compat}
	}
	for _, s := range f.Suppressions {
		ss := sarifSuppression{Kind: s.Kind, Status: "accepted", Justification: s.Justification}
		if file, line, ok := splitLocation(s.Location); ok {
			loc := sarifFileLocation(file, line, 0, opt)
			ss.Location = &loc
		}
		r.Suppressions = append(r.Suppressions, ss)
	}
	switch {
	case inBaseline[f.Fingerprint]:
		// A baselined finding is known and accepted: code scanning shows
		// it as dismissed rather than losing it.
		r.BaselineState = "unchanged"
		ss := sarifSuppression{Kind: audit.SuppressExternal, Status: "accepted", Justification: "recorded in the baseline " + opt.Baseline}
		if opt.Baseline == "" {
			ss.Justification = "recorded in the baseline"
		}
		r.Suppressions = append(r.Suppressions, ss)
	case opt.Baseline != "" && !f.Suppressed():
		r.BaselineState = "new"
	}
	return r
}

// sarifRelatedOf is the SARIF related location of f.Related[i].
func sarifRelatedOf(f *audit.Finding, i int, opt Options) sarifRelated {
	rel := &f.Related[i]
	ph := &sarifPhysical{ArtifactLocation: sarifArtifact(f.File, opt),
		Region: &sarifRegion{StartLine: rel.Line, StartColumn: max(rel.Col, 1), EndLine: rel.EndLine, EndColumn: max(rel.EndCol, 1)}}
	return sarifRelated{ID: i + 1, PhysicalLocation: ph, Message: sarifText{rel.Message}}
}

// longSarifResult is the result of a finding with more than longRelated
// related places, r without them.
type longSarifResult struct {
	f   *audit.Finding
	r   sarifResult
	opt Options
}

func (l longSarifResult) split(token string) (any, any, int, func(int) any) {
	marker := sarifRelated{Message: sarifText{token}}
	shell := l.r
	shell.RelatedLocations = []sarifRelated{marker}
	return shell, marker, len(l.f.Related), func(j int) any { return sarifRelatedOf(l.f, j, l.opt) }
}

func sarifRuleOf(r *audit.Rule) sarifRule {
	sr := sarifRule{
		ID: r.ID, Name: r.Name,
		ShortDescription:     sarifText{r.Title},
		FullDescription:      sarifText{firstNonEmpty(r.Doc.Rationale, r.Title)},
		Help:                 sarifMultiText{Text: helpText(r), Markdown: helpMarkdown(r)},
		HelpURI:              r.Doc.URL,
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties:           sarifRuleProps{Tags: []string{"migration"}, Precision: string(r.Precision)},
	}
	if r.Category != "" {
		sr.Properties.Tags = append(sr.Properties.Tags, r.Category)
	}
	if isSecurity(r) {
		sr.Properties.Tags = append(sr.Properties.Tags, "security")
		sr.Properties.SecuritySeverity = securitySeverity(r.Severity)
	}
	return sr
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// helpText is the rule's documentation as plain text.
func helpText(r *audit.Rule) string {
	var b strings.Builder
	b.WriteString(r.Title)
	if r.Doc.Rationale != "" {
		fmt.Fprintf(&b, "\n\nWhy: %s", strings.TrimSpace(r.Doc.Rationale))
	}
	if r.Doc.Remediation != "" {
		fmt.Fprintf(&b, "\n\nFix: %s", strings.TrimSpace(r.Doc.Remediation))
	}
	if r.Doc.Bad != "" {
		fmt.Fprintf(&b, "\n\nBad:\n%s", strings.TrimSpace(r.Doc.Bad))
	}
	if r.Doc.Good != "" {
		fmt.Fprintf(&b, "\n\nGood:\n%s", strings.TrimSpace(r.Doc.Good))
	}
	if r.Doc.URL != "" {
		fmt.Fprintf(&b, "\n\nDocumentation: %s", r.Doc.URL)
	}
	return b.String()
}

// helpMarkdown is the rule's documentation as GitHub renders it in an
// alert.
func helpMarkdown(r *audit.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (`%s`, %s)", r.Title, r.ID, r.Severity)
	if r.Doc.Rationale != "" {
		fmt.Fprintf(&b, "\n\n%s", strings.TrimSpace(r.Doc.Rationale))
	}
	if r.Doc.Remediation != "" {
		fmt.Fprintf(&b, "\n\n**Remediation.** %s", strings.TrimSpace(r.Doc.Remediation))
	}
	for _, ex := range []struct{ title, body string }{{"Bad", r.Doc.Bad}, {"Good", r.Doc.Good}} {
		if strings.TrimSpace(ex.body) == "" {
			continue
		}
		lang := "xml"
		if !strings.HasPrefix(strings.TrimSpace(ex.body), "<") {
			lang = "yaml"
		}
		fmt.Fprintf(&b, "\n\n**%s**\n\n```%s\n%s\n```", ex.title, lang, strings.TrimSpace(ex.body))
	}
	if r.Doc.URL != "" {
		fmt.Fprintf(&b, "\n\n[Documentation](%s)", r.Doc.URL)
	}
	return b.String()
}

// sarifArtifact is the artifact location of an input.
func sarifArtifact(name string, opt Options) sarifArtifactLocation {
	p, abs := displayPath(name, opt)
	if abs {
		return sarifArtifactLocation{URI: "file://" + uriEscape(p, false)}
	}
	if strings.HasPrefix(p, "<") {
		return sarifArtifactLocation{URI: uriEscape(p, true)}
	}
	return sarifArtifactLocation{URI: uriEscape(p, true), URIBaseID: sarifBaseID}
}

func sarifFileLocation(file string, line, col int, opt Options) sarifLocation {
	ph := &sarifPhysical{ArtifactLocation: sarifArtifact(file, opt)}
	if line > 0 {
		ph.Region = &sarifRegion{StartLine: line, StartColumn: max(col, 1)}
	}
	return sarifLocation{PhysicalLocation: ph}
}

func sarifLocationOf(f audit.Finding, opt Options) sarifLocation {
	loc := sarifFileLocation(f.File, f.Line, f.Col, opt)
	if rg := loc.PhysicalLocation.Region; rg != nil && f.EndLine >= f.Line {
		rg.EndLine = f.EndLine
		rg.EndColumn = max(f.EndCol, 1)
		if rg.EndLine == rg.StartLine && rg.EndColumn < rg.StartColumn {
			rg.EndColumn = rg.StartColumn
		}
	}
	if f.Entity != "" {
		name := f.EntityKey
		if name == "" {
			name = f.EntitySchema
		}
		loc.LogicalLocations = []sarifLogical{{Name: name, FullyQualifiedName: f.Entity, Kind: "resource"}}
		if f.Place != "" {
			last := f.Place[strings.LastIndexByte(f.Place, '/')+1:]
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogical{Name: last, FullyQualifiedName: f.Entity + "/" + f.Place, Kind: "element"})
		}
	}
	return loc
}

// splitLocation reads a "file:line" suppression location.
func splitLocation(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return "", 0, false
	}
	return s[:i], n, true
}
