package report

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// The findings of the HTML report travel once, as a JSON data island
// (<script type="application/json">) that the report's script renders on
// demand: a row per finding in the markup made a 10,000-finding export an
// 18 MB page that took seconds to load and to filter, because every
// filter walked every row. The island is data, never run: browsers do not
// execute a script of that type, so the Content-Security-Policy needs no
// hash for it, and the page's script reads it with JSON.parse and writes
// every value as text.
//
// The layout is positional to keep the page small (a finding is an array,
// not an object repeating its keys), each entity carries its file, label
// and counts once for all its findings, and texts that repeat are written
// once.

// findingSeverities and findingChanges are the codes of the island, in the
// order report.js decodes them.
var (
	findingSeverities = []audit.Severity{audit.SeverityError, audit.SeverityWarning, audit.SeverityInfo}
	findingChanges    = []Change{"", ChangeNew, ChangeRemaining}
)

type islandData struct {
	// Strings holds the texts many findings share (file names, places,
	// excerpts, effort), written once and named by index; 0 is "".
	Strings []string `json:"strings"`
	// Rules: [id, title, precision, fix as [text, isCode]...] by index.
	Rules []any `json:"rules"`
	// Areas follow the order of the area sections of the page; each is a
	// list of entities [id, anchor, label, class, class label, file,
	// [errors, warnings, info], effort, groups], a group being [rule,
	// findings] and a finding [severity, line, column, message, place,
	// compat, excerpt, change]. Class, class label, file, effort, place,
	// compat and excerpt are indexes in Strings; severity and change are
	// codes.
	Areas [][]any `json:"areas"`

	index map[string]int
}

// str interns s in the string table.
func (d *islandData) str(s string) int {
	i, ok := d.index[s]
	if !ok {
		i = len(d.Strings)
		d.index[s] = i
		d.Strings = append(d.Strings, s)
	}
	return i
}

// findingsData encodes the findings of m for the data island. Every string
// is made visible (controls and bidirectional marks as escapes) before
// encoding, as the rest of the page is: the escapes must be text in the
// decoded value, not JSON escapes that decode back to the characters.
// encoding/json writes <, > and & as \u escapes, and U+2028 and U+2029
// too, so no value can close the script element or start a comment.
func findingsData(m *Migration) (template.JS, error) {
	ruleIndex := map[*audit.Rule]int{}
	d := islandData{Strings: []string{""}, Rules: []any{}, Areas: [][]any{}, index: map[string]int{"": 0}}
	v := visibleText
	for _, a := range m.Areas {
		ia := []any{}
		for _, g := range a.Entities {
			var groups []any
			for _, er := range g.Rules {
				ri, ok := ruleIndex[er.Rule]
				if !ok {
					ri = len(d.Rules)
					ruleIndex[er.Rule] = ri
					fix := [][2]any{}
					for _, s := range codeSpans(er.Rule.Doc.Remediation) {
						code := 0
						if s.Code {
							code = 1
						}
						fix = append(fix, [2]any{v(s.Text), code})
					}
					d.Rules = append(d.Rules, []any{v(er.Rule.ID), v(er.Rule.Title), string(er.Rule.Precision), fix})
				}
				fs := make([][]any, 0, len(er.Findings))
				for _, f := range er.Findings {
					fs = append(fs, []any{codeOf(findingSeverities, f.Severity), f.Line, f.Col, v(f.Message),
						d.str(v(f.Place)), d.str(v(strings.Join(f.Compat, ", "))), d.str(v(f.Excerpt)),
						codeOf(findingChanges, m.ChangeOf(f))})
				}
				groups = append(groups, []any{ri, fs})
			}
			label := ""
			if g.Class != "" {
				label = g.Class.Label()
			}
			ia = append(ia, []any{v(g.ID), g.Anchor, v(g.Label), d.str(string(g.Class)), d.str(label), d.str(v(g.File)),
				[3]int{g.Counts.Error, g.Counts.Warning, g.Counts.Info}, d.str(FormatHours(g.Hours)), groups})
		}
		d.Areas = append(d.Areas, ia)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(d); err != nil {
		return "", err
	}
	return template.JS(bytes.TrimSpace(b.Bytes())), nil
}

func codeOf[T comparable](codes []T, x T) int {
	for i, c := range codes {
		if c == x {
			return i
		}
	}
	return 0
}
