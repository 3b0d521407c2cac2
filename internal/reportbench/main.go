// Command reportbench measures the HTML report in headless Chromium at
// scale: it generates an export with about N findings (internal/benchgen),
// builds its report with acc-audit, loads it and times the first render
// and each filter. `make bench-report` runs it; README's report section
// quotes its figures.
//
// What is measured, in milliseconds:
//
//   - first render: from navigation start (the document's time origin)
//     to the "report-visible" performance mark. The report's script sets
//     it from a task queued in the animation frame after it drew the
//     summary's numbers and the first rows of findings, so the mark
//     comes once that frame is on screen: parsing the page, decoding the
//     data island, drawing and painting are all inside.
//   - a filter: from just before the control changes (a click, or a new
//     value and its change event, as a user's selection fires) to a task
//     queued from the next animation frame, that is after the list has
//     been updated and painted.
//
// Timings are a median of -runs loads (first render) and of -runs
// changes of each control, each change undone between runs.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/acc-audit/acc-audit/cmd/acc-audit/cli"
	"github.com/acc-audit/acc-audit/internal/benchgen"
)

// findingsPerMB is how many findings a megabyte of benchgen's export gives
// (10,897 at 50 MB), to size the export for the findings asked for.
const findingsPerMB = 217

func main() {
	findings := flag.Int("findings", 10000, "approximate number of findings of the generated export")
	runs := flag.Int("runs", 5, "loads and filter changes measured (the median is printed)")
	browser := flag.String("chromium", "/usr/bin/chromium", "Chromium or Chrome binary")
	keep := flag.String("keep", "", "folder to keep the export and the report in (default: a temporary folder, deleted)")
	flag.Parse()
	if err := run(*findings, *runs, *browser, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "reportbench:", err)
		os.Exit(1)
	}
}

func run(findings, runs int, browser, keep string) error {
	dir := keep
	if dir == "" {
		d, err := os.MkdirTemp("", "reportbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	export, report := filepath.Join(dir, "export.xml"), filepath.Join(dir, "report.html")
	size := max(1, (findings+findingsPerMB-1)/findingsPerMB)
	if err := generate(export, int64(size)*1_000_000); err != nil {
		return err
	}
	var stderr bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }, Ctx: context.Background()}
	if code := cli.Main([]string{"report", "--no-config", "-o", report, export}, env); code != cli.ExitOK && code != cli.ExitFindings {
		return fmt.Errorf("acc-audit report: exit %d\n%s", code, stderr.String())
	}
	st, err := os.Stat(report)
	if err != nil {
		return err
	}
	version, _ := exec.Command(browser, "--version").Output()

	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-background-networking", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		return fmt.Errorf("start %s: %w", browser, err)
	}

	// One tab for everything: a tab in the background gets no animation
	// frames, and both timings end on one. Each load starts from a blank
	// page, so that nothing of the previous load is left but what the
	// browser caches for any file.
	url := "file://" + filepath.ToSlash(report)
	var first []float64
	var load pageLoad
	for range runs {
		if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
			return err
		}
		l, err := loadPage(bctx, url)
		if err != nil {
			return err
		}
		first, load = append(first, l.Visible), l
	}
	tctx := bctx
	fmt.Printf("reportbench: %s findings, export %s, report %s (%.0f bytes per finding)\n",
		group(load.Findings), mb(float64(size)*1e6), mb(float64(st.Size())), float64(st.Size())/float64(max(1, load.Findings)))
	fmt.Printf("browser: %s, %d runs, median (max)\n", strings.TrimSpace(string(version)), runs)
	fmt.Printf("first render: %.0f ms (%.0f); DOM at load: %d elements, %d finding rows\n",
		median(first), slices.Max(first), load.Elements, load.Rows)
	fmt.Println("\n| filter | median ms | max ms | of which script | findings shown | rows drawn |\n|---|---:|---:|---:|---:|---:|")
	for _, f := range filters {
		var times, syncs []float64
		var last filterResult
		for range runs {
			r, err := chromedp.Run(tctx, evaluate(f.apply))
			if err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
			times, syncs, last = append(times, r.MS), append(syncs, r.Sync), r
			if f.undo != "" {
				if _, err := chromedp.Run(tctx, evaluate(f.undo)); err != nil {
					return fmt.Errorf("%s, undo: %w", f.name, err)
				}
			}
		}
		fmt.Printf("| %s | %.0f | %.0f | %.0f | %s | %d |\n", f.name, median(times), slices.Max(times), median(syncs), last.Status, last.Rows)
	}
	return nil
}

