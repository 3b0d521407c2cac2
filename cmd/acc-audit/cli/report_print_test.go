package cli

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// poppler returns the path of a poppler-utils tool (pdfinfo, pdftotext);
// like chromium, a missing tool fails the test in CI.
func poppler(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found: CI must install it (apt-get install -y poppler-utils)", name)
	}
	t.Skipf("%s not found; install poppler-utils to run the print checks", name)
	return ""
}

// withPaper copies a report with its page size forced to paper (the
// report leaves it to the printer), the style's hash updated in the
// Content-Security-Policy.
func withPaper(t *testing.T, report, paper string) string {
	t.Helper()
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, "<style>")+len("<style>"), strings.Index(s, "</style>")
	if i < len("<style>") || j < i {
		t.Fatal("no style element in the report")
	}
	hash := func(css string) string {
		sum := sha256.Sum256([]byte(css))
		// The policy sits in an attribute, where html/template writes + as &#43;.
		return strings.ReplaceAll(base64.StdEncoding.EncodeToString(sum[:]), "+", "&#43;")
	}
	css := s[i:j]
	if !strings.Contains(s[:i], hash(css)) || !strings.Contains(css, "@page { size: auto") {
		t.Fatal("the report's style hash or page size is not where expected")
	}
	forced := strings.Replace(css, "@page { size: auto", "@page { size: "+paper, 1)
	out := filepath.Join(t.TempDir(), strings.ToLower(paper)+".html")
	if err := os.WriteFile(out, []byte(strings.Replace(s[:i], hash(css), hash(forced), 1)+forced+s[j:]), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// The example prints as a deliverable: at most 15 pages on A4 and on
// Letter, each with the report's title, the customer, the date and its
// number.
func TestHTMLReportPrintInChromium(t *testing.T) {
	bin := chromium(t)
	pdfinfo, pdftotext := poppler(t, "pdfinfo"), poppler(t, "pdftotext")
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764633600"}
	if r := runCLI(t, "", env, "report", "--customer", "Acme Bank", "-o", out, exampleDir); r.code != ExitOK {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	for _, paper := range []string{"A4", "Letter"} {
		pdf := filepath.Join(dir, paper+".pdf")
		_, log := chromiumRun(t, bin, withPaper(t, out, paper), "", "--no-pdf-header-footer", "--print-to-pdf="+pdf)
		if msgs := pageMessages(log); len(msgs) > 0 {
			t.Errorf("%s: the page logged:\n%s", paper, strings.Join(msgs, "\n"))
		}
		info, err := exec.Command(pdfinfo, pdf).Output()
		if err != nil {
			t.Fatalf("%s: pdfinfo: %v", paper, err)
		}
		m := pagesLine.FindSubmatch(info)
		if m == nil {
			t.Fatalf("%s: no page count in\n%s", paper, info)
		}
		pages, _ := strconv.Atoi(string(m[1]))
		if pages > 15 {
			t.Errorf("%s: the example prints on %d pages, want at most 15", paper, pages)
		}
		if !strings.Contains(strings.ToLower(string(info)), "("+strings.ToLower(paper)+")") {
			t.Errorf("%s: the PDF is not on %s paper:\n%s", paper, paper, info)
		}
		for _, p := range []int{1, pages} {
			text, err := exec.Command(pdftotext, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Campaign Classic v7 migration audit", "Acme Bank", "2 December 2025", fmt.Sprintf("Page %d of %d", p, pages)} {
				if !strings.Contains(string(text), want) {
					t.Errorf("%s: page %d lacks %q in its header or footer", paper, p, want)
				}
			}
		}
		t.Logf("%s: %d pages", paper, pages)
	}
}
