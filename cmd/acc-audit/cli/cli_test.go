package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

type run struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, env map[string]string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return run{code, out.String(), errb.String()}
}

const sqlDataFilter = `<queryFilter name="f" schema="nms:recipient">
  <filter><where>
    <condition expr="@id IN ([SQLDATA[SELECT 1]])"/>
  </where></filter>
</queryFilter>
`

const cleanFilter = `<queryFilter name="f" schema="nms:recipient">
  <filter><where><condition expr="@email IS NOT NULL"/></where></filter>
</queryFilter>
`

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.xml", []byte(sqlDataFilter))
	clean := writeFile(t, dir, "clean.xml", []byte(cleanFilter))
	broken := writeFile(t, dir, "broken.xml", []byte("<queryFilter>\n  <filter>\n</queryFilter>\n"))
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clean", []string{"scan", clean}, ExitOK},
		{"finding at threshold", []string{"scan", bad}, ExitFindings},
		{"threshold none", []string{"scan", "--fail-on", "none", bad}, ExitOK},
		{"disabled rule", []string{"scan", "--disable", "SQL-001", bad}, ExitOK},
		{"disabled family", []string{"scan", "--disable", "SQL", bad}, ExitOK},
		{"broken input wins", []string{"scan", broken, bad}, ExitInput},
		{"missing input", []string{"scan", filepath.Join(dir, "nope.xml")}, ExitInput},
		{"no path", []string{"scan"}, ExitUsage},
		{"bad fail-on", []string{"scan", "--fail-on", "fatal", bad}, ExitUsage},
		{"bad from", []string{"scan", "--from", "v8", bad}, ExitUsage},
		{"bad format", []string{"scan", "-f", "yaml", bad}, ExitUsage},
		{"unknown rule", []string{"scan", "--enable", "NOPE-1", bad}, ExitUsage},
		{"bad glob", []string{"scan", "--exclude", "[", bad}, ExitUsage},
		{"unknown flag", []string{"scan", "--frobnicate", bad}, ExitUsage},
		{"unknown command", []string{"frobnicate"}, ExitUsage},
		{"no command", nil, ExitUsage},
		{"help", []string{"scan", "--help"}, ExitOK},
		{"version", []string{"version"}, ExitOK},
		{"explain", []string{"explain", "SQL-001"}, ExitOK},
		{"explain by name", []string{"explain", "sqldata-in-expression"}, ExitOK},
		{"explain unknown", []string{"explain", "NOPE-1"}, ExitUsage},
		{"rules", []string{"rules"}, ExitOK},
		{"rules json", []string{"rules", "-f", "json"}, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestBrokenXMLIsReportedWithPositionAndScanGoesOn(t *testing.T) {
	dir := t.TempDir()
	broken := writeFile(t, dir, "a_broken.xml", []byte("<queryFilter>\n  <filter attr=\"x>\n</queryFilter>\n"))
	bad := writeFile(t, dir, "b_bad.xml", []byte(sqlDataFilter))
	r := runCLI(t, "", nil, "scan", "--no-color", dir)
	if r.code != ExitInput {
		t.Fatalf("exit %d", r.code)
	}
	if !regexp.MustCompile(regexp.QuoteMeta(broken) + `:2:\d+: .*XML`).MatchString(r.stdout + r.stderr) {
		t.Errorf("broken file not reported with line and column:\n%s%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, bad) || !strings.Contains(r.stdout, "SQL-001") {
		t.Errorf("the other file was not scanned:\n%s", r.stdout)
	}
}

func TestJSONReport(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.xml", []byte(sqlDataFilter))
	r := runCLI(t, "", nil, "scan", "-f", "json", bad)
	var doc struct {
		Findings []struct {
			RuleID   string `json:"rule"`
			Severity string `json:"severity"`
			File     string `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, r.stdout)
	}
	if len(doc.Findings) != 1 {
		t.Fatalf("findings: %+v", doc.Findings)
	}
	f := doc.Findings[0]
	col := strings.Index(strings.Split(sqlDataFilter, "\n")[2], "[SQLDATA[") + 1
	if f.RuleID != "SQL-001" || f.Severity != "error" || f.File != bad || f.Line != 3 || f.Column != col {
		t.Fatalf("finding %+v, want SQL-001 error at 3:%d", f, col)
	}
	again := runCLI(t, "", nil, "scan", "-f", "json", "-j", "1", bad)
	if again.stdout != r.stdout {
		t.Fatal("JSON output differs between runs")
	}
}

func TestColor(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.xml", []byte(sqlDataFilter))
	esc := "\x1b["
	if r := runCLI(t, "", nil, "scan", "--color", "always", bad); !strings.Contains(r.stdout, esc) {
		t.Error("--color always produced no escape sequence")
	}
	if r := runCLI(t, "", map[string]string{"NO_COLOR": "1"}, "scan", bad); strings.Contains(r.stdout, esc) {
		t.Error("NO_COLOR ignored")
	}
	if r := runCLI(t, "", nil, "scan", "--color", "always", "--no-color", bad); strings.Contains(r.stdout, esc) {
		t.Error("--no-color ignored")
	}
	// A buffer is not a terminal: auto means plain.
	if r := runCLI(t, "", nil, "scan", bad); strings.Contains(r.stdout, esc) {
		t.Error("auto colour on a non-terminal")
	}
}

func TestTextReportGroupsAndSummarises(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.xml", []byte(sqlDataFilter))
	r := runCLI(t, "", nil, "scan", bad)
	for _, want := range []string{bad, "xtk:queryFilter", "SQL-001", "[SQLDATA[", "1 error"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestStdinAndOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	r := runCLI(t, sqlDataFilter, nil, "scan", "-f", "json", "-o", out, "-")
	if r.code != ExitFindings {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"<stdin>"`) || r.stdout != "" {
		t.Fatalf("report file: %s\nstdout: %s", data, r.stdout)
	}
	if !strings.Contains(r.stderr, "1 error") {
		t.Errorf("no summary on stderr: %q", r.stderr)
	}
	// The report must never overwrite an input.
	in := writeFile(t, dir, "in.xml", []byte(sqlDataFilter))
	if r := runCLI(t, "", nil, "scan", "-o", in, in); r.code != ExitUsage {
		t.Fatalf("overwriting an input: exit %d", r.code)
	}
	if data, _ := os.ReadFile(in); string(data) != sqlDataFilter {
		t.Fatal("input modified")
	}
}

func TestEncodings(t *testing.T) {
	dir := t.TempDir()
	body := `<queryFilter name="f" label="Clients à relancer" schema="nms:recipient">` + "\r\n" +
		`  <filter><where><condition expr="@id IN ([SQLDATA[SELECT 1]])"/></where></filter>` + "\r\n</queryFilter>\r\n"
	latin, _ := charmap.ISO8859_1.NewEncoder().String(`<?xml version="1.0" encoding="ISO-8859-1"?>` + "\r\n" + body)
	cp, _ := charmap.Windows1252.NewEncoder().String(`<?xml version="1.0" encoding="windows-1252"?>` + "\r\n" + body)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(`<?xml version="1.0" encoding="UTF-16"?>` + "\r\n" + body)
	undeclaredLatin, _ := charmap.ISO8859_1.NewEncoder().String(body)
	files := map[string]string{
		"utf8.xml":       `<?xml version="1.0" encoding="UTF-8"?>` + "\r\n" + body,
		"utf8bom.xml":    "\xEF\xBB\xBF" + `<?xml version="1.0"?>` + "\r\n" + body,
		"latin1.xml":     latin,
		"cp1252.xml":     cp,
		"utf16.xml":      u16,
		"nodecl.xml":     "\r\n" + body,
		"mislabeled.xml": undeclaredLatin,
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			p := writeFile(t, dir, name, []byte(data))
			r := runCLI(t, "", nil, "scan", "-f", "json", p)
			var doc struct {
				Findings []struct {
					Line, Column int
				} `json:"findings"`
				Problems []struct{ Severity string } `json:"problems"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatal(err, r.stdout)
			}
			if len(doc.Findings) != 1 {
				t.Fatalf("findings %+v problems %+v", doc.Findings, doc.Problems)
			}
			wantLine := 3
			if name == "mislabeled.xml" {
				wantLine = 2
			}
			if doc.Findings[0].Line != wantLine || doc.Findings[0].Column != 43 {
				t.Errorf("position %d:%d, want %d:43", doc.Findings[0].Line, doc.Findings[0].Column, wantLine)
			}
			if name == "mislabeled.xml" && r.code != ExitFindings {
				t.Errorf("a mislabelled encoding is a warning, not a failure: exit %d", r.code)
			}
		})
	}
}

func TestZipInput(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"export/filters.xml", "export/notes.txt"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(sqlDataFilter))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	z := writeFile(t, t.TempDir(), "export.zip", buf.Bytes())
	r := runCLI(t, "", nil, "scan", "-q", "--no-color", z)
	if r.code != ExitFindings || !strings.Contains(r.stdout, z+"!/export/filters.xml:3:") || strings.Contains(r.stdout, "notes.txt") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestOutputToMissingDirectoryIsAnError(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.xml", []byte(sqlDataFilter))
	r := runCLI(t, "", nil, "scan", "-o", filepath.Join(dir, "no/such/dir/report.txt"), bad)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "cannot write") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}
