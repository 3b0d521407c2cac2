package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var attrRE = regexp.MustCompile(`(\s+)([\w:-]+)="([^"]*)"`)

// reverseAttrs reverses the attribute order of every start tag outside
// CDATA sections (code is text: an export never reorders it).
func reverseAttrs(s string) string {
	parts := strings.Split(s, "<![CDATA[")
	for i, p := range parts {
		code, markup := "", p
		if i > 0 {
			end := strings.Index(p, "]]>") + 3
			code, markup = p[:end], p[end:]
		}
		parts[i] = code + reverseTags(markup)
	}
	return strings.Join(parts, "<![CDATA[")
}

func reverseTags(s string) string {
	return regexp.MustCompile(`<[\w:]+(\s+[\w:-]+="[^"]*")+`).ReplaceAllStringFunc(s, func(tag string) string {
		name := tag[:strings.IndexAny(tag, " \t\r\n")]
		ms := attrRE.FindAllStringSubmatch(tag, -1)
		var b strings.Builder
		b.WriteString(name)
		for i := len(ms) - 1; i >= 0; i-- {
			b.WriteString(" " + ms[i][2] + `="` + ms[i][3] + `"`)
		}
		return b.String()
	})
}

func TestBaselineSurvivesReexportNoise(t *testing.T) {
	root := t.TempDir()
	v1 := writeFile(t, root, "v1/crmCustom.xml", []byte(export))
	baselineFile := filepath.Join(root, "acc-audit-baseline.json")
	r := runCLI(t, "", nil, "baseline", "-o", baselineFile, v1)
	if r.code != ExitOK || !strings.Contains(r.stderr, "baseline of") {
		t.Fatalf("baseline: exit %d %s", r.code, r.stderr)
	}
	data, _ := os.ReadFile(baselineFile)
	var bl struct {
		Findings []struct{ Fingerprint, Rule, Entity, Message string }
	}
	if err := json.Unmarshal(data, &bl); err != nil || len(bl.Findings) < 6 {
		t.Fatalf("baseline %v:\n%s", err, data)
	}
	// Regenerating it on the same input gives the same bytes.
	again := filepath.Join(root, "again.json")
	runCLI(t, "", nil, "baseline", "-o", again, v1)
	if data2, _ := os.ReadFile(again); !bytes.Equal(data, data2) {
		t.Fatal("the baseline is not deterministic")
	}

	noise := map[string]func(string) string{
		"timestamps": func(s string) string {
			return regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z`).ReplaceAllString(s, "2026-03-14 08:00:00.000Z")
		},
		"md5": func(s string) string {
			return strings.ReplaceAll(s, "6F2B4A1D0E3C5B7A9D8E1F2C3B4A5D6E", "00000000000000000000000000000000")
		},
		"internal ids": func(s string) string {
			return strings.NewReplacer(`id="1234"`, `id="99871"`, `id="5555"`, `id="12"`, `folder-id="77"`, `folder-id="1040"`, `buildNumber="8977"`, `buildNumber="9032"`).Replace(s)
		},
		"line shifts": func(s string) string {
			s = strings.Replace(s, "?>\n", "?>\n<!-- exported again -->\n\n", 1)
			return strings.Replace(s, "<filter><where>", "<filter>\n\n        <where>", 1)
		},
		"package renamed": func(s string) string {
			return strings.NewReplacer(`name="crmCustom"`, `name="crmCustom2026"`, `label="CRM customisations"`, `label="CRM (re-export)"`).Replace(s)
		},
		"CRLF":            func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"attribute order": reverseAttrs,
	}
	all := func(s string) string {
		for _, k := range []string{"timestamps", "md5", "internal ids", "line shifts", "package renamed", "attribute order", "CRLF"} {
			s = noise[k](s)
		}
		return s
	}
	noise["everything"] = all
	for name, fn := range noise {
		t.Run(name, func(t *testing.T) {
			// A re-export also lands under another name and directory.
			v2 := writeFile(t, t.TempDir(), "export-2026/"+strings.ReplaceAll(name, " ", "_")+".xml", []byte(fn(export)))
			rep, r := scanJSON(t, "--baseline", baselineFile, v2)
			if r.code != ExitOK || len(rep.Findings) != 0 || rep.Summary.Baselined != len(bl.Findings) || rep.Summary.BaselineFixed != 0 {
				t.Errorf("exit %d, %d new findings, %d baselined of %d, %d fixed", r.code, len(rep.Findings), rep.Summary.Baselined, len(bl.Findings), rep.Summary.BaselineFixed)
				for _, f := range rep.Findings {
					t.Logf("new: %s %d:%d %s %s", f.Rule, f.Line, f.Column, f.Entity, f.Message)
				}
			}
		})
	}

	// A real change is reported, and only it.
	changed := strings.Replace(export, `<condition expr="@tier = 'GOLD'"`, `<condition expr="@tier IN ([SQLDATA[SELECT 'GOLD']])"`, 1)
	v3 := writeFile(t, root, "v3.xml", []byte(changed))
	rep, r := scanJSON(t, "--baseline", baselineFile, v3)
	if r.code != ExitFindings || len(rep.Findings) != 1 || rep.Findings[0].Rule != "SQL-001" || rep.Findings[0].Line != 16 {
		t.Errorf("new finding: exit %d %+v", r.code, rep.Findings)
	}
	// A fixed finding shows as a baseline entry no longer found.
	fixed := strings.Replace(export, `<attribute expr="[SQLDATA[(SELECT 1)]]" name="hasOpen" type="boolean"/>`, "", 1)
	rep, _ = scanJSON(t, "--baseline", baselineFile, writeFile(t, root, "v4.xml", []byte(fixed)))
	if len(rep.Findings) != 0 || rep.Summary.BaselineFixed < 1 {
		t.Errorf("fixed: %+v", rep.Summary)
	}
	if r := runCLI(t, "", nil, "scan", "--baseline", baselineFile, writeFile(t, root, "v5.xml", []byte(fixed))); !strings.Contains(r.stdout, "in the baseline") || !strings.Contains(r.stdout, "no longer found") {
		t.Errorf("text summary: %s", r.stdout)
	}
}

func TestBaselineFromConfig(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, ".acc-audit.yaml", []byte("baseline: ci/baseline.json\n"))
	bad := writeFile(t, root, "bad.xml", []byte(sqlDataFilter))
	// Without the file yet, scan says how to create it.
	if r := runCLI(t, "", nil, "scan", bad); r.code != ExitUsage || !strings.Contains(r.stderr, "acc-audit baseline") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	os.Mkdir(filepath.Join(root, "ci"), 0o755)
	if r := runCLI(t, "", nil, "baseline", bad); r.code != ExitOK {
		t.Fatalf("baseline: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "ci", "baseline.json")); err != nil {
		t.Fatal("baseline not written where the configuration says")
	}
	if r := runCLI(t, "", nil, "scan", bad); r.code != ExitOK || !strings.Contains(r.stdout, "1 in the baseline") {
		t.Errorf("exit %d: %s", r.code, r.stdout)
	}
	if r := runCLI(t, "", nil, "scan", "--no-baseline", bad); r.code != ExitFindings {
		t.Errorf("--no-baseline: exit %d", r.code)
	}
	if r := runCLI(t, "", nil, "baseline", "-o", "-", bad); r.code != ExitOK || !strings.Contains(r.stdout, `"fingerprint"`) {
		t.Errorf("baseline to stdout: %d %s", r.code, r.stdout)
	}
}
