package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleDir is the example export shipped with the tool.
var exampleDir = filepath.Join("..", "..", "..", "fixtures", "_example")

// inventoryExport is a small package whose inventory the tests know by
// heart; the example export grows with the rules.
const inventoryExport = `<package name="inv" namespace="cus" vendor="Acme" buildVersion="6.1" buildNumber="8977">
  <entities schema="xtk:srcSchema">
    <srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient"><element name="recipient"/></srcSchema>
    <srcSchema name="order" namespace="cus"><element name="order"/></srcSchema>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="wkfA"><activities><start name="start"/><js name="js"><script>var a = 1;</script></js><end name="end"/></activities></workflow>
  </entities>
</package>
`

// exampleFindings is the number of findings scan reports on the example.
func exampleFindings(t *testing.T) int {
	t.Helper()
	r := runCLI(t, "", nil, "scan", "-f", "json", "--fail-on", "none", exampleDir)
	var doc struct {
		Findings []json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("scan -f json: %v\n%s", err, r.stderr)
	}
	if len(doc.Findings) == 0 {
		t.Fatal("the example export should have findings")
	}
	return len(doc.Findings)
}

func TestReportFormatsOnTheExample(t *testing.T) {
	want := exampleFindings(t)
	dir := t.TempDir()
	for _, name := range []string{"report.html", "report.md", "report.csv"} {
		out := filepath.Join(dir, name)
		r := runCLI(t, "", nil, "report", "-o", out, exampleDir)
		if r.code != ExitOK {
			t.Fatalf("report -o %s: exit %d\n%s", name, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "estimated effort") {
			t.Errorf("no summary on stderr: %q", r.stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(out)
		if st.Mode().Perm()&0o044 == 0 {
			t.Errorf("%s is private (%v): reports are meant to be shared", name, st.Mode())
		}
		s := string(data)
		switch filepath.Ext(name) {
		case ".html":
			if n := len(islandFindings(t, s)); n != want {
				t.Errorf("html: %d findings, want %d", n, want)
			}
			for _, w := range []string{"<!DOCTYPE html>", "Content-Security-Policy", "Executive summary", "WKF_loyalty_refresh", "cus:crmCustom"} {
				if !strings.Contains(s, w) {
					t.Errorf("html lacks %q", w)
				}
			}
			if strings.Contains(s, "http-equiv=\"refresh\"") || strings.Contains(s, "<link ") || strings.Contains(s, " src=") {
				t.Error("the html report must load nothing")
			}
		case ".md":
			for _, w := range []string{"## Executive summary", "## Effort estimate and complexity", "## Inventory of the export",
				"<details open>", "`xtk:workflow WKF_loyalty_refresh`", "`cus:crmCustom`"} {
				if !strings.Contains(s, w) {
					t.Errorf("markdown lacks %q", w)
				}
			}
		case ".csv":
			rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows)-1 != want || rows[0][0] != "severity" {
				t.Errorf("csv: %d rows, want %d", len(rows)-1, want)
			}
		}
	}
}

func TestReportFlags(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(exampleDir, "package-crm.xml")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"html to stdout by default", []string{"report", input}, ExitOK, "<!DOCTYPE html>"},
		{"format flag wins", []string{"report", "-f", "markdown", input}, ExitOK, "# Campaign Classic v7 migration audit"},
		{"csv with bom", []string{"report", "-f", "csv", "--bom", input}, ExitOK, "\ufeffseverity,rule,"},
		{"title", []string{"report", "-f", "md", "--title", "Acme | audit", input}, ExitOK, `# Acme \| audit`},
		{"fail-on error", []string{"report", "-f", "csv", "--fail-on", "error", input}, ExitFindings, "severity"},
		{"disable family", []string{"report", "-f", "csv", "--disable", "SQL", input}, ExitOK, "severity"},
		{"unknown format", []string{"report", "-f", "pdf", input}, ExitUsage, ""},
		{"bom without csv", []string{"report", "-f", "html", "--bom", input}, ExitUsage, ""},
		{"no path", []string{"report"}, ExitUsage, ""},
		{"bad from", []string{"report", "--from", "v8", input}, ExitUsage, ""},
		{"unknown rule", []string{"report", "--enable", "NOPE-1", input}, ExitUsage, ""},
		{"overwrite input", []string{"report", "-o", input, input}, ExitUsage, ""},
		{"missing input", []string{"report", "-f", "csv", filepath.Join(dir, "nope.xml")}, ExitInput, "severity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if !strings.HasPrefix(r.stdout, tt.stdout) {
				t.Errorf("stdout starts with %q, want %q", r.stdout[:min(60, len(r.stdout))], tt.stdout)
			}
		})
	}
	// An extension picks the format; an unknown one falls back to html.
	out := filepath.Join(dir, "r.txt")
	if r := runCLI(t, "", nil, "report", "-o", out, input); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	if data, _ := os.ReadFile(out); !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) {
		t.Error("default format is html")
	}
	// No progress bar in tests: stderr is a buffer.
	r := runCLI(t, "", nil, "report", "-f", "csv", "-o", filepath.Join(dir, "r.csv"), input)
	if strings.Contains(r.stderr, "\r") {
		t.Errorf("progress frames on a non-terminal stderr: %q", r.stderr)
	}
}

