package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// updating reports whether -update was given. The flag is shared with the
// golden tests of the external test package: a test binary can define a
// flag only once, whichever package initialises first.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

// The golden reports are made with rules of their own, so that they change
// only when the renderers do, not whenever a real rule's wording does.
var testRules = []*audit.Rule{
	{
		ID: "TST-001", Name: "flagged", Title: "Flagged attribute", Severity: audit.SeverityError, Category: "Area one", Effort: 3,
		Compat: []string{"PU-0005"},
		Doc: audit.Doc{
			Rationale:   "Flagged `attributes` break on v7 | really.",
			Remediation: "Remove `flag=\"bad\"` and keep *the rest*.",
			URL:         "https://example.com/doc#flag",
		},
		Run: func(p *audit.Pass) {
			p.Entity.Root.Walk(func(el *xmltree.Element) bool {
				if a := el.AttrNode("flag"); a != nil {
					p.ReportAttr(a, "flagged attribute on %s (label %s)", el.AttrValue("name"), el.AttrValue("label"))
				}
				return true
			})
		},
	},
	{
		ID: "TST-002", Name: "danger", Title: "Dangerous element", Severity: audit.SeverityWarning, Category: "Area two",
		Doc: audit.Doc{Rationale: "Danger.", Remediation: "Delete `<danger/>`.", URL: "javascript:alert(1)"},
		Run: func(p *audit.Pass) {
			p.Entity.Root.Walk(func(el *xmltree.Element) bool {
				if el.LocalName() == "danger" {
					p.ReportElement(el, "dangerous <danger> element")
				}
				return true
			})
		},
	},
	{
		ID: "TST-003", Name: "note", Title: "Note", Severity: audit.SeverityInfo, Category: "Area two", Effort: 0.5,
		Doc: audit.Doc{Rationale: "Notes are notes.", Remediation: "Read them.", URL: "https://example.com/doc#note"},
		Run: func(p *audit.Pass) {
			p.Entity.Root.Walk(func(el *xmltree.Element) bool {
				if a := el.AttrNode("note"); a != nil {
					p.ReportAttr(a, "%s", a.Value)
				}
				return true
			})
		},
	},
	{
		ID: "TST-004", Name: "silent", Title: "Never fires", Severity: audit.SeverityInfo, Category: "Area three",
		Doc: audit.Doc{Rationale: "Nothing.", Remediation: "Nothing.", URL: "https://example.com/doc#silent"},
		Run: func(*audit.Pass) {},
	},
}

