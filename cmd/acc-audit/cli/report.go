package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit/report"
)

// reportFormats maps --format names and output file extensions to the
// migration report renderers.
var reportFormats = map[string]string{
	"html": "html", "htm": "html", "md": "md", "markdown": "md", "csv": "csv",
}

func reportCmd(args []string, env Env) int {
	var c commonFlags
	fs := pflag.NewFlagSet("report", pflag.ContinueOnError)
	fs.SortFlags = false
	format := fs.StringP("format", "f", "", "report format: html, md (GitHub Markdown) or csv (default: from the --output extension, else html)")
	output := fs.StringP("output", "o", "", "write the report to `FILE` instead of standard output")
	title := fs.String("title", "", "title of the report (default \""+report.DefaultTitle+"\")")
	customer := fs.String("customer", "", "name of the customer the report is for, shown in its header")
	author := fs.String("author", "", "name of the assessor or firm that prepared the report, shown in its header")
	compare := fs.String("compare", "", "compare with a previous audit: `FILE` is its scan -f json output or a baseline; shows new, fixed and remaining findings and the effort burned down")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark, for Excel")
	failOn := fs.String("fail-on", "none", "exit 1 when a finding has this severity or higher: error, warning, info, none")
	noProgress := fs.Bool("no-progress", false, "never draw the progress bar (it is drawn only when stderr is a terminal and CI is not set)")
	c.register(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError(env, "report needs at least one PATH (a file, a directory, a .zip archive, or - for stdin)")
	}
	kind := reportFormats[strings.ToLower(*format)]
	if *format == "" {
		kind = reportFormats[strings.TrimPrefix(strings.ToLower(filepath.Ext(*output)), ".")]
		if kind == "" {
			kind = "html"
		}
	}
	if kind == "" {
		return usageError(env, "unknown format %q (want html, md or csv)", *format)
	}
	if *bom && kind != "csv" {
		return usageError(env, "--bom applies to --format csv only")
	}
	threshold, ok := parseFailOn(*failOn)
	if !ok {
		return usageError(env, "--fail-on must be error, warning, info or none, not %q", *failOn)
	}
	// SOURCE_DATE_EPOCH fixes the analysis date, so that a report built
	// again from the same inputs has the same bytes.
	date, err := report.AnalysisDate(env.Getenv("SOURCE_DATE_EPOCH"), env.Now())
	if err != nil {
		return usageError(env, "SOURCE_DATE_EPOCH must be a number of seconds since 1970, not %q", env.Getenv("SOURCE_DATE_EPOCH"))
	}
	var previous []report.PreviousFinding
	if *compare != "" {
		data, err := os.ReadFile(*compare)
		if err != nil {
			return usageError(env, "cannot read --compare file: %v", err)
		}
		if previous, err = report.ParsePrevious(*compare, data); err != nil {
			return usageError(env, "--compare: %v", err)
		}
	}
	st, code := c.settings(fs, paths, env)
	if code != ExitOK {
		return code
	}
	st.failOn = threshold

	env, guard := guardOutputs(env, append(slices.Clone(paths), append(c.settingsFiles(fs, st), nonEmpty(*compare)...)...), outputTarget{"the report", *output})
	gcHook, restoreGC := paceGC(env)
	defer restoreGC()
	outcome, inv := runWithInventory(st, paths, *noProgress, env, guard, gcHook)
	if code, stop := stopped(env, guard); stop {
		return code
	}
	res := outcome.Result
	m := report.NewMigration(res, inv, report.MigrationOptions{
		ToolName: "acc-audit", ToolVersion: toolVersion(), Title: *title, Inputs: paths, From: st.from, Target: st.target,
		Customer: *customer, Author: *author, Date: date,
	})
	if *compare != "" {
		m.Compare(*compare, previous)
	}
	err = writeOutput(*output, env, func(w io.Writer) error {
		switch kind {
		case "md":
			return report.Markdown(w, m)
		case "csv":
			return report.CSV(w, m, report.CSVOptions{BOM: *bom})
		}
		return report.HTML(w, m)
	})
	if errors.Is(err, errInterrupted) {
		return interruptedExit(env)
	}
	if err != nil {
		return usageError(env, "cannot write the report: %v", err)
	}
	if *output != "" {
		fmt.Fprintf(env.Stderr, "%s: %s; estimated effort %s, complexity %s\n", report.Visible(*output),
			report.SummaryLine(res, wantColor("auto", env.Stderr, env)), report.FormatEffort(m.Effort.Hours), m.Complexity.Level)
	}
	printProblems(env, res)
	return outcome.Exit
}

// nonEmpty is the list of s, or nothing when s is empty.
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