func TestReportDisabledRulesLeaveTheInventory(t *testing.T) {
	input := writeFile(t, t.TempDir(), "inv.xml", []byte(inventoryExport))
	r := runCLI(t, "", nil, "report", "-f", "md", "--enable", "SQL-001", "--disable", "SQL-001", input)
	if r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	for _, w := range []string{"No findings", "| `nms:recipient` | product (built-in) | 1 | `cus:recipient` |", "0 rules ran", "| `cus:inv`<br>"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("markdown lacks %q", w)
		}
	}
}

func TestInventoryCommand(t *testing.T) {
	dir := t.TempDir()
	input := writeFile(t, dir, "inv.xml", []byte(inventoryExport))
	r := runCLI(t, "", nil, "inventory", input)
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`nms:recipient +product +1 +cus:recipient`).MatchString(r.stdout) {
		t.Errorf("text inventory lacks the extension of nms:recipient:\n%s", r.stdout)
	}
	for _, w := range []string{"Inventory: 1 file", "3 entities", "cus:inv", "vendor Acme", "Schema extensions",
		"Activities: 1 workflow, 3 activities", "Workflows (xtk:workflow)"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("text inventory lacks %q:\n%s", w, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour on a buffer")
	}
	if c := runCLI(t, "", nil, "inventory", "--color", "always", input); !strings.Contains(c.stdout, "\x1b[") {
		t.Error("--color always gives no colour")
	}

	r = runCLI(t, "", nil, "inventory", "-f", "json", input)
	var doc struct {
		Tool struct {
			Name string `json:"name"`
		} `json:"tool"`
		Entities int `json:"entities"`
		Classes  struct {
			Custom    int `json:"custom"`
			Extension int `json:"extension"`
		} `json:"byClass"`
		Packages []struct {
			Vendor string `json:"vendor"`
		} `json:"packages"`
		Activities []struct {
			Kind       string `json:"kind"`
			Activities int    `json:"activities"`
		} `json:"activities"`
		Objects []struct {
			Key   string `json:"key"`
			Class string `json:"class"`
		} `json:"objects"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc.Tool.Name != "acc-audit" || doc.Entities != 3 || doc.Classes.Extension != 1 || doc.Classes.Custom != 2 ||
		len(doc.Packages) != 1 || doc.Packages[0].Vendor != "Acme" || len(doc.Activities) != 1 || doc.Activities[0].Activities != 3 ||
		len(doc.Objects) != 3 || doc.Objects[0].Key != "cus:recipient" || doc.Objects[0].Class != "extension" {
		t.Errorf("json inventory = %+v", doc)
	}

	// The example export shipped with the tool.
	if r := runCLI(t, "", nil, "inventory", exampleDir); r.code != ExitOK || !strings.Contains(r.stdout, "cus:crmCustom") {
		t.Errorf("inventory of the example: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	broken := writeFile(t, dir, "broken.xml", []byte("<queryFilter>\n<filter>\n</queryFilter>\n"))
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"inventory"}, ExitUsage},
		{[]string{"inventory", "-f", "yaml", input}, ExitUsage},
		{[]string{"inventory", "--exclude", "[", input}, ExitUsage},
		{[]string{"inventory", broken}, ExitInput},
		{[]string{"inventory", "-o", filepath.Join(dir, "inv.json"), "-f", "json", input}, ExitOK},
		{[]string{"inventory", "-o", input, input}, ExitUsage},
	} {
		if r := runCLI(t, "", nil, tt.args...); r.code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s", tt.args, r.code, tt.code, r.stderr)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "inv.json")); err != nil || !json.Valid(data) {
		t.Errorf("inventory -o: %v", err)
	}
	// Standard input works as for scan.
	if r := runCLI(t, inventoryExport, nil, "inventory", "-"); r.code != ExitOK || !strings.Contains(r.stdout, "3 entities") {
		t.Errorf("inventory -: exit %d\n%s", r.code, r.stdout)
	}
}

func TestUsageListsNewCommands(t *testing.T) {
	r := runCLI(t, "", nil, "help")
	for _, w := range []string{"acc-audit inventory", "acc-audit report"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("usage lacks %q", w)
		}
	}
}

// TestReportAndInventoryReadTheConfiguration checks that report applies the
// same settings as scan: configuration file, severity overrides and inline
// suppressions.
func TestReportAndInventoryReadTheConfiguration(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".acc-audit.yaml", []byte("severity:\n  SQL-004: info\n"))
	input := writeFile(t, dir, "filter.xml", []byte(`<queryFilter name="f" schema="nms:recipient">
  <filter><where>
    <!-- acc-audit:ignore SQL-001 rewritten in the v7 branch -->
    <condition expr="@id IN ([SQLDATA[SELECT 1]])"/>
    <condition expr="count(*) > 1"/>
  </where></filter>
</queryFilter>
`))
	r := runCLI(t, "", nil, "report", "-f", "csv", input)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "SQL-001") {
		t.Errorf("the suppressed finding is in the report:\n%s", r.stdout)
	}
	if !regexp.MustCompile(`(?m)^info,SQL-004,`).MatchString(r.stdout) {
		t.Errorf("the severity override was not applied:\n%s", r.stdout)
	}
	bad := writeFile(t, t.TempDir(), ".acc-audit.yaml", []byte("sevrity: {}\n"))
	if r := runCLI(t, "", nil, "inventory", "--config", bad, input); r.code != ExitUsage {
		t.Errorf("inventory ignored a broken configuration: exit %d", r.code)
	}
}

// The header names the customer, the assessor and the analysis date; with
// SOURCE_DATE_EPOCH two runs give the same bytes.
func TestReportDeliverableHeader(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764633600"}
	args := []string{"report", "--no-config", "--customer", "Acme <Bank>", "--author", "Jane Doe, Example Consulting", exampleDir}
	first := runCLI(t, "", env, args...)
	if first.code != ExitOK && first.code != ExitInput {
		t.Fatalf("report: exit %d\n%s", first.code, first.stderr)
	}
	for _, want := range []string{"<dt>Customer</dt><dd>Acme &lt;Bank&gt;</dd>", "<dt>Prepared by</dt><dd>Jane Doe, Example Consulting</dd>",
		"<dt>Analysis date</dt><dd>2 December 2025</dd>", "person-days"} {
		if !strings.Contains(first.stdout, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
	if again := runCLI(t, "", env, args...); again.stdout != first.stdout {
		t.Error("two reports with the same SOURCE_DATE_EPOCH differ")
	}
	md := runCLI(t, "", env, append([]string{"report", "-f", "md", "--customer", "Acme"}, exampleDir)...)
	if !strings.Contains(md.stdout, "| Customer | Acme |") || !strings.Contains(md.stdout, "| Analysis date | 2 December 2025 |") {
		t.Errorf("the Markdown report lacks the customer or the date:\n%s", tail(md.stdout[:min(len(md.stdout), 800)], 800))
	}
	if r := runCLI(t, "", map[string]string{"SOURCE_DATE_EPOCH": "tomorrow"}, "report", exampleDir); r.code != ExitUsage || !strings.Contains(r.stderr, "SOURCE_DATE_EPOCH") {
		t.Errorf("a malformed SOURCE_DATE_EPOCH: exit %d, %s", r.code, r.stderr)
	}
}
