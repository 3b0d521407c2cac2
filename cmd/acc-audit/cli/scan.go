package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit/baseline"
	"github.com/acc-audit/acc-audit/audit/config"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/report"
)

const scanHelp = `
Formats: text (default), json, sarif (GitHub code scanning), junit, gitlab
(GitLab Code Quality), checkstyle. Give several with FORMAT=FILE:
  --format sarif=acc-audit.sarif --format junit=junit.xml --format text
At most one format goes to standard output (or to --output).

Exit codes:
  0  no finding at or above --fail-on (suppressed and baselined findings
     never count; --max-findings does not change the code)
  1  findings at or above --fail-on
  2  usage or configuration error (bad flag, .acc-audit.yaml, suppression,
     baseline or custom rule file)
  3  an input could not be read or parsed (the others are still scanned);
     takes precedence over 1
  4  a rule failed: an internal error, or a custom rule past its budget
     (its findings are left out); takes precedence over 3 and 1
  130  interrupted (Ctrl-C): no report is written
`

// An output is one report to write: a format and a path ("" for standard
// output).
type output struct {
	name   string
	path   string
	format report.Formatter
}

// parseOutputs reads the FORMAT[=FILE] values of --format; the format
// without a file goes to --output, else to standard output.
func parseOutputs(values []string, out string) ([]output, error) {
	var outs []output
	toStdout := 0
	seen := map[string]bool{}
	for _, v := range values {
		name, path, hasPath := strings.Cut(strings.TrimSpace(v), "=")
		name = strings.ToLower(strings.TrimSpace(name))
		f, ok := report.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(report.Names(), ", "))
		}
		if hasPath && (path == "" || path == "-") {
			path, hasPath = "", false
		}
		if !hasPath {
			toStdout++
			path = out
		}
		if path != "" {
			abs, _ := filepath.Abs(path)
			if seen[abs] {
				return nil, fmt.Errorf("two formats write to %s", path)
			}
			seen[abs] = true
		}
		outs = append(outs, output{name: name, path: path, format: f})
	}
	if toStdout > 1 {
		if out != "" {
			return nil, errors.New("several formats without =FILE: at most one can go to --output")
		}
		return nil, errors.New("several formats without =FILE: at most one can go to standard output; give the others a file, e.g. --format sarif=acc-audit.sarif")
	}
	if out != "" && toStdout == 0 {
		return nil, errors.New("--output names the file of the format given without =FILE, and every format has a file")
	}
	return outs, nil
}

