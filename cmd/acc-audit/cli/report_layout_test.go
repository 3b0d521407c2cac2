package cli

import (
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// probeScript measures the layout once the report's own script has run:
// the width of the document and the elements that stick out of the
// viewport (a filter control, a table, a long name).
const probeScript = `(function () {
  var d = document.documentElement, vw = d.clientWidth, wide = [];
  Array.prototype.forEach.call(document.querySelectorAll("main *, header *, nav *"), function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 0.5 && !el.closest(".table-scroll")) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className : "") + "=" + Math.round(r.right));
    }
  });
  var form = document.getElementById("filters"), out = [];
  if (form) {
    var fr = form.getBoundingClientRect();
    Array.prototype.forEach.call(form.querySelectorAll("input, select, button"), function (el) {
      var r = el.getBoundingClientRect();
      if (r.left < fr.left - 0.5 || r.right > fr.right + 0.5) { out.push(el.id || el.tagName); }
    });
  }
  parent.postMessage({width: String(d.scrollWidth) + "/" + String(vw), wide: wide.slice(0, 8).join(" "), outside: out.join(" ")}, "*");
})();`

// A headless window is never narrower than about 500 px: the report is
// measured in a frame of the phone's width, whose probe posts its
// figures to the frame's parent.
const frameTemplate = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe src="probe.html" width="WIDTH" height="800"></iframe>
<script>
window.addEventListener("message", function (ev) {
  var d = document.documentElement;
  d.setAttribute("data-probe-width", ev.data.width);
  d.setAttribute("data-probe-wide", ev.data.wide);
  d.setAttribute("data-probe-outside", ev.data.outside);
});
</script></body></html>`

// withProbe copies a report with probeScript added, and its hash added to
// the page's Content-Security-Policy, so that the probe runs under the
// same policy as the report.
func withProbe(t *testing.T, report string) string {
	t.Helper()
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(probeScript))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	s := strings.Replace(string(b), "script-src ", "script-src "+hash+" ", 1)
	s = strings.Replace(s, "</body>", "<script>"+probeScript+"</script></body>", 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "probe.html"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

var (
	probeWidth   = regexp.MustCompile(`data-probe-width="(\d+)/(\d+)"`)
	probeWide    = regexp.MustCompile(`data-probe-wide="([^"]*)"`)
	probeOutside = regexp.MustCompile(`data-probe-outside="([^"]*)"`)
)

// On a phone the report reads without sideways scrolling: wide tables
// scroll inside their box, the filters wrap inside their panel.
func TestHTMLReportPhoneWidthInChromium(t *testing.T) {
	bin := chromium(t)
	out := filepath.Join(t.TempDir(), "report.html")
	if r := runCLI(t, "", nil, "report", "-o", out, exampleDir); r.code != ExitOK {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	dir := withProbe(t, out)
	for _, width := range []int{360, 390, 768} {
		frame := filepath.Join(dir, "frame"+strconv.Itoa(width)+".html")
		if err := os.WriteFile(frame, []byte(strings.Replace(frameTemplate, "WIDTH", strconv.Itoa(width), 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		dom, log := loadInChromiumSized(t, bin, frame, 1000)
		if msgs := pageMessages(log); len(msgs) > 0 {
			t.Errorf("%d px: the page logged:\n%s", width, strings.Join(msgs, "\n"))
		}
		m := probeWidth.FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("%d px: the layout probe did not run", width)
		}
		doc, _ := strconv.Atoi(m[1])
		vw, _ := strconv.Atoi(m[2])
		if vw > width || vw < width-20 {
			t.Errorf("viewport %d px for a %d px window", vw, width)
		}
		if doc > vw {
			wide := ""
			if w := probeWide.FindStringSubmatch(dom); w != nil {
				wide = w[1]
			}
			t.Errorf("%d px: the page is %d px wide and scrolls sideways; too wide: %s", width, doc, wide)
		}
		if o := probeOutside.FindStringSubmatch(dom); o == nil || o[1] != "" {
			t.Errorf("%d px: filter controls outside their panel: %v", width, o)
		}
	}
}
