// Package cli is the acc-audit command line: flag parsing and wiring of the
// audit engine, formatters and exit codes. Main returns the exit code
// instead of exiting, so tests run the real command in process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/report"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// Version is the tool version, set at build time with
// -ldflags "-X github.com/acc-audit/acc-audit/cmd/acc-audit/cli.Version=...".
var Version = "0.1.0-dev"

// Exit codes.
const (
	ExitOK       = 0 // nothing at or above the --fail-on threshold
	ExitFindings = 1 // findings at or above the threshold
	ExitUsage    = 2 // bad flags, arguments or configuration
	ExitInput    = 3 // an input could not be read or parsed (the others were still scanned)
)

// Env is the outside world of the command.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

const usage = `acc-audit audits exported Adobe Campaign Classic configuration for a migration to v7.

Usage:
  acc-audit scan [flags] PATH...    audit package exports, entity files, serverConf.xml,
                                    directories (recursive) and .zip archives; - reads stdin
  acc-audit rules [--format F]      list the rules (text, json, markdown)
  acc-audit explain RULE            show a rule's rationale, remediation and examples
  acc-audit version                 print the version

Run "acc-audit scan --help" for the scan flags.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or configuration error, 3 an input could not be read or parsed.
`

// Main runs the command and returns its exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "scan":
		return scan(args[1:], env)
	case "rules":
		return listRules(args[1:], env)
	case "explain":
		return explain(args[1:], env)
	case "version", "--version":
		fmt.Fprintf(env.Stdout, "acc-audit %s\n", Version)
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "acc-audit: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

// usageError prints a usage error and returns ExitUsage.
func usageError(env Env, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "acc-audit: "+format+"\n", args...)
	return ExitUsage
}

// parseFlags parses a subcommand's flags; help prints usage and exits 0.
func parseFlags(fs *pflag.FlagSet, args []string, env Env) (done bool, code int) {
	fs.SetOutput(env.Stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fs.SetOutput(env.Stdout)
			fmt.Fprintf(env.Stdout, "Usage of acc-audit %s:\n", fs.Name())
			fs.PrintDefaults()
			return true, ExitOK
		}
		return true, usageError(env, "%v", err)
	}
	return false, 0
}

type scanFlags struct {
	formats        []string
	output         string
	failOn         string
	from           string
	enable         []string
	disable        []string
	include        []string
	exclude        []string
	color          string
	noColor        bool
	quiet          bool
	jobs           int
	allowFunctions []string
}

