package cli

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests load the HTML report in a real browser: they catch what no
// Go test can, a script error, a Content-Security-Policy that blocks the
// report's own script, or markup that a browser parses differently.

// chromium returns the browser to test with. In CI (CI=true) a missing
// browser fails the test, so that the check cannot silently stop running.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: CI must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium not found; install it to run the browser checks (apt-get install -y chromium)")
	return ""
}

// loadInChromium opens a file in headless Chromium once its scripts have
// run, and returns the serialised DOM and the browser's log.
func loadInChromium(t *testing.T, bin, file string) (dom, log string) {
	return loadURLInChromium(t, bin, file, "")
}

// loadURLInChromium is loadInChromium with a fragment (#...) on the URL.
func loadURLInChromium(t *testing.T, bin, file, fragment string) (dom, log string) {
	t.Helper()
	return chromiumRun(t, bin, file, fragment, "--dump-dom")
}

// loadInChromiumSized loads a file in a window of the given width.
func loadInChromiumSized(t *testing.T, bin, file string, width int) (dom, log string) {
	t.Helper()
	return chromiumRun(t, bin, file, "", "--window-size="+strconv.Itoa(width)+",900", "--dump-dom")
}

// chromiumRun runs headless Chromium on a file with extra flags and
// returns its standard output and log.
func chromiumRun(t *testing.T, bin, file, fragment string, flags ...string) (stdout, log string) {
	t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
		// The network is closed here and in CI: without these, Chromium
		// keeps trying to reach its services.
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--disable-extensions", "--user-data-dir="+t.TempDir(),
		"--enable-logging=stderr", "--v=1", "--virtual-time-budget=5000")
	cmd.Args = append(append(cmd.Args, flags...), "file://"+filepath.ToSlash(abs)+fragment)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, tail(errb.String(), 3000))
	}
	return out.String(), errb.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// pageMessages returns what the page logged: console output, uncaught
// errors and policy violations. The report logs nothing when it works.
func pageMessages(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Content Security Policy") || strings.Contains(line, "Uncaught") {
			out = append(out, line)
		}
	}
	return out
}

var (
	readyAttr  = regexp.MustCompile(`<html[^>]*\sdata-report-ready="(\d+)"`)
	handlerRe  = regexp.MustCompile(`(?i)\son[a-z]+=`)
	filterForm = regexp.MustCompile(`<form id="filters"[^>]*>`)
	findingTag = regexp.MustCompile(`<li class="finding (\w+)" data-sev="\w+"( hidden="")?>`)
)

