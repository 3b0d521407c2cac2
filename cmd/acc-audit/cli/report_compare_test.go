package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// compareFixture writes two audits of one export: the previous one
// without the CRM package (its findings are new now), the current one
// without the v5 package (its findings are fixed).
func compareFixture(t *testing.T) (previous, current string) {
	t.Helper()
	dir := t.TempDir()
	copyDir := func(name, skip string) string {
		out := filepath.Join(dir, name)
		entries, err := os.ReadDir(exampleDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || e.Name() == skip || !strings.HasSuffix(e.Name(), ".xml") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(exampleDir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, out, e.Name(), b)
		}
		return out
	}
	before, now := copyDir("before", "package-crm.xml"), copyDir("now", "package-legacy-v5.xml")
	r := runCLI(t, "", nil, "scan", "--no-config", "-f", "json", "--fail-on", "none", before)
	if r.code != ExitOK {
		t.Fatalf("scan: exit %d\n%s", r.code, r.stderr)
	}
	previous = filepath.Join(dir, "previous.json")
	if err := os.WriteFile(previous, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	return previous, now
}

func TestReportCompare(t *testing.T) {
	previous, now := compareFixture(t)
	r := runCLI(t, "", nil, "report", "--no-config", "-f", "md", "--compare", previous, now)
	if r.code != ExitOK {
		t.Fatalf("report --compare: exit %d\n%s", r.code, r.stderr)
	}
	m := regexp.MustCompile(`\*\*(\d+) fixed\*\*, \*\*(\d+) new\*\*`).FindStringSubmatch(r.stdout)
	if m == nil || m[1] == "0" || m[2] == "0" {
		t.Fatalf("the comparison should find fixed and new findings: %v", m)
	}
	if !strings.Contains(r.stdout, "| Fixed |") || !strings.Contains(r.stdout, "| new |") {
		t.Error("the Markdown report lacks the burn-down table or the change column")
	}
	// A baseline of the previous export serves as well.
	base := filepath.Join(filepath.Dir(previous), "baseline.json")
	if b := runCLI(t, "", nil, "baseline", "--no-config", "-o", base, filepath.Join(filepath.Dir(previous), "before")); b.code != ExitOK {
		t.Fatalf("baseline: exit %d\n%s", b.code, b.stderr)
	}
	rb := runCLI(t, "", nil, "report", "--no-config", "-f", "md", "--compare", base, now)
	if mb := regexp.MustCompile(`\*\*(\d+) fixed\*\*, \*\*(\d+) new\*\*`).FindStringSubmatch(rb.stdout); mb == nil || mb[1] != m[1] || mb[2] != m[2] {
		t.Errorf("comparing with the baseline gives %v, with the JSON report %v", mb, m)
	}
	bad := writeFile(t, t.TempDir(), "bad.json", []byte("{\"findings\": [\n  {]"))
	if r := runCLI(t, "", nil, "report", "--compare", bad, now); r.code != ExitUsage || !strings.Contains(r.stderr, "bad.json:2:4") {
		t.Errorf("a malformed --compare file: exit %d, %s", r.code, r.stderr)
	}
	// The previous audit is an input: the report never overwrites it.
	if r := runCLI(t, "", nil, "report", "--compare", previous, "-o", previous, now); r.code != ExitUsage {
		t.Errorf("-o over the --compare file: exit %d, %s", r.code, r.stderr)
	}
}

var changeTag = regexp.MustCompile(`<li class="finding \w+" data-sev="\w+" data-change="(\w+)"( hidden="")?>`)

// The compare view in a browser: every finding is marked new or
// remaining, and the change filter keeps the new ones only.
func TestHTMLReportCompareInChromium(t *testing.T) {
	bin := chromium(t)
	previous, now := compareFixture(t)
	out := filepath.Join(t.TempDir(), "report.html")
	if r := runCLI(t, "", nil, "report", "--no-config", "--compare", previous, "-o", out, now); r.code != ExitOK {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	all, log := loadInChromium(t, bin, out)
	if msgs := pageMessages(log); len(msgs) > 0 {
		t.Errorf("the page logged:\n%s", strings.Join(msgs, "\n"))
	}
	if !strings.Contains(all, "Progress since the previous audit") {
		t.Error("no comparison in the summary")
	}
	tags := changeTag.FindAllStringSubmatch(all, -1)
	news := 0
	for _, m := range tags {
		if m[1] == "new" {
			news++
		}
	}
	dom, _ := loadURLInChromium(t, bin, out, "#filter?change=new")
	shown := changeTag.FindAllStringSubmatch(dom, -1)
	for _, m := range shown {
		if m[1] != "new" || m[2] != "" {
			t.Errorf("a %s finding shows under #filter?change=new", m[1])
		}
	}
	if len(tags) == 0 || news == 0 || len(shown) != news || news == len(tags) {
		t.Errorf("%d findings marked, %d new, %d shown", len(tags), news, len(shown))
	}
	if !strings.Contains(dom, "Showing "+strconv.Itoa(news)+" of "+strconv.Itoa(len(tags))+" findings.") {
		t.Error("the status does not tell the filtered count")
	}
}
