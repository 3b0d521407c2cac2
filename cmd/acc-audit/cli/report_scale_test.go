package cli

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/internal/benchgen"
)

// dataFinding is a finding of the report's data island, decoded as the
// report's script decodes it.
type dataFinding struct {
	Severity, Change, Rule, Title, Precision string
	Area                                     int
	Hay                                      string // what the search box matches
	Entity, Anchor                           string
}

// islandFindings decodes the data island of an HTML report.
func islandFindings(t *testing.T, page string) []dataFinding {
	t.Helper()
	const open = `<script type="application/json" id="report-data">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatal("no data island in the report")
	}
	j := strings.Index(page[i:], "</script>")
	var d struct {
		Strings []string
		Rules   [][]any
		Areas   [][][]any
	}
	if err := json.Unmarshal([]byte(page[i+len(open):i+j]), &d); err != nil {
		t.Fatalf("the data island is not JSON: %v", err)
	}
	num := func(v any) int { return int(v.(float64)) }
	sevs, changes := []string{"error", "warning", "info"}, []string{"", "new", "remaining"}
	var out []dataFinding
	for ai, area := range d.Areas {
		for _, e := range area {
			id, label, clsLabel, file := e[0].(string), e[2].(string), d.Strings[num(e[4])], d.Strings[num(e[5])]
			for _, g := range e[8].([]any) {
				g := g.([]any)
				rule := d.Rules[num(g[0])]
				for _, f := range g[1].([]any) {
					f := f.([]any)
					place := d.Strings[num(f[4])]
					if place != "" {
						place = "in " + place
					}
					sev, change := sevs[num(f[0])], changes[num(f[7])]
					// The fields report.js searches, in its order.
					hay := strings.ToLower(strings.Join([]string{sev, change, f[3].(string),
						file + ":" + strconv.Itoa(num(f[1])) + ":" + strconv.Itoa(num(f[2])), place, d.Strings[num(f[5])],
						d.Strings[num(f[6])], id, label, clsLabel, rule[0].(string) + " · " + rule[1].(string)}, " "))
					out = append(out, dataFinding{Severity: sev, Change: change, Rule: rule[0].(string), Title: rule[1].(string),
						Precision: rule[2].(string), Area: ai, Hay: hay, Entity: id, Anchor: e[1].(string)})
				}
			}
		}
	}
	return out
}

// scaleProbe drives the report as a reader would, once its script has
// run: each filter in turn (then undone), scrolling to the end of the
// first area, its "Show more" button, and every internal link. It posts
// what it saw as JSON on <html data-probe>.
const scaleProbe = `(function () {
  var $ = function (s) { return document.querySelector(s); };
  var res = { steps: [] };
  var rows = function () { return document.querySelectorAll("li.finding").length; };
  var shown = function () {
    var m = /Showing (all )?([\d,]+)/.exec($("#filter-status").textContent);
    return m ? Number(m[2].replace(/,/g, "")) : -1;
  };
  var pick = function (sel, v) { var e = $(sel); e.value = v; e.dispatchEvent(new Event("change", { bubbles: true })); };
  var type = function (v) { var e = $("#f-text"); e.value = v; e.dispatchEvent(new Event("input", { bubbles: true })); };
  var tick = function (v) { $("input[name=sev][value=" + v + "]").click(); };
  res.load = { rows: rows(), elements: document.getElementsByTagName("*").length, entities: document.querySelectorAll("article.entity").length, shown: shown() };
  $("#f-entity").dispatchEvent(new Event("focus"));
  var entity = $("#f-entity").options[1].value;
  var area = $("#f-area").options[1].value;
  var filters = [
    ["no-info", function () { tick("info"); }, function () { tick("info"); }, function (li) { return li.getAttribute("data-sev") !== "info"; }],
    ["area", function () { pick("#f-area", area); }, function () { pick("#f-area", ""); }, function (li) { return li.closest("section.area").getAttribute("data-area") === area; }],
    ["precision-medium", function () { pick("#f-precision", "medium"); }, function () { pick("#f-precision", ""); }, null],
    ["precision-very-high", function () { pick("#f-precision", "very-high"); }, function () { pick("#f-precision", ""); }, null],
    ["entity", function () { pick("#f-entity", entity); }, function () { pick("#f-entity", ""); }, function (li) { return li.closest("article.entity").getAttribute("data-entity") === entity; }],
    ["search", function () { type("sqlselect order"); }, function () { type(""); }, null]
  ];
  filters.forEach(function (f) {
    f[1]();
    var bad = 0;
    Array.prototype.forEach.call(document.querySelectorAll("li.finding"), function (li) {
      if (f[3] && !f[3](li)) { bad++; }
    });
    res.steps.push({ name: f[0], shown: shown(), rows: rows(), bad: bad });
    f[2]();
  });
  res.entity = entity;
  res.area = area;
  res.reset = shown();
  var more = $("p.more:not([hidden])");
  var before = rows();
  more.scrollIntoView();
  setTimeout(function () {
    res.scrolled = [before, rows()];
    var b2 = rows();
    $("p.more:not([hidden]) button").click();
    res.clicked = [b2, rows()];
    var missing = 0, links = 0, drawn = 0;
    Array.prototype.forEach.call(document.querySelectorAll("a[href^='#']"), function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      links++;
      if (document.getElementById(id) === null) {
        location.hash = "#" + id;
        window.dispatchEvent(new HashChangeEvent("hashchange"));
        if (document.getElementById(id) === null) { missing++; } else { drawn++; }
      }
    });
    res.links = [links, drawn, missing];
    // The last entity of the first area, far beyond the rows drawn.
    var first = JSON.parse($("#report-data").textContent).areas[0];
    var deep = first[first.length - 1][1];
    // Hidden by a filter, too: following the link clears the filters.
    tick("error");
    var had = document.getElementById(deep) !== null;
    location.hash = "#" + deep;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    res.deep = [had, document.getElementById(deep) !== null, $("input[name=sev][value=error]").checked, shown()];
    // Paper cannot scroll: before printing, every finding is drawn.
    window.dispatchEvent(new Event("beforeprint"));
    res.printed = rows();
    document.documentElement.setAttribute("data-probe", JSON.stringify(res));
  }, 500);
})();`

var probeAttr = regexp.MustCompile(`data-probe="([^"]*)"`)