func generate(path string, size int64) error {
	_, err := benchgen.PackageFile(path, size)
	return err
}

type pageLoad struct {
	Visible  float64 `json:"visible"`
	Findings int     `json:"findings"`
	Elements int     `json:"elements"`
	Rows     int     `json:"rows"`
}

// loadPage navigates to the report and waits for its "report-visible"
// mark.
func loadPage(ctx context.Context, url string) (pageLoad, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return pageLoad{}, fmt.Errorf("load %s: %w", url, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`performance.getEntriesByName("report-visible").length > 0`,
		chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
		return pageLoad{}, fmt.Errorf("load %s: no report-visible mark: %w", url, err)
	}
	l, err := chromedp.Run(ctx, chromedp.Evaluate[pageLoad](`({
  visible: performance.getEntriesByName("report-visible")[0].startTime,
  findings: Number(document.documentElement.getAttribute("data-report-ready")),
  elements: document.getElementsByTagName("*").length,
  rows: document.querySelectorAll("li.finding").length
})`))
	if err != nil {
		return l, fmt.Errorf("load %s: %w", url, err)
	}
	return l, nil
}

type filterResult struct {
	MS     float64 `json:"ms"`
	Sync   float64 `json:"sync"`
	Status string  `json:"status"`
	Rows   int     `json:"rows"`
}

// measure wraps a change of the page in the timing: the change, then the
// next animation frame and a task after it.
func measure(change string) string {
	return `(async () => {
  const $ = (s) => document.querySelector(s);
  const pick = (sel, value) => { const e = $(sel); e.value = value; e.dispatchEvent(new Event("change", {bubbles: true})); };
  const t0 = performance.now();
  ` + change + `;
  const sync = performance.now() - t0;
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return {ms: performance.now() - t0, sync: sync, status: $("#filter-status").textContent, rows: document.querySelectorAll("li.finding").length};
})()`
}

func evaluate(change string) chromedp.Action[filterResult] {
	return chromedp.Evaluate[filterResult](measure(change), chromedp.EvalAwaitPromise)
}

// filters are the controls a reader uses, each with how to undo it.
var filters = []struct{ name, apply, undo string }{
	{"severity: untick info", `$("input[name=sev][value=info]").click()`, `$("input[name=sev][value=info]").click()`},
	{"severity: untick errors", `$("input[name=sev][value=error]").click()`, `$("input[name=sev][value=error]").click()`},
	{"risk area: the second", `pick("#f-area", $("#f-area").options[2].value)`, `pick("#f-area", "")`},
	{"precision: hide low", `pick("#f-precision", "medium")`, `pick("#f-precision", "")`},
	{"precision: very high only", `pick("#f-precision", "very-high")`, `pick("#f-precision", "")`},
	{"entity: one (list filled on focus)", `$("#f-entity").dispatchEvent(new Event("focus")); pick("#f-entity", $("#f-entity").options[1].value)`, `pick("#f-entity", "")`},
	{"search: sqlselect", `(() => { const e = $("#f-text"); e.value = "sqlselect"; e.dispatchEvent(new Event("input", {bubbles: true})); })()`,
		`(() => { const e = $("#f-text"); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`},
	{"search: no match", `(() => { const e = $("#f-text"); e.value = "no-such-text"; e.dispatchEvent(new Event("input", {bubbles: true})); })()`,
		`(() => { const e = $("#f-text"); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`},
	{"show more (first area)", `$("p.more:not([hidden]) button").click()`, ``},
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func mb(n float64) string { return fmt.Sprintf("%.1f MB", n/1e6) }

func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
