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
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/pipeline"
	"github.com/acc-audit/acc-audit/audit/report"
)

// Exit codes: those of a scan's outcome are decided by the result
// pipeline; the command line adds its own.
const (
	ExitOK       = pipeline.ExitOK
	ExitFindings = pipeline.ExitFindings
	ExitUsage    = 2 // bad flags, arguments or configuration
	ExitInput    = pipeline.ExitInput
	ExitInternal = pipeline.ExitInternal
	// ExitInterrupted is the shell's code for a command stopped by SIGINT
	// (128+2): the scan stopped and nothing was written.
	ExitInterrupted = 130
)

// Env is the outside world of the command.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Now is the clock that decides whether suppressions have expired;
	// nil means time.Now.
	Now func() time.Time
	// Ctx is cancelled when the user interrupts the command (Ctrl-C); nil
	// means never.
	Ctx context.Context
}

func (env Env) context() context.Context {
	if env.Ctx == nil {
		return context.Background()
	}
	return env.Ctx
}

const usage = `acc-audit audits exported Adobe Campaign Classic configuration for a migration to v7.

Usage:
  acc-audit scan [flags] PATH...    audit package exports, entity files, serverConf.xml,
                                    directories (recursive) and .zip archives; - reads stdin
  acc-audit baseline [flags] PATH... -o FILE
                                    record the current findings, so that scan --baseline
                                    reports only the new ones
  acc-audit fix [flags] PATH...     rewrite what can be rewritten mechanically: prints a diff
                                    (--check exits 1 on changes, --write applies them, --unsafe
                                    adds the suggested fixes)
  acc-audit rules [--format F]      list the rules (text, json, markdown)
  acc-audit explain RULE            show a rule's rationale, remediation and examples
  acc-audit inventory [flags] PATH...
                                    what the export holds: entities by type, namespace and
                                    ownership, extensions, activities, code, packages (text, json)
  acc-audit report [flags] PATH...  migration report with effort estimate: html, md or csv (-o FILE)
  acc-audit version                 print the version

Run "acc-audit help scan" (or scan --help) for the scan flags. Settings are read from
.acc-audit.yaml, looked for from the first PATH up to the filesystem root
(--config FILE, --no-config); flags win over the file.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or configuration error, 3 an input could not be read or parsed,
4 a rule failed (internal error, or a custom rule past its budget).
130 interrupted (nothing written).
`

// Main runs the command and returns its exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Ctx != nil && env.Stdin != nil {
		env.Stdin = &ctxReader{ctx: env.Ctx, r: env.Stdin}
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "scan":
		return scan(args[1:], env)
	case "baseline":
		return baselineCmd(args[1:], env)
	case "fix":
		return fixCmd(args[1:], env)
	case "inventory":
		return inventoryCmd(args[1:], env)
	case "report":
		return reportCmd(args[1:], env)
	case "rules":
		return listRules(args[1:], env)
	case "explain":
		return explain(args[1:], env)
	case "version", "--version":
		fmt.Fprint(env.Stdout, version().long())
		return ExitOK
	case "help", "-h", "--help":
		if len(args) > 1 && args[0] == "help" {
			switch args[1] {
			case "scan", "baseline", "inventory", "report", "rules", "explain":
				return Main([]string{args[1], "--help"}, env)
			case "version", "help":
			default:
				fmt.Fprintf(env.Stderr, "acc-audit: unknown command %q\n\n%s", args[1], usage)
				return ExitUsage
			}
		}
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "acc-audit: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

// usageError prints a usage error and returns ExitUsage.
// Paths and names in the message come from the user or the export: their
// control characters are shown as escapes.
func usageError(env Env, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "acc-audit: %s\n", report.VisibleLines(fmt.Sprintf(format, args...)))
	return ExitUsage
}

// helpEpilogue completes a subcommand's --help after its flags.
var helpEpilogue = map[string]string{"scan": scanHelp, "baseline": baselineHelp}

// parseFlags parses a subcommand's flags; help prints usage and exits 0.
func parseFlags(fs *pflag.FlagSet, args []string, env Env) (done bool, code int) {
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {} // --help is printed below, to stdout, once
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fs.SetOutput(env.Stdout)
			fmt.Fprintf(env.Stdout, "Usage of acc-audit %s:\n", fs.Name())
			fs.PrintDefaults()
			fmt.Fprint(env.Stdout, helpEpilogue[fs.Name()])
			return true, ExitOK
		}
		return true, usageError(env, "%v", err)
	}
	return false, 0
}

// parseFailOn reads --fail-on; 0 means never fail on findings.
func parseFailOn(s string) (audit.Severity, bool) {
	if strings.EqualFold(s, "none") {
		return 0, true
	}
	sev, err := audit.ParseSeverity(s)
	return sev, err == nil
}

// checkColor validates a --color value.
func checkColor(mode string) error {
	switch mode {
	case "auto", "always", "never":
		return nil
	}
	return fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

// wantColor decides colour for one writer: fatih/color's global decision
// only looks at stdout, which is wrong for -o files and stderr. In auto
// mode FORCE_COLOR (any value but 0 or false) colours even a pipe, as CI
// systems that render ANSI set it; NO_COLOR and TERM=dumb switch colour off.
func wantColor(mode string, w io.Writer, env Env) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	switch strings.ToLower(env.Getenv("FORCE_COLOR")) {
	case "":
	case "0", "false":
		return false
	default:
		return true
	}
	if env.Getenv("NO_COLOR") != "" || env.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func listRules(args []string, env Env) int {
	fs := pflag.NewFlagSet("rules", pflag.ContinueOnError)
	format := fs.StringP("format", "f", "text", "text, json or markdown")
	var rf ruleFlags
	rf.register(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	all, code := rf.registry(fs, env)
	if code != ExitOK {
		return code
	}
	var err error
	switch *format {
	case "text":
		err = report.RulesText(env.Stdout, all)
	case "json":
		err = report.RulesJSON(env.Stdout, all)
	case "markdown", "md":
		err = report.RulesMarkdown(env.Stdout, all)
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
	var rf ruleFlags
	rf.register(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(env, "explain needs one rule id or name, e.g. acc-audit explain SQL-001")
	}
	all, code := rf.registry(fs, env)
	if code != ExitOK {
		return code
	}
	want := fs.Arg(0)
	for _, r := range all {
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
	return usageError(env, "unknown rule %q%s (see acc-audit rules)", want, audit.DidYouMean(all, want))
}
