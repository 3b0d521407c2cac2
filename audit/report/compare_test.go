package report

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

func compareMigration() *Migration {
	res := &driver.Result{Findings: audit.NewFindingList([]audit.Finding{
		{RuleID: "R-1", Severity: audit.SeverityError, Entity: "xtk:form cus:a", EntitySchema: "xtk:form", Message: "kept", Fingerprint: "fp-kept"},
		{RuleID: "R-1", Severity: audit.SeverityError, Entity: "xtk:form cus:b", EntitySchema: "xtk:form", Message: "appeared", Fingerprint: "fp-new"},
	})}
	return NewMigration(res, nil, MigrationOptions{})
}

func TestCompare(t *testing.T) {
	prev, err := ParsePrevious("prev.json", []byte(`{"tool": {"name": "acc-audit"}, "findings": [
		{"rule": "R-1", "severity": "error", "entity": "xtk:form cus:a", "message": "kept", "fingerprint": "fp-kept"},
		{"rule": "R-2", "severity": "warning", "entity": "xtk:form cus:c", "message": "gone", "fingerprint": "fp-gone", "file": "old.xml", "line": 7}]}`))
	if err != nil {
		t.Fatal(err)
	}
	m := compareMigration()
	m.Compare("prev.json", prev)
	c := m.Comparison
	if c.New.Total() != 1 || c.Remaining.Total() != 1 || c.Fixed.Total() != 1 || c.Fixed.Warning != 1 {
		t.Fatalf("new %v, remaining %v, fixed %v", c.New, c.Remaining, c.Fixed)
	}
	// Unknown rules count with the default effort of their severity.
	if c.PreviousHours != 2+1 || c.FixedHours != 1 || c.NewHours != 2 || c.RemainingHours != 2 {
		t.Errorf("hours: previous %v, fixed %v, new %v, remaining %v", c.PreviousHours, c.FixedHours, c.NewHours, c.RemainingHours)
	}
	if m.ChangeOf(m.Result.Findings.Slice()[0]) != ChangeRemaining || m.ChangeOf(m.Result.Findings.Slice()[1]) != ChangeNew {
		t.Error("each current finding is new or remaining")
	}

	rows, err := csv.NewReader(strings.NewReader(string(render(t, m, "csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := len(CSVColumns) - 1
	if CSVColumns[last] != "change" || len(rows) != 4 {
		t.Fatalf("want the header, 2 findings and 1 fixed row with a change column, got %d rows", len(rows))
	}
	if rows[1][last] != "remaining" || rows[2][last] != "new" || rows[3][last] != "fixed" || rows[3][1] != "R-2" || rows[3][5] != "7" || rows[3][8] != "cus:c" {
		t.Errorf("csv rows: %q", rows[1:])
	}
	md := string(render(t, m, "md"))
	for _, want := range []string{"### Progress since the previous audit", "**1 fixed**, **1 new**", "| Fixed | 1 | 0 | 1 | 0 | 1 h |", "| error | new | R-1 |", "| warning | R-2 | `xtk:form cus:c` | gone | 1 h |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	html := string(render(t, m, "html"))
	changes := map[string]int{}
	for _, f := range func() []islandFinding { _, f := dataIsland(t, html); return f }() {
		changes[f.Change]++
	}
	if changes["new"] != 1 || changes["remaining"] != 1 {
		t.Errorf("changes in the data island: %v, want one new and one remaining", changes)
	}
	for _, want := range []string{`id="f-change"`, "Progress since the previous audit", `<tr class="fixed">`} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	// Without a comparison, nothing of it shows.
	plain := compareMigration()
	h := string(render(t, plain, "html"))
	_, fs := dataIsland(t, h)
	for _, f := range fs {
		if f.Change != "" {
			t.Errorf("a report without --compare marks a finding %s", f.Change)
		}
	}
	if strings.Contains(h, `id="f-change"`) {
		t.Error("a report without --compare shows change marks")
	}
}

// A baseline has no severity: the rule's is used.
func TestCompareWithBaseline(t *testing.T) {
	prev, err := ParsePrevious("base.json", []byte(`{"tool": "acc-audit", "version": 1, "findings": [{"fingerprint": "fp-gone", "rule": "R-9", "entity": "e", "message": "m"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	m := compareMigration()
	m.Compare("base.json", prev)
	if m.Comparison.Fixed.Total() != 1 || m.Comparison.New.Total() != 2 || m.Comparison.FixedFindings[0].Severity == "" {
		t.Errorf("baseline comparison: %+v", m.Comparison)
	}
}

func TestParsePreviousErrors(t *testing.T) {
	for in, want := range map[string]string{
		"{\n  \"findings\": [}":           "prev.json:2:16: not a JSON report or baseline",
		`{"summary": {}}`:                 `no "findings" list`,
		`{"findings": [{"rule": "R-1"}]}`: "finding 1 has no fingerprint",
		`{"findings": "x"}`:               "not a JSON report or baseline",
	} {
		_, err := ParsePrevious("prev.json", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePrevious(%q) = %v, want %q", in, err, want)
		}
	}
}
