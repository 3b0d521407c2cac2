package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/report"
)

// Hostile text as an export and its file names can hold it: a terminal
// escape (ESC, BEL), an 8-bit CSI (U+009B), a right-to-left override,
// a line break and a byte of invalid UTF-8.
const (
	ctlFile    = "/src/esc\x1b]0;owned\x07/rlo\u202egnp.xml"
	ctlMessage = "value \u009b2J cleared\x1b[2J and\nforged: line \xff"
)

func controlSample() *driver.Result {
	res := sample()
	res.Files = append(res.Files, driver.FileInfo{Name: ctlFile, Entities: 1})
	res.Findings = audit.SortedFindingList(append(res.Findings.Slice(), audit.Finding{RuleID: "SQL-001", Severity: audit.SeverityError, File: ctlFile, Line: 1, Col: 1,
		Entity: "xtk:queryFilter e\x1b[31m", EntitySchema: "xtk:queryFilter", EntityKey: "e\x1b[31m", Place: "p\u202e",
		Message: ctlMessage, Excerpt: "<a b=\"\u009b\x07\"/>", Fingerprint: "0c0ffee0000000000000000f:0"}))
	res.Problems = append(res.Problems, audit.Problem{File: ctlFile, Line: 2, Col: 3, Severity: audit.SeverityWarning, Message: "odd \x1b byte"})
	return res
}

// rawHidden returns the first control or bidirectional character (other
// than line ends and tabs) or invalid byte in b, if any.
func rawHidden(b []byte, allowSGR bool) (string, bool) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return string(b[i : i+1]), true
		case r == '\n' || r == '\r' || r == '\t':
		case r == 0x1b && allowSGR && sgrAt(b[i:]):
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return string(r), true
		}
		i += n
	}
	return "", false
}

func sgrAt(b []byte) bool {
	if len(b) < 3 || b[1] != '[' {
		return false
	}
	for _, c := range b[2:] {
		if c == 'm' {
			return true
		}
		if (c < '0' || c > '9') && c != ';' {
			return false
		}
	}
	return false
}

// TestNoRawControlsInAnyFormat: no format writes a control character,
// a bidirectional override or invalid UTF-8 taken from the export; each
// shows it as an escape, and the JSON formats keep the exact text.
func TestNoRawControlsInAnyFormat(t *testing.T) {
	res := controlSample()
	for _, name := range report.Names() {
		for _, color := range []bool{false, true} {
			opt := sampleOptions()
			opt.Color = color
			out := render(t, name, res, opt)
			if c, ok := rawHidden(out, color && name == "text"); ok {
				t.Errorf("%s (colour %v): raw %q in\n%s", name, color, c, out)
			}
		}
	}
	text := string(render(t, "text", res, sampleOptions()))
	for _, want := range []string{`esc\x1b]0;owned\x07/rlo\u202egnp.xml`, `\u009b2J cleared\x1b[2J and\nforged: line \xff`} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks the visible form %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\nforged") {
		t.Error("a line break in a message forges a line of the text report")
	}
	// JSON keeps the text exactly (invalid UTF-8 aside, which JSON cannot
	// carry): the escapes are JSON's own.
	var doc struct {
		Findings []audit.Finding `json:"findings"`
	}
	out := render(t, "json", res, sampleOptions())
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range doc.Findings {
		if f.File == ctlFile && f.Place == "p\u202e" {
			found = true
		}
	}
	if !found {
		t.Errorf("the JSON report changed the file name or place:\n%s", out)
	}
	if !bytes.Contains(out, []byte(`rlo\u202egnp.xml`)) {
		t.Errorf("the JSON report does not escape the override:\n%s", out)
	}

	inv := inventory.New()
	m := report.NewMigration(res, inv.Inventory(res), report.MigrationOptions{ToolName: "acc-audit", ToolVersion: "test", Inputs: []string{ctlFile}})
	for name, write := range map[string]func(*bytes.Buffer) error{
		"markdown": func(b *bytes.Buffer) error { return report.Markdown(b, m) },
		"csv":      func(b *bytes.Buffer) error { return report.CSV(b, m, report.CSVOptions{}) },
		"html":     func(b *bytes.Buffer) error { return report.HTML(b, m) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if c, ok := rawHidden(b.Bytes(), false); ok {
			t.Errorf("%s: raw %q", name, c)
		}
		if !strings.Contains(b.String(), `rlo\u202egnp.xml`) {
			t.Errorf("%s: the override in the file name is not shown", name)
		}
	}
	var b bytes.Buffer
	if err := report.InventoryText(&b, inv.Inventory(res), report.Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if c, ok := rawHidden(b.Bytes(), true); ok {
		t.Errorf("inventory: raw %q", c)
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"plain é ü 漢":    "plain é ü 漢",
		"a\x1b[2Jb":      `a\x1b[2Jb`,
		"\u009b\x07":     `\u009b\x07`,
		"x\u202ey\u2066": `x\u202ey\u2066`,
		"l1\nl2\tt":      `l1\nl2\tt`,
		"bad\xffbyte":    `bad\xffbyte`,
	} {
		if got := report.Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRuleListingsEscapeControls: custom rules come from YAML files, and
// their text reaches the terminal escaped too.
func TestRuleListingsEscapeControls(t *testing.T) {
	r := &audit.Rule{ID: "CUS-900", Name: "x", Title: "title \x1b]0;t\x07", Category: "c\u202e", Severity: audit.SeverityWarning,
		Doc: audit.Doc{Rationale: "why \u009b2J"}}
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := report.Explain(&b, r, color); err != nil {
			t.Fatal(err)
		}
		if c, ok := rawHidden(b.Bytes(), color); ok {
			t.Errorf("explain (colour %v): raw %q", color, c)
		}
	}
	var b bytes.Buffer
	if err := report.RulesText(&b, []*audit.Rule{r}); err != nil {
		t.Fatal(err)
	}
	if c, ok := rawHidden(b.Bytes(), false); ok {
		t.Errorf("rules: raw %q", c)
	}
}