func scan(args []string, env Env) int {
	var sf scanFlags
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringSliceVarP(&sf.formats, "format", "f", []string{"text"}, "output format: "+strings.Join(report.Names(), ", "))
	fs.StringVarP(&sf.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&sf.failOn, "fail-on", "error", "exit 1 when a finding has this severity or higher: error, warning, info, none")
	fs.StringVar(&sf.from, "from", "", "source version of the migration: v5.11, v6.02 or v6.1 (default: read from package headers, else all rules)")
	fs.StringSliceVar(&sf.enable, "enable", nil, "run only these rules (ids, names or families such as SQL), comma-separated")
	fs.StringSliceVar(&sf.disable, "disable", nil, "do not run these rules (ids, names or families)")
	fs.StringArrayVar(&sf.include, "include", nil, "glob of files to read in directories and archives (default **/*.xml); repeatable")
	fs.StringArrayVar(&sf.exclude, "exclude", nil, "glob of files or directories to skip; repeatable")
	fs.StringVar(&sf.color, "color", "auto", "colour the text report: auto, always, never")
	fs.BoolVar(&sf.noColor, "no-color", false, "same as --color=never (the NO_COLOR environment variable is honoured too)")
	fs.BoolVarP(&sf.quiet, "quiet", "q", false, "text report: one line per finding, no excerpts")
	fs.IntVarP(&sf.jobs, "jobs", "j", 0, "parallel workers (default: number of CPUs)")
	fs.StringSliceVar(&sf.allowFunctions, "allow-function", nil, "SQL function names to accept as declared (on top of built-ins and the scan's xtk:funcList)")
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError(env, "scan needs at least one PATH (a file, a directory, a .zip archive, or - for stdin)")
	}

	threshold, ok := parseFailOn(sf.failOn)
	if !ok {
		return usageError(env, "--fail-on must be error, warning, info or none, not %q", sf.failOn)
	}
	if sf.from != "" && !slices.Contains(audit.SourceVersions, sf.from) {
		return usageError(env, "--from must be one of %s, not %q", strings.Join(audit.SourceVersions, ", "), sf.from)
	}
	if len(sf.formats) != 1 {
		return usageError(env, "give one --format")
	}
	if err := source.ValidatePatterns(append(slices.Clone(sf.include), sf.exclude...)); err != nil {
		return usageError(env, "%v", err)
	}
	format, ok := report.Lookup(sf.formats[0])
	if !ok {
		return usageError(env, "unknown format %q (want %s)", sf.formats[0], strings.Join(report.Names(), ", "))
	}
	selected, err := audit.Select(rules.All(), audit.SplitList(sf.enable), audit.SplitList(sf.disable))
	if err != nil {
		return usageError(env, "%v", err)
	}
	if sf.output != "" {
		for _, p := range paths {
			if p != "-" && sameFile(p, sf.output) {
				return usageError(env, "--output %s would overwrite an input", sf.output)
			}
		}
	}

	inputs, errs := source.Collect(paths, source.Options{Include: sf.include, Exclude: sf.exclude, Stdin: env.Stdin})
	res := audit.Run(context.Background(), inputs, audit.Options{
		Rules: selected, Collectors: rules.Collectors(), From: sf.from, Workers: sf.jobs, AllowFunctions: audit.SplitList(sf.allowFunctions),
	})
	for _, e := range errs {
		p := audit.Problem{Severity: audit.SeverityError, Message: e.Error()}
		var se *source.Error
		if errors.As(e, &se) {
			p.File, p.Message = se.Path, se.Err.Error()
		}
		res.Problems = append(res.Problems, p)
		res.Files = append(res.Files, audit.FileInfo{Name: p.File, Failed: true})
	}

	colorMode := sf.color
	if sf.noColor {
		colorMode = "never"
	}
	var w io.Writer = env.Stdout
	var file *os.File
	direct := false // a device or pipe (-o /dev/stdout) is written in place
	if sf.output != "" {
		var err error
		if st, serr := os.Stat(sf.output); serr == nil && !st.Mode().IsRegular() {
			file, err = os.OpenFile(sf.output, os.O_WRONLY, 0)
			direct = true
		} else {
			// Write beside the target and rename, so that a failed run never
			// leaves a truncated report.
			file, err = os.CreateTemp(filepath.Dir(sf.output), ".acc-audit-*")
		}
		if err != nil {
			return usageError(env, "cannot write %s: %v", sf.output, err)
		}
		w = file
	}
	opt := report.Options{
		Color:       wantColor(colorMode, w, env),
		ToolName:    "acc-audit",
		ToolVersion: Version,
		Quiet:       sf.quiet,
	}
	if err := format(w, res, opt); err != nil {
		fmt.Fprintf(env.Stderr, "acc-audit: writing the report: %v\n", err)
		return ExitUsage
	}
	if file != nil {
		err := file.Close()
		if err == nil && !direct {
			err = os.Rename(file.Name(), sf.output)
		}
		if err != nil {
			if !direct {
				os.Remove(file.Name())
			}
			return usageError(env, "cannot write %s: %v", sf.output, err)
		}
		// The report on a file still tells a terminal user what happened.
		fmt.Fprintln(env.Stderr, report.SummaryLine(res, wantColor(colorMode, env.Stderr, env)))
	}
	return exitCode(res, threshold)
}

// exitCode applies the documented precedence: unreadable inputs (3) over
// findings at the threshold (1).
func exitCode(res *audit.Result, threshold audit.Severity) int {
	if res.HasErrors() {
		return ExitInput
	}
	if threshold == 0 {
		return ExitOK
	}
	for _, f := range res.Findings {
		if f.Severity >= threshold {
			return ExitFindings
		}
	}
	return ExitOK
}

// parseFailOn reads --fail-on; 0 means never fail on findings.
func parseFailOn(s string) (audit.Severity, bool) {
	if strings.EqualFold(s, "none") {
		return 0, true
	}
	sev, err := audit.ParseSeverity(s)
	return sev, err == nil
}

// wantColor decides colour for one writer: fatih/color's global decision
// only looks at stdout, which is wrong for -o files and stderr.
func wantColor(mode string, w io.Writer, env Env) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if env.Getenv("NO_COLOR") != "" || env.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func listRules(args []string, env Env) int {
	fs := pflag.NewFlagSet("rules", pflag.ContinueOnError)
	format := fs.StringP("format", "f", "text", "text, json or markdown")
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	var err error
	switch *format {
	case "text":
		err = report.RulesText(env.Stdout, rules.All())
	case "json":
		err = report.RulesJSON(env.Stdout, rules.All())
	case "markdown", "md":
		err = report.RulesMarkdown(env.Stdout, rules.All())
	default:
		return usageError(env, "unknown format %q (want text, json or markdown)", *format)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "acc-audit: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}

func explain(args []string, env Env) int {
	fs := pflag.NewFlagSet("explain", pflag.ContinueOnError)
	noColor := fs.Bool("no-color", false, "plain output")
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(env, "explain needs one rule id or name, e.g. acc-audit explain SQL-001")
	}
	want := fs.Arg(0)
	for _, r := range rules.All() {
		if strings.EqualFold(r.ID, want) || strings.EqualFold(r.Name, want) {
			mode := "auto"
			if *noColor {
				mode = "never"
			}
			if err := report.Explain(env.Stdout, r, wantColor(mode, env.Stdout, env)); err != nil {
				return ExitUsage
			}
			return ExitOK
		}
	}
	return usageError(env, "unknown rule %q (see acc-audit rules)", want)
}
