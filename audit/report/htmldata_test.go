package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

// islandFinding is one finding of the data island, decoded as the
// report's script decodes it.
type islandFinding struct {
	Severity, Change                  string
	Line, Col                         int
	Message, Place, Compat, Excerpt   string
	Entity, Anchor, Label, File, Rule string
}

// dataIsland returns the raw content of the report's data island and its
// findings.
func dataIsland(t *testing.T, out string) (raw string, findings []islandFinding) {
	t.Helper()
	const open = `<script type="application/json" id="report-data">`
	i := strings.Index(out, open)
	if i < 0 {
		t.Fatal("no data island in the report")
	}
	j := strings.Index(out[i:], "</script>")
	raw = out[i+len(open) : i+j]
	var d struct {
		Strings []string
		Rules   [][]any
		Areas   [][][]any
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("the data island is not JSON: %v", err)
	}
	num := func(v any) int {
		n, _ := v.(json.Number).Int64()
		return int(n)
	}
	sevs, changes := []string{"error", "warning", "info"}, []string{"", "new", "remaining"}
	for _, area := range d.Areas {
		for _, e := range area {
			for _, g := range e[8].([]any) {
				g := g.([]any)
				rule := d.Rules[num(g[0])][0].(string)
				for _, f := range g[1].([]any) {
					f := f.([]any)
					findings = append(findings, islandFinding{
						Severity: sevs[num(f[0])], Line: num(f[1]), Col: num(f[2]), Message: f[3].(string),
						Place: d.Strings[num(f[4])], Compat: d.Strings[num(f[5])], Excerpt: d.Strings[num(f[6])],
						Change: changes[num(f[7])], Entity: e[0].(string), Anchor: e[1].(string), Label: e[2].(string),
						File: d.Strings[num(e[5])], Rule: rule,
					})
				}
			}
		}
	}
	return raw, findings
}

// The data island holds every finding once, and nothing in it can end the
// script element, open a comment or reach the page as markup.
func TestHTMLDataIslandIsInert(t *testing.T) {
	m := hostileMigration(t)
	var b bytes.Buffer
	if err := HTML(&b, m); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	raw, findings := dataIsland(t, out)
	if len(findings) != m.Result.Findings.Len() {
		t.Errorf("%d findings in the data island, want %d", len(findings), m.Result.Findings.Len())
	}
	for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029", "\u202e"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the data island holds a raw %q", bad)
		}
	}
	// The hostile finding comes back whole, as text.
	found := false
	for _, f := range findings {
		if f.Message == visibleText(hostilePayload) {
			found = found || f.Excerpt == f.Message && f.Place == f.Message && f.Compat == f.Message && f.Entity == f.Message && f.File == f.Message
		}
	}
	if !found {
		t.Error("the hostile finding does not come back whole from the data island")
	}
}

// A bidirectional override in a finding reaches the script as the visible
// escape, not as a JSON escape that would decode to the character.
func TestHTMLDataIslandShowsHiddenCharacters(t *testing.T) {
	m := scanTestdata(t, 2, "export.xml")
	fs := m.Result.Findings.Slice()
	fs[0].Message = "rlo\u202Egnp.xml"
	m.Result.Findings = audit.SortedFindingList(fs)
	m = NewMigration(m.Result, m.Inv, MigrationOptions{ToolName: "acc-audit"})
	var b bytes.Buffer
	if err := HTML(&b, m); err != nil {
		t.Fatal(err)
	}
	_, findings := dataIsland(t, b.String())
	for _, f := range findings {
		if strings.HasPrefix(f.Message, "rlo") && f.Message != `rlo\u202egnp.xml` {
			t.Errorf("message %q, want the override shown as \\u202e", f.Message)
		}
		if strings.ContainsRune(f.Message, '\u202e') {
			t.Error("a raw override reached the data")
		}
	}
}