// scanTestdata runs the engine and the inventory on files under testdata,
// as the report command does.
func scanTestdata(t *testing.T, workers int, names ...string) *Migration {
	t.Helper()
	var paths []string
	for _, n := range names {
		paths = append(paths, filepath.ToSlash(filepath.Join("testdata", n)))
	}
	inputs, errs := source.Collect(paths, source.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	inv := inventory.New()
	res := driver.Run(context.Background(), inputs, driver.Options{Rules: testRules, OnUnit: inv.Add, Workers: workers})
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	return NewMigration(res, inv.Inventory(res), MigrationOptions{ToolName: "acc-audit", ToolVersion: "test", Inputs: paths,
		Customer: "Acme | Bank", Author: "Audit *team*", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./audit/report -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(run go test ./audit/report -update if the change is intended)", name, i+1, g, w)
		}
	}
}

func render(t *testing.T, m *Migration, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "md":
		err = Markdown(&b, m)
	case "csv":
		err = CSV(&b, m, CSVOptions{})
	case "html":
		err = HTML(&b, m)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenMarkdown(t *testing.T) {
	golden(t, "migration.md.golden", render(t, scanTestdata(t, 2, "export.xml"), "md"))
}

func TestGoldenCSV(t *testing.T) {
	m := scanTestdata(t, 2, "export.xml")
	// Fingerprints are the engine's business, tested there; the golden
	// file checks the column only.
	fs := m.Result.Findings.Slice()
	for i := range fs {
		fs[i].Fingerprint = fmt.Sprintf("fingerprint-%d", i+1)
	}
	m.Result.Findings = audit.NewFindingList(fs)
	golden(t, "migration.csv.golden", render(t, m, "csv"))
}

func TestReportsAreDeterministic(t *testing.T) {
	for _, format := range []string{"md", "csv", "html"} {
		a := render(t, scanTestdata(t, 1, "export.xml"), format)
		b := render(t, scanTestdata(t, 4, "export.xml"), format)
		if !bytes.Equal(a, b) {
			t.Errorf("%s report depends on the number of workers", format)
		}
	}
}

func TestMigrationSummary(t *testing.T) {
	m := scanTestdata(t, 2, "export.xml")
	if got := m.Counts; got != (Counts{Error: 2, Warning: 1, Info: 2}) {
		t.Errorf("counts = %+v", got)
	}
	// 2 × 3 h (TST-001) + 1 × 1 h (warning default) + 2 × 0.5 h (TST-003).
	if m.Effort.Hours != 8 {
		t.Errorf("effort = %v h, want 8", m.Effort.Hours)
	}
	if len(m.Effort.ByArea) != 2 || m.Effort.ByArea[0].Area != "Area one" || m.Effort.ByArea[0].Hours != 6 {
		t.Errorf("effort by area = %+v", m.Effort.ByArea)
	}
	if m.Complexity.Level != "low" || m.Complexity.Raised {
		t.Errorf("complexity = %+v", m.Complexity)
	}
	if len(m.Areas) != 2 || m.Areas[0].Name != "Area one" {
		t.Fatalf("areas = %v", m.Areas)
	}
	if len(m.Checks) != 4 || m.Checks[3].Rule.ID != "TST-004" || m.Checks[3].Counts.Total() != 0 {
		t.Errorf("checks must list every rule that ran, silent ones included")
	}
	top := m.TopEntities
	if len(top) != 4 || top[0].Counts.Error != 1 {
		t.Fatalf("top entities = %d", len(top))
	}
	classes := map[string]inventory.Class{}
	for _, e := range top {
		classes[e.ID] = e.Class
	}
	if classes["xtk:srcSchema nms:recipient"] != inventory.BuiltInModified || classes["xtk:option cusDebug"] != inventory.Custom {
		t.Errorf("classes of the top entities = %v", classes)
	}
	for _, tr := range m.Types {
		if tr.Schema == "xtk:srcSchema" && (tr.Entities != 3 || tr.Affected != 2) {
			t.Errorf("schemas: %d in the export, %d affected; want 3 and 2", tr.Entities, tr.Affected)
		}
	}
}

func TestComplexityScale(t *testing.T) {
	rule := &audit.Rule{ID: "TST-009", Title: "t", Severity: audit.SeverityError, Category: "c", Effort: 10}
	result := func(n int) *driver.Result {
		res := &driver.Result{Rules: []*audit.Rule{rule}}
		var fs []audit.Finding
		for range n {
			fs = append(fs, audit.Finding{RuleID: rule.ID, Severity: rule.Severity, Entity: "x", EntitySchema: "x"})
		}
		res.Findings = audit.NewFindingList(fs)
		return res
	}
	modified := func(n int) *inventory.Inventory {
		inv := inventory.New().Inventory(nil)
		inv.Classes.BuiltInModified = n
		return inv
	}
	tests := []struct {
		findings, modified int
		want               string
		raised             bool
	}{
		{0, 0, "low", false},
		{3, 0, "low", false},
		{4, 0, "medium", false},
		{15, 0, "medium", false},
		{16, 0, "high", false},
		{48, 0, "very high", false},
		{3, 4, "low", false},
		{3, 5, "medium", true},
		{16, 5, "very high", true},
		{48, 9, "very high", false},
	}
	for _, tt := range tests {
		m := NewMigration(result(tt.findings), modified(tt.modified), MigrationOptions{})
		if m.Complexity.Level != tt.want || m.Complexity.Raised != tt.raised {
			t.Errorf("%d findings of 10 h, %d modified built-ins: %q (raised %v), want %q (raised %v)",
				tt.findings, tt.modified, m.Complexity.Level, m.Complexity.Raised, tt.want, tt.raised)
		}
		active := 0
		for _, th := range m.Complexity.Thresholds {
			if th.Active {
				active++
				if th.Level != m.Complexity.Level {
					t.Errorf("active threshold %q, level %q", th.Level, m.Complexity.Level)
				}
			}
		}
		if active != 1 {
			t.Errorf("%d active thresholds", active)
		}
	}
}

func TestUnknownRuleFindings(t *testing.T) {
	res := &driver.Result{Findings: audit.NewFindingList([]audit.Finding{{RuleID: "GONE-001", Severity: audit.SeverityWarning, Entity: "xtk:form cus:f", EntitySchema: "xtk:form"}})}
	m := NewMigration(res, nil, MigrationOptions{})
	if m.Effort.Hours != audit.DefaultEffort(audit.SeverityWarning) || m.Areas[0].Name != "Other" {
		t.Errorf("a finding of an unknown rule counts with the default effort in area Other: %v h, %q", m.Effort.Hours, m.Areas[0].Name)
	}
	for _, f := range []string{"md", "csv", "html"} {
		render(t, m, f)
	}
}

func TestCSV(t *testing.T) {
	m := scanTestdata(t, 2, "export.xml")
	var b bytes.Buffer
	if err := CSV(&b, m, CSVOptions{BOM: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffseverity,") {
		t.Fatalf("--bom: the file must start with a UTF-8 BOM, got %q", out[:min(20, len(out))])
	}
	if strings.Count(out, "\r\n") != strings.Count(out, "\n") {
		t.Error("RFC 4180: every record must end with CRLF")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVColumns, ",") {
		t.Errorf("header = %v", rows[0])
	}
	if len(rows)-1 != m.Result.Findings.Len() {
		t.Errorf("%d rows for %d findings", len(rows)-1, m.Result.Findings.Len())
	}
	col := func(name string) int {
		for i, c := range CSVColumns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	var messages []string
	for _, r := range rows[1:] {
		if len(r) != len(CSVColumns) {
			t.Fatalf("row of %d cells", len(r))
		}
		messages = append(messages, r[col("message")])
		for i, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("column %s starts with a formula character: %q", CSVColumns[i], cell)
			}
		}
	}
	joined := strings.Join(messages, "\n")
	for _, want := range []string{`'=HYPERLINK("http://evil")`, "'-1 disables"} {
		if !strings.Contains(joined, want) {
			t.Errorf("messages lack %q:\n%s", want, joined)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "plain": "plain", "=1+1": "'=1+1", "+1": "'+1", "-- SQL": "'-- SQL", "@SUM(A1)": "'@SUM(A1)",
		"\t=x": "'\t=x", "\r=x": "'\r=x", "a=b": "a=b", "'quoted": "'quoted",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct {
		fn   func(string) string
		in   string
		want string
	}{
		{mdText, "a|b", `a\|b`},
		{mdText, "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{mdText, "*bold* _em_ [l](u) ![i](u) `c` # h ~s~", `\*bold\* \_em\_ \[l\](u) \!\[i\](u) \` + "`c\\`" + ` \# h \~s\~`},
		{mdText, "line\nbreak\u2028sep", "line break sep"},
		{mdText, `back\slash`, `back\\slash`},
		{mdCode, "x", "`x`"},
		{mdCode, "a`b", "``a`b``"},
		{mdCode, "`x`", "`` `x` ``"},
		{mdCode, "a\nb", "`a b`"},
		{mdCode, "", ""},
		{mdCell, "`a|b`", "`a\\|b`"},
		{mdCell, `x\|y`, `x\\|y`},
		{mdSpans, "Use `a|b` or *c*.", "Use `a|b` or \\*c\\*."},
		{mdURL, "https://x/a b<c>", "https://x/a%20b%3Cc%3E"},
		{mdAnchor, "SQLData and raw SQL", "sqldata-and-raw-sql"},
		{mdAnchor, "Web apps & JSSP", "web-apps--jssp"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCodeSpans(t *testing.T) {
	got := codeSpans("Use `a` then `b`, not ` alone")
	want := []span{{"Use ", false}, {"a", true}, {" then ", false}, {"b", true}, {", not ` alone", false}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestFormatHelpers(t *testing.T) {
	for h, want := range map[float64]string{0: "0 h", 2: "2 h", 0.25: "0.25 h", 1240: "1,240 h", 1234567: "1,234,567 h", 1.333333: "1.33 h"} {
		if got := FormatHours(h); got != want {
			t.Errorf("FormatHours(%v) = %q, want %q", h, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 3908: "3.8 KB", 200 << 20: "200 MB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	if got := slug("Web apps & JSSP (v5)"); got != "web-apps-jssp-v5" {
		t.Errorf("slug = %q", got)
	}
}

func TestPackageHeaderFindings(t *testing.T) {
	rule := &audit.Rule{ID: "TST-010", Title: "t", Severity: audit.SeverityError, Category: "Packages"}
	res := &driver.Result{Rules: []*audit.Rule{rule}, Findings: audit.NewFindingList([]audit.Finding{
		{RuleID: rule.ID, Severity: rule.Severity, Entity: "package cus:p", EntitySchema: audit.SchemaPackage, EntityKey: "cus:p"},
		{RuleID: rule.ID, Severity: rule.Severity, Entity: "xtk:form cus:f", EntitySchema: "xtk:form", EntityKey: "cus:f"},
	})}
	inv := inventory.New().Inventory(nil)
	inv.Packages = []inventory.Package{{File: "p.xml", Name: "p", Namespace: "cus"}}
	m := NewMigration(res, inv, MigrationOptions{})
	if m.Affected != 1 {
		t.Errorf("affected = %d: a package header is not an entity of the export", m.Affected)
	}
	for _, tr := range m.Types {
		if tr.Schema == audit.SchemaPackage && (tr.Label != "Package headers" || tr.Entities != 1) {
			t.Errorf("package row = %+v", tr)
		}
	}
	if len(m.TopEntities) != 2 || m.TopEntities[0].Class != "" && m.TopEntities[1].Class != "" {
		t.Errorf("the package header is still listed among the entities at risk, without ownership: %+v", m.TopEntities)
	}
}
