package report

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/inventory"
)

// The HTML report is one self-contained file: a consultant mails it, opens
// it offline, prints it. Style and script are embedded, charts are inline
// SVG, and everything taken from the export goes through html/template,
// because exports hold arbitrary markup and script (web pages, JSSP,
// delivery content) that must show as text.

//go:embed assets/report.html.tmpl assets/report.css assets/report.js
var htmlAssets embed.FS

var htmlPage = sync.OnceValues(func() (*htmlResources, error) {
	read := func(name string) (string, error) {
		b, err := htmlAssets.ReadFile("assets/" + name)
		return string(b), err
	}
	css, err := read("report.css")
	if err != nil {
		return nil, err
	}
	js, err := read("report.js")
	if err != nil {
		return nil, err
	}
	src, err := read("report.html.tmpl")
	if err != nil {
		return nil, err
	}
	t, err := template.New("report").Funcs(htmlFuncs).Parse(src)
	if err != nil {
		return nil, err
	}
	return &htmlResources{tmpl: t, css: css, js: js}, nil
})

type htmlResources struct {
	tmpl    *template.Template
	css, js string
}

// contentSecurityPolicy allows nothing but the report's own style and
// script, named by hash: a script or style smuggled in by an export, or an
// image or frame pointing to a server, would not run or load even if it
// escaped the template. Hashes rather than 'unsafe-inline' are possible
// because the report sets no style attributes (charts use SVG geometry and
// classes). frame-ancestors and sandbox are left out: browsers ignore them
// in a meta element and log an error for each.
func contentSecurityPolicy(css, js string) string {
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'none'; style-src " + hash(css) + "; script-src " + hash(js) +
		"; base-uri 'none'; form-action 'none'"
}

type htmlView struct {
	M              *Migration
	CSS            template.CSS
	JS             template.JS
	CSP            string
	Donut          []donutSeg
	MaxArea        int
	MaxType        int
	MaxHours       float64
	ComplexityRule string
	// Data is the findings' JSON data island (see findingsData).
	Data template.JS
}

// HTML writes the migration report as one self-contained HTML page.
func HTML(w io.Writer, m *Migration) error {
	res, err := htmlPage()
	if err != nil {
		return fmt.Errorf("html report template: %w", err)
	}
	css := res.css + pageCSS(m)
	v := htmlView{M: m, CSS: template.CSS(css), JS: template.JS(res.js), CSP: contentSecurityPolicy(css, res.js),
		Donut: donut(m.Counts), ComplexityRule: ComplexityRule()}
	for _, a := range m.Areas {
		v.MaxArea = max(v.MaxArea, a.Counts.Total())
		v.MaxHours = max(v.MaxHours, a.Hours)
	}
	for _, t := range m.Types {
		v.MaxType = max(v.MaxType, t.Counts.Total())
	}
	if v.Data, err = findingsData(m); err != nil {
		return fmt.Errorf("html report data: %w", err)
	}
	// A bidirectional override in a file name would reorder what the
	// reader sees ("rlo\u202Egnp.xml" reads "rlolmx.png"): every such
	// character, and every control, shows as an escape. The style and
	// script hold none, so their hashes in the policy still match.
	return renderVisible(w, false, func(w io.Writer) error { return res.tmpl.Execute(w, v) })
}

var htmlFuncs = template.FuncMap{
	"hours":      FormatHours,
	"effort":     FormatEffort,
	"rhours":     RoundHours,
	"aboutDays":  AboutDays,
	"date":       FormatDate,
	"prose":      CustomerProse,
	"filesRead":  filesRead,
	"days":       FormatDays,
	"daysNum":    func(h float64) string { return strconv.FormatFloat(math.Round(h/hoursPerDay*10)/10, 'f', -1, 64) },
	"bytes":      FormatBytes,
	"group":      func(n int) string { return groupThousands(int64(n)) },
	"plural":     plural,
	"spans":      codeSpans,
	"slug":       slug,
	"sev":        func(s audit.Severity) string { return s.String() },
	"classLabel": func(c inventory.Class) string { return c.Label() },
	"join":       strings.Join,
	"inc":        func(i int) int { return i + 1 },
	"float":      func(i int) float64 { return float64(i) },
	"num":        func(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64) },
	"pct": func(n, total int) string {
		if total == 0 {
			return "0%"
		}
		return strconv.Itoa(int(math.Round(float64(n)*100/float64(total)))) + "%"
	},
	"from": func(r *audit.Rule) string {
		if len(r.From) == 0 {
			return "all versions"
		}
		return strings.Join(r.From, ", ")
	},
	"httpURL": httpURL,
	"some":    someOf,
	"sevbar":  sevBar,
	"valbar": func(v, maxV float64, class string) []barSeg {
		if maxV <= 0 || v <= 0 {
			return nil
		}
		return []barSeg{{Class: class, W: v * 100 / maxV}}
	},
	"maxActivity": func(g inventory.ActivityGroup) float64 {
		m := 0
		for _, t := range g.Types {
			m = max(m, t.Count)
		}
		return float64(m)
	},
}

// some is the head of a long list and how many items it leaves out.
type some struct {
	Shown []string
	More  int
}

// someOf keeps reports readable on exports with thousands of similar
// objects; the JSON inventory has the full lists.
func someOf(items []string, n int) some {
	if len(items) <= n {
		return some{Shown: items}
	}
	return some{Shown: items[:n], More: len(items) - n}
}

// httpURL keeps documentation links that are plain web addresses; anything
// else is shown nowhere rather than trusted.
func httpURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.String()
}

// A barSeg is one segment of a horizontal bar, in percent of the width.
type barSeg struct {
	Class string
	X, W  float64
}

// sevBar stacks the severities of c on a bar scaled to maxTotal.
func sevBar(c Counts, maxTotal int) []barSeg {
	if maxTotal <= 0 {
		return nil
	}
	var out []barSeg
	x := 0.0
	for _, s := range []struct {
		class string
		n     int
	}{{"error", c.Error}, {"warning", c.Warning}, {"info", c.Info}} {
		if s.n == 0 {
			continue
		}
		w := float64(s.n) * 100 / float64(maxTotal)
		out = append(out, barSeg{Class: s.class, X: x, W: w})
		x += w
	}
	return out
}

// A donutSeg is one severity on the donut: a dash of a circle whose
// circumference is 100, so that lengths are percentages.
type donutSeg struct {
	Class    string
	Len, Gap float64
	Offset   float64
}

func donut(c Counts) []donutSeg {
	total := c.Total()
	if total == 0 {
		return nil
	}
	var out []donutSeg
	done := 0.0
	for _, s := range []struct {
		class string
		n     int
	}{{"error", c.Error}, {"warning", c.Warning}, {"info", c.Info}} {
		if s.n == 0 {
			continue
		}
		l := float64(s.n) * 100 / float64(total)
		// A dash offset of 25 starts the first segment at twelve o'clock.
		out = append(out, donutSeg{Class: s.class, Len: l, Gap: 100 - l, Offset: 25 - done})
		done += l
	}
	return out
}