// A report of a few thousand findings: the page draws a first page of
// rows, far fewer than the findings; the filters count on the data
// (the counts the status gives are those of the findings); more rows
// come when the reader scrolls to the end of an area or presses its
// button; links to entities not drawn yet draw them; and before
// printing every finding is drawn (Chromium fires beforeprint for
// --print-to-pdf too).
func TestHTMLReportAtScaleInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	export := filepath.Join(dir, "export.xml")
	if _, err := benchgen.PackageFile(export, 12_000_000); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.html")
	if r := runCLI(t, "", nil, "report", "--no-config", "-o", out, export); r.code != ExitFindings && r.code != ExitOK {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	data := islandFindings(t, string(page))
	n := len(data)
	if n < 2000 {
		t.Fatalf("the generated export gives %d findings, want a few thousand", n)
	}
	if strings.Count(string(page), `class="finding `) > 0 {
		t.Error("findings written as markup: they are data, drawn by the script")
	}

	s := string(page)
	sum := sha256Base64(scaleProbe)
	s = strings.Replace(s, "script-src ", "script-src 'sha256-"+sum+"' ", 1)
	s = strings.Replace(s, "</body>", "<script>"+scaleProbe+"</script></body>", 1)
	probe := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(probe, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, log := loadInChromium(t, bin, probe)
	if msgs := pageMessages(log); len(msgs) > 0 {
		t.Errorf("the page logged:\n%s", strings.Join(msgs, "\n"))
	}
	m := probeAttr.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not finish:\n%s", tail(log, 2000))
	}
	var res struct {
		Load  struct{ Rows, Elements, Entities, Shown int }
		Steps []struct {
			Name             string
			Shown, Rows, Bad int
		}
		Entity, Area string
		Reset        int
		Scrolled     [2]int
		Clicked      [2]int
		Links        [3]int
		Deep         []any
		Printed      int
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &res); err != nil {
		t.Fatal(err)
	}

	// At load: every finding counted, a first page drawn.
	if res.Load.Shown != n {
		t.Errorf("the status counts %d findings, the data holds %d", res.Load.Shown, n)
	}
	if res.Load.Rows == 0 || res.Load.Rows*10 > n || res.Load.Entities > res.Load.Rows {
		t.Errorf("at load %d rows in %d entities for %d findings: the page should draw a first page only", res.Load.Rows, res.Load.Entities, n)
	}

	// Each filter counts what the data says.
	rank := map[string]int{"very-high": 4, "high": 3, "medium": 2, "low": 1}
	areaName := regexp.MustCompile(`data-area="([^"]*)"`).FindAllStringSubmatch(s, -1)
	want := map[string]func(dataFinding) bool{
		"no-info":             func(f dataFinding) bool { return f.Severity != "info" },
		"area":                func(f dataFinding) bool { return html.UnescapeString(areaName[f.Area][1]) == res.Area },
		"precision-medium":    func(f dataFinding) bool { return rank[f.Precision] >= 2 },
		"precision-very-high": func(f dataFinding) bool { return rank[f.Precision] >= 4 },
		"entity":              func(f dataFinding) bool { return f.Entity == res.Entity },
		"search": func(f dataFinding) bool {
			return strings.Contains(f.Hay, "sqlselect") && strings.Contains(f.Hay, "order")
		},
	}
	if len(res.Steps) != len(want) {
		t.Fatalf("the probe ran %d filters, want %d", len(res.Steps), len(want))
	}
	distinct := map[int]bool{}
	for _, st := range res.Steps {
		expected := 0
		for _, f := range data {
			if want[st.Name](f) {
				expected++
			}
		}
		distinct[expected] = true
		if st.Shown != expected {
			t.Errorf("%s: the status shows %d findings, the data has %d", st.Name, st.Shown, expected)
		}
		if st.Bad > 0 {
			t.Errorf("%s: %d rows drawn that the filter excludes", st.Name, st.Bad)
		}
		if st.Rows == 0 && expected > 0 || st.Rows > expected || st.Rows*5 > n {
			t.Errorf("%s: %d rows drawn for %d matching findings", st.Name, st.Rows, expected)
		}
	}
	if len(distinct) < 4 {
		t.Errorf("the filters should select different counts on this export: %v", distinct)
	}
	if res.Reset != n {
		t.Errorf("undoing every filter shows %d findings, want %d", res.Reset, n)
	}

	// More rows on demand.
	if res.Scrolled[1] <= res.Scrolled[0] {
		t.Errorf("scrolling to the end of the first area drew no more rows: %v", res.Scrolled)
	}
	if res.Clicked[1] <= res.Clicked[0] {
		t.Errorf("pressing Show more drew no more rows: %v", res.Clicked)
	}
	// Every internal link leads somewhere, some only once drawn.
	if res.Links[0] == 0 || res.Links[2] != 0 {
		t.Errorf("internal links: %d, drawn when followed %d, leading nowhere %d", res.Links[0], res.Links[1], res.Links[2])
	}
	if len(res.Deep) != 4 || res.Deep[0] != false || res.Deep[1] != true || res.Deep[2] != true || res.Deep[3] != float64(n) {
		t.Errorf("a link to the last entity of an area, hidden by a filter: [drawn before, after, filter cleared, shown] = %v", res.Deep)
	}
	if res.Printed != n {
		t.Errorf("before printing %d rows are drawn, want the %d findings", res.Printed, n)
	}
	t.Logf("%d findings, report %d bytes; at load %d rows, %d elements; links %v; scrolled %v, clicked %v; deep link %v",
		n, len(page), res.Load.Rows, res.Load.Elements, res.Links, res.Scrolled, res.Clicked, res.Deep)
}

func sha256Base64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}
