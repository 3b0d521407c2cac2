package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/report"
	"github.com/acc-audit/acc-audit/rules"
)

// reportFormats maps --format names and output file extensions to the
// migration report renderers.
var reportFormats = map[string]string{
	"html": "html", "htm": "html", "md": "md", "markdown": "md", "csv": "csv",
}

func reportCmd(args []string, env Env) int {
	var in scanInputs
	fs := pflag.NewFlagSet("report", pflag.ContinueOnError)
	fs.SortFlags = false
	format := fs.StringP("format", "f", "", "report format: html, md (GitHub Markdown) or csv (default: from the --output extension, else html)")
	output := fs.StringP("output", "o", "", "write the report to `FILE` instead of standard output")
	title := fs.String("title", "", "title of the report (default \""+report.DefaultTitle+"\")")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark, for Excel")
	failOn := fs.String("fail-on", "none", "exit 1 when a finding has this severity or higher: error, warning, info, none")
	from := fs.String("from", "", "source version of the migration: v5.11, v6.02 or v6.1 (default: read from package headers, else all rules)")
	enable := fs.StringSlice("enable", nil, "run only these rules (ids, names or families such as SQL), comma-separated")
	disable := fs.StringSlice("disable", nil, "do not run these rules (ids, names or families)")
	allow := fs.StringSlice("allow-function", nil, "SQL function names to accept as declared")
	in.register(fs)
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
	if *from != "" && !slices.Contains(audit.SourceVersions, *from) {
		return usageError(env, "--from must be one of %s, not %q", strings.Join(audit.SourceVersions, ", "), *from)
	}
	if err := in.validate(); err != nil {
		return usageError(env, "%v", err)
	}
	selected, err := audit.Select(rules.All(), audit.SplitList(*enable), audit.SplitList(*disable))
	if err != nil {
		return usageError(env, "%v", err)
	}
	if err := checkOutput(*output, paths); err != nil {
		return usageError(env, "%v", err)
	}

	res, inv := auditRun(paths, in, audit.Options{
		Rules: selected, Collectors: rules.Collectors(), From: *from, AllowFunctions: audit.SplitList(*allow),
	}, env)
	m := report.NewMigration(res, inv, report.MigrationOptions{
		ToolName: "acc-audit", ToolVersion: Version, Title: *title, Inputs: paths, From: *from,
	})
	err = writeOutput(*output, env, func(w io.Writer) error {
		switch kind {
		case "md":
			return report.Markdown(w, m)
		case "csv":
			return report.CSV(w, m, report.CSVOptions{BOM: *bom})
		}
		return report.HTML(w, m)
	})
	if err != nil {
		return usageError(env, "cannot write the report: %v", err)
	}
	if *output != "" {
		fmt.Fprintf(env.Stderr, "%s: %s; estimated effort %s, complexity %s\n", *output,
			report.SummaryLine(res, wantColor("auto", env.Stderr, env)), report.FormatHours(m.Effort.Hours), m.Complexity.Level)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(env.Stderr, "acc-audit: %s: %s\n", p.Severity, p.String())
	}
	return exitCode(res, threshold)
}