// domTags lists the start tags of a serialised DOM with their attribute
// values emptied. Serialised text never holds a raw "<", but attribute
// values may, and they are always double-quoted with quotes escaped.
func domTags(dom string) (names []string, tags []string) {
	for i := 0; i < len(dom); {
		switch {
		case strings.HasPrefix(dom[i:], "<!--"):
			k := strings.Index(dom[i:], "-->")
			if k < 0 {
				return
			}
			i += k + 3
			continue
		case dom[i] != '<' || i+1 >= len(dom) || !isLetter(dom[i+1]):
			i++
			continue
		}
		var b strings.Builder
		j, inQuote := i+1, false
		for ; j < len(dom); j++ {
			c := dom[j]
			if c == '"' {
				inQuote = !inQuote
				b.WriteByte(c)
				continue
			}
			if inQuote {
				continue
			}
			if c == '>' {
				break
			}
			b.WriteByte(c)
		}
		tag := b.String()
		n := 0
		for n < len(tag) && (isLetter(tag[n]) || tag[n] >= '0' && tag[n] <= '9') {
			n++
		}
		name := strings.ToLower(tag[:n])
		names, tags = append(names, name), append(tags, "<"+tag+">")
		i = j + 1
		if name == "script" || name == "style" {
			if k := strings.Index(dom[i:], "</"+name); k >= 0 {
				i += k
			}
		}
	}
	return names, tags
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func TestHTMLReportInChromium(t *testing.T) {
	bin := chromium(t)
	want := exampleFindings(t)
	out := filepath.Join(t.TempDir(), "report.html")
	if r := runCLI(t, "", nil, "report", "-o", out, exampleDir); r.code != ExitOK {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	dom, log := loadInChromium(t, bin, out)
	if msgs := pageMessages(log); len(msgs) > 0 {
		t.Errorf("the page logged errors or console output:\n%s", strings.Join(msgs, "\n"))
	}
	m := readyAttr.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the report's script did not run (no data-report-ready on <html>):\n%s", tail(dom, 2000))
	}
	if n, _ := strconv.Atoi(m[1]); n != want {
		t.Errorf("the script saw %d findings, want %d", n, want)
	}
	if n := strings.Count(dom, `<li class="finding `); n != want {
		t.Errorf("%d findings in the DOM, want %d", n, want)
	}
	if f := filterForm.FindString(dom); f == "" || strings.Contains(f, "hidden") {
		t.Errorf("the filter form is not shown once the script ran: %q", f)
	}
	status := fmt.Sprintf("Showing all %d findings.", want)
	if want == 1 {
		status = "Showing all 1 finding."
	}
	if !strings.Contains(dom, status) {
		t.Errorf("the filter status was not updated to %q", status)
	}

	// A filter in the address applies on load: the filter script works in
	// a real browser, and filtered views can be bookmarked.
	errors := strings.Count(dom, `<li class="finding error"`)
	dom, log = loadURLInChromium(t, bin, out, "#filter?severity=error")
	if msgs := pageMessages(log); len(msgs) > 0 {
		t.Errorf("the filtered page logged:\n%s", strings.Join(msgs, "\n"))
	}
	// Filters run on the data: the rows drawn are the matching ones.
	drawn := findingTag.FindAllStringSubmatch(dom, -1)
	for _, m := range drawn {
		if m[1] != "error" || m[2] != "" {
			t.Errorf("a %s finding shows under #filter?severity=error", m[1])
		}
	}
	if len(drawn) != errors {
		t.Errorf("#filter?severity=error shows %d findings, want the %d errors", len(drawn), errors)
	}
	if !strings.Contains(dom, fmt.Sprintf("Showing %d of %d findings.", errors, want)) {
		t.Error("the status does not tell the filtered count")
	}
	dom, _ = loadURLInChromium(t, bin, out, "#filter?q=no-such-text-anywhere")
	for _, m := range findingTag.FindAllStringSubmatch(dom, -1) {
		if m[2] == "" {
			t.Fatal("a search matching nothing should hide every finding")
		}
	}
	if !strings.Contains(dom, fmt.Sprintf("Showing 0 of %d findings.", want)) {
		t.Error("the status does not tell that nothing matches")
	}

	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("chromium: %d findings rendered and filterable, no console message; report %d bytes, DOM %d bytes", want, st.Size(), len(dom))
}

// A hostile export in a real browser: whatever the export holds, the DOM
// has the report's one script, no element with an event handler, and no
// image, and the browser reports no blocked injection.
func TestHTMLHostileReportInChromium(t *testing.T) {
	bin := chromium(t)
	payload := `</script><script>alert(1)</script> "><img src=x onerror=alert(1)> <svg onload=alert(1)> javascript:alert(1) {{.}}` + "\u2028"
	a := html.EscapeString(payload)
	export := `<package name="` + a + `" namespace="cus" label="` + a + `" vendor="` + a + `" buildVersion="6.1">
  <entities schema="xtk:queryFilter">
    <queryFilter name="` + a + `" label="` + a + `" schema="nms:recipient">
      <where><condition expr="@id IN ([SQLDATA[SELECT 1]])" label="` + a + `"/></where>
    </queryFilter>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="` + a + `" label="` + a + `"><activities><js name="` + a + `"><script><![CDATA[
var q = <queryDef><select><node expr="count(*)"/></select></queryDef>; // ` + payload + `
]]></script></js></activities></workflow>
  </entities>
</package>`
	dir := t.TempDir()
	// A file name can carry markup too (no slash allowed).
	name := filepath.Join(dir, `"><img src=x onerror=alert(1)>{{.}}.xml`)
	if err := os.WriteFile(name, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "hostile.html")
	r := runCLI(t, "", nil, "report", "-o", out, dir)
	if r.code != ExitOK {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	dom, log := loadInChromium(t, bin, out)
	if msgs := pageMessages(log); len(msgs) > 0 {
		t.Errorf("the page logged errors, console output or blocked content:\n%s", strings.Join(msgs, "\n"))
	}
	if readyAttr.FindStringSubmatch(dom) == nil {
		t.Error("the report's script did not run")
	}
	names, tags := domTags(dom)
	count := map[string]int{}
	for i, n := range names {
		count[n]++
		if h := handlerRe.FindString(tags[i]); h != "" {
			t.Errorf("an element with an event handler was injected: %s", tags[i])
		}
	}
	// The report's script, and its data island, which never runs.
	run := 0
	for i, n := range names {
		if n == "script" && !strings.Contains(tags[i], " type=") {
			run++
		}
	}
	if run != 1 || count["script"] != 2 {
		t.Errorf("%d script elements in the DOM (%d that run), want the report's own and its data", count["script"], run)
	}
	if count["img"] > 0 || count["iframe"] > 0 || count["object"] > 0 {
		t.Errorf("elements were injected: %v", count)
	}
	if count["li"] < 3 {
		t.Errorf("the DOM looks incomplete: %v", count)
	}
	if !strings.Contains(dom, "onerror=alert(1)&gt;") || !strings.Contains(dom, "&lt;/script&gt;&lt;script&gt;alert(1)") {
		t.Error("the hostile text should show, escaped")
	}
}