func scan(args []string, env Env) int {
	var c commonFlags
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.SortFlags = false
	formats := fs.StringSliceP("format", "f", []string{"text"}, "report `FORMAT[=FILE]`: "+strings.Join(report.Names(), ", ")+"; repeatable")
	out := fs.StringP("output", "o", "", "write the report of the format without =FILE to `FILE` instead of standard output")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding has this severity or higher: error, warning, info, none")
	baselineFile := fs.String("baseline", "", "report only findings not recorded in this baseline `FILE` (see acc-audit baseline)")
	noBaseline := fs.Bool("no-baseline", false, "ignore the baseline of the configuration")
	maxFindings := fs.Int("max-findings", 0, "report at most `N` findings, the most severe first (0: all); the exit code still counts them all")
	baseDir := fs.String("base-dir", "", "`DIR` that paths in sarif, gitlab, junit and checkstyle reports are relative to (default: the current directory; use the repository root)")
	fs.StringVar(baseDir, "sarif-base", "", "same as --base-dir `DIR`")
	colorMode := fs.String("color", "auto", "colour the text report: auto, always, never")
	noColor := fs.Bool("no-color", false, "same as --color=never (the NO_COLOR environment variable is honoured too)")
	quiet := fs.BoolP("quiet", "q", false, "text report: one line per finding (file:line:col: severity message [RULE]), no excerpts")
	noProgress := fs.Bool("no-progress", false, "never draw the progress bar (it is drawn only when stderr is a terminal and CI is not set)")
	c.register(fs)
	prof := registerProfile(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	defer prof.start(env)()
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError(env, "scan needs at least one PATH (a file, a directory, a .zip archive, or - for stdin)")
	}
	outs, err := parseOutputs(*formats, *out)
	if err != nil {
		return usageError(env, "%v", err)
	}
	if err := checkColor(*colorMode); err != nil {
		return usageError(env, "%v", err)
	}
	st, code := c.settings(fs, paths, env)
	if code != ExitOK {
		return code
	}
	cfg := st.cfg
	if cfg == nil {
		cfg = &config.Config{}
	}
	failName := *failOn
	if !fs.Changed("fail-on") && cfg.FailOn.Set {
		failName = cfg.FailOn.V
	}
	threshold, ok := parseFailOn(failName)
	if !ok {
		return usageError(env, "--fail-on must be error, warning, info or none, not %q", failName)
	}
	limit := *maxFindings
	if !fs.Changed("max-findings") && cfg.MaxFindings.Set {
		limit = cfg.MaxFindings.V
	}
	if limit < 0 {
		return usageError(env, "--max-findings must be 0 (all) or more, not %d", limit)
	}
	st.failOn, st.maxFindings = threshold, limit
	blPath := *baselineFile
	if blPath == "" && cfg.Baseline.Set && !*noBaseline {
		blPath = cfg.Path(cfg.Baseline.V)
	}
	if blPath != "" {
		if st.baseline, err = baseline.Load(blPath); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				err = fmt.Errorf("baseline %s not found: create it with acc-audit baseline -o %s PATH", blPath, blPath)
			}
			return configError(env, err)
		}
	}
	wd, _ := os.Getwd()
	base := wd
	if *baseDir != "" {
		if base, err = filepath.Abs(*baseDir); err != nil {
			return usageError(env, "--base-dir: %v", err)
		}
	}

	var targets []outputTarget
	for _, o := range outs {
		targets = append(targets, outputTarget{"the " + o.name + " report", o.path})
	}
	read := append(c.settingsFiles(fs, st), blPath)
	env, guard := guardOutputs(env, append(slices.Clone(paths), read...), targets...)
	var bar *progressBar
	if !*noProgress {
		bar = startProgress(env)
	}
	gcHook, restoreGC := paceGC(env)
	defer restoreGC()
	outcome := st.run(paths, env, guard.hook, bar.hook, gcHook)
	bar.stop()
	if code, stop := stopped(env, guard); stop {
		return code
	}
	res := outcome.Result

	mode := *colorMode
	if *noColor {
		mode = "never"
	}
	opt := report.Options{
		ToolName: "acc-audit", ToolVersion: toolVersion(), Quiet: *quiet,
		BaseDir: base, WorkDir: wd, FailOn: failName, Rules: st.allRules(), Baseline: blPath, Baselined: outcome.Baselined,
	}
	// Files first, standard output last, then every file is put in place:
	// a failure or an interruption leaves all former reports as they were.
	textOnStdout := false
	slices.SortStableFunc(outs, func(a, b output) int { return cmp.Compare(toStdout(a), toStdout(b)) })
	var done []*staged
	defer func() {
		for _, s := range done {
			s.discard()
		}
	}()
	for _, o := range outs {
		if o.path == "" && o.name == "text" {
			textOnStdout = true
		}
		s, err := stageOutput(o.path, env, func(w io.Writer) error {
			oo := opt
			oo.Color = wantColor(mode, w, env)
			return o.format(w, res, oo)
		})
		if errors.Is(err, errInterrupted) {
			return interruptedExit(env)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "acc-audit: cannot write the %s report: %s\n", o.name, report.Visible(err.Error()))
			return ExitUsage
		}
		done = append(done, s)
	}
	if env.context().Err() != nil {
		return interruptedExit(env)
	}
	// Once every report is complete, an interruption no longer stops the
	// renames: they are quick, and stopping among them would mix reports
	// of two runs.
	for _, s := range done {
		if err := s.commit(); err != nil {
			fmt.Fprintf(env.Stderr, "acc-audit: cannot write %s: %s\n", report.Visible(s.path), report.Visible(err.Error()))
			return ExitUsage
		}
	}
	if !textOnStdout {
		// The reports went to files or to a program: the terminal or CI
		// log still learns what happened.
		printProblems(env, res)
		fmt.Fprintln(env.Stderr, report.SummaryLine(res, wantColor(mode, env.Stderr, env)))
	}
	return outcome.Exit
}

func toStdout(o output) int {
	if o.path == "" {
		return 1
	}
	return 0
}

// printProblems tells the terminal or the CI log about every input that
// could not be read and every rule that failed, with its place.
func printProblems(env Env, res *driver.Result) {
	for _, p := range res.Problems {
		fmt.Fprintf(env.Stderr, "acc-audit: %s: %s\n", p.Severity, report.Visible(p.String()))
	}
}
