package cli

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/baseline"
	"github.com/acc-audit/acc-audit/audit/config"
	"github.com/acc-audit/acc-audit/audit/custom"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/pipeline"
	"github.com/acc-audit/acc-audit/audit/report"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/suppress"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules"
)

// ruleFlags decide which rules exist: the built-in ones, the pseudo-rules
// about suppressions, and custom rules from YAML files.
type ruleFlags struct {
	configFile string
	noConfig   bool
	rulesFiles []string
}

func (rf *ruleFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&rf.configFile, "config", "", "read settings from `FILE` instead of the .acc-audit.yaml found from the first PATH upwards")
	fs.BoolVar(&rf.noConfig, "no-config", false, "read no configuration file")
	fs.StringArrayVar(&rf.rulesFiles, "rules-file", nil, "load custom rules from this YAML `FILE` (replaces custom-rules of the configuration); repeatable")
}

// loadConfig finds and reads the configuration file, or returns nil.
func (rf *ruleFlags) loadConfig(start string) (*config.Config, error) {
	if rf.noConfig {
		if rf.configFile != "" {
			return nil, errors.New("--config and --no-config contradict each other")
		}
		return nil, nil
	}
	path := rf.configFile
	if path == "" {
		var err error
		if path, err = config.Find(start); err != nil || path == "" {
			return nil, err
		}
	}
	cfg, err := config.Load(relToCwd(path))
	if err != nil && errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("configuration file %s not found", path)
	}
	return cfg, err
}

// builtins are the rules acc-audit itself defines.
func builtins() []*audit.Rule { return append(rules.All(), suppress.Rules()...) }

// customRules loads the custom rule files named by the flags, else by the
// configuration.
func (rf *ruleFlags) customRules(fs *pflag.FlagSet, cfg *config.Config) ([]*audit.Rule, error) {
	var files []string
	if fs.Changed("rules-file") {
		files = rf.rulesFiles
	} else if cfg != nil {
		for _, v := range cfg.CustomRules {
			files = append(files, cfg.Path(v.V))
		}
	}
	return custom.Load(files, builtins())
}

// registry lists every rule for `rules` and `explain`: built-in,
// pseudo-rules and custom rules of the configuration found from the
// current directory.
func (rf *ruleFlags) registry(fs *pflag.FlagSet, env Env) ([]*audit.Rule, int) {
	cfg, err := rf.loadConfig(".")
	if err != nil {
		return nil, configError(env, err)
	}
	cus, err := rf.customRules(fs, cfg)
	if err != nil {
		return nil, configError(env, err)
	}
	return append(builtins(), cus...), ExitOK
}

// configError prints a configuration problem (with its file, line and
// column when it has them) and returns ExitUsage.
func configError(env Env, err error) int {
	fmt.Fprintf(env.Stderr, "acc-audit: %s\n", report.VisibleLines(err.Error()))
	return ExitUsage
}

// commonFlags are the settings of scan and baseline, each of which a
// configuration key can give too.
type commonFlags struct {
	ruleFlags
	from           string
	enable         []string
	disable        []string
	severity       []string
	include        []string
	exclude        []string
	allowFunctions []string
	suppressions   string
	noSuppress     bool
	jobs           int
	minPrecision   string
	limits         xmltree.Limits
	target         string
}

func (c *commonFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.from, "from", "", "source version of the migration: v5.11, v6.02 or v6.1 (default: read from package headers, else all rules)")
	fs.StringSliceVar(&c.enable, "enable", nil, "run only these rules (ids, names or families such as SQL), comma-separated")
	fs.StringSliceVar(&c.disable, "disable", nil, "do not run these rules (ids, names or families)")
	fs.StringSliceVar(&c.severity, "severity", nil, "override the severity of rules: `RULE=LEVEL` (id, name or family; error, warning, info); repeatable")
	fs.StringArrayVar(&c.include, "include", nil, "glob of files to read in directories and archives (default: every kind of file the tool reads); repeatable")
	fs.Int64Var(&c.limits.SubtreeBytes, "max-entity-bytes", 0, fmt.Sprintf("entities larger than `N` bytes are reported, not checked (default %d)", xmltree.DefaultLimits.SubtreeBytes))
	fs.IntVar(&c.limits.SubtreeNodes, "max-entity-nodes", 0, fmt.Sprintf("entities of more than `N` elements, texts and comments are reported, not checked (default %d)", xmltree.DefaultLimits.SubtreeNodes))
	fs.IntVar(&c.limits.TextBytes, "max-script-bytes", 0, fmt.Sprintf("an entity holding a script, text or comment of more than `N` bytes is reported, not checked (default %d)", xmltree.DefaultLimits.TextBytes))
	fs.StringVar(&c.minPrecision, "min-precision", "", "run only the rules of this precision or better: very-high, high, medium, low (default: all)")
	fs.StringVar(&c.target, "target", "", "migration `TARGET`: v7, v8 (any Campaign v8) or v8-enterprise (v8 with full FDA on Snowflake); a v8 target runs the v7 rules too (default v7)")
	fs.StringArrayVar(&c.exclude, "exclude", nil, "glob of files or directories to skip; repeatable")
	fs.StringSliceVar(&c.allowFunctions, "allow-function", nil, "SQL function names to accept as declared (on top of built-ins and the scan's xtk:funcList)")
	fs.StringVar(&c.suppressions, "suppressions", "", "suppression `FILE` (default: suppressions of the configuration, else "+suppress.FileName+" found from the first PATH upwards)")
	fs.BoolVar(&c.noSuppress, "no-suppress", false, "apply no suppression (inline comments or file): report everything")
	fs.IntVarP(&c.jobs, "jobs", "j", 0, "parallel workers (default: number of CPUs)")
	c.ruleFlags.register(fs)
}

// settings are the flags merged over the configuration file.
type settings struct {
	cfg            *config.Config
	registry       []*audit.Rule // built-in and custom rules
	pseudo         []*audit.Rule // pseudo-rules reported, severities applied
	selected       []*audit.Rule // rules to run, severities applied
	overrides      map[string]audit.Severity
	from           string
	include        []string
	exclude        []string
	allowFunctions []string
	suppress       *suppress.File
	noSuppress     bool
	jobs           int
	limits         xmltree.Limits
	// replaced holds new contents of inputs, by input name, read instead
	// of the files (the rounds of `acc-audit fix` before anything is
	// written).
	replaced map[string][]byte
	target   string // audit.TargetV7, TargetV8 or TargetV8Enterprise
	// What a command adds to the pipeline after the scan: the baseline to
	// leave out, the --fail-on threshold (0: never fail on findings) and
	// the --max-findings cap. The configuration's are read by scan only.
	baseline    *baseline.File
	failOn      audit.Severity
	maxFindings int
}

// flagOr returns the flag's value when given on the command line, else
// the configuration's.
func flagOr(fs *pflag.FlagSet, name string, flag []string, cfg config.List) []string {
	if fs.Changed(name) || cfg == nil {
		return flag
	}
	return cfg.Strings()
}

// settings merges the flags over the configuration and loads the files
// they name; paths are the inputs (the configuration is looked for from
// the first).
func (c *commonFlags) settings(fs *pflag.FlagSet, paths []string, env Env) (*settings, int) {
	if c.jobs < 0 {
		return nil, usageError(env, "--jobs must be 0 (one per CPU) or more, not %d", c.jobs)
	}
	start := "."
	if len(paths) > 0 {
		start = paths[0]
	}
	cfg, err := c.loadConfig(start)
	if err != nil {
		return nil, configError(env, err)
	}
	st := &settings{cfg: cfg, jobs: c.jobs, noSuppress: c.noSuppress}
	if cfg == nil {
		cfg = &config.Config{}
	}
	cus, err := c.customRules(fs, st.cfg)
	if err != nil {
		return nil, configError(env, err)
	}
	st.registry = append(rules.All(), cus...)
	everything := append(slices.Clone(st.registry), suppress.Rules()...)
	known := func(name string) bool {
		return slices.ContainsFunc(everything, func(r *audit.Rule) bool { return ruleAnswers(r, name) })
	}
	if err := cfg.CheckRules(known, func(name string) string { return audit.DidYouMean(everything, name) }); err != nil {
		return nil, configError(env, err)
	}

	st.limits = c.limits
	lim := cfg.Limits
	for _, l := range []struct {
		flag string
		set  bool
		v    int64
		pos  config.Pos
		dst  func(int64)
	}{
		{"max-entity-bytes", lim.EntityBytes.Set, lim.EntityBytes.V, lim.EntityBytes.Pos, func(v int64) { st.limits.SubtreeBytes = v }},
		{"max-entity-nodes", lim.EntityNodes.Set, int64(lim.EntityNodes.V), lim.EntityNodes.Pos, func(v int64) { st.limits.SubtreeNodes = int(v) }},
		{"max-script-bytes", lim.ScriptBytes.Set, int64(lim.ScriptBytes.V), lim.ScriptBytes.Pos, func(v int64) { st.limits.TextBytes = int(v) }},
	} {
		if fs.Changed(l.flag) || !l.set {
			continue
		}
		if l.v <= 0 {
			return nil, configError(env, fmt.Errorf("%s:%d:%d: limits must be positive numbers of bytes or nodes", cfg.Source.File, l.pos.Line, l.pos.Col))
		}
		l.dst(l.v)
	}
	if st.limits.SubtreeBytes < 0 || st.limits.SubtreeNodes < 0 || st.limits.TextBytes < 0 {
		return nil, usageError(env, "--max-entity-bytes, --max-entity-nodes and --max-script-bytes take positive numbers")
	}

	st.from = c.from
	if !fs.Changed("from") && cfg.From.Set {
		st.from = cfg.From.V
	}
	if st.from != "" && !slices.Contains(audit.SourceVersions, st.from) {
		return nil, usageError(env, "--from must be one of %s, not %q", strings.Join(audit.SourceVersions, ", "), st.from)
	}
	st.include = flagOr(fs, "include", c.include, cfg.Include)
	st.exclude = flagOr(fs, "exclude", c.exclude, cfg.Exclude)
	if err := source.ValidatePatterns(append(slices.Clone(st.include), st.exclude...)); err != nil {
		return nil, usageError(env, "%v", err)
	}
	st.allowFunctions = audit.SplitList(flagOr(fs, "allow-function", c.allowFunctions, cfg.AllowFunctions))

	enable := audit.SplitList(flagOr(fs, "enable", c.enable, cfg.Enable))
	disable := audit.SplitList(flagOr(fs, "disable", c.disable, cfg.Disable))
	selected, err := audit.Select(everything, enable, disable)
	if err != nil {
		return nil, usageError(env, "%v", err)
	}
	// The pseudo-rules are about suppressions, not about the export:
	// narrowing the scan with --enable keeps them; --disable SUP drops them.
	pseudo, _ := audit.Select(everything, nil, disable)
	st.overrides, err = overrides(cfg, c.severity, everything)
	if err != nil {
		return nil, configError(env, err)
	}
	var minPrecision audit.Precision
	if c.minPrecision != "" {
		if minPrecision, err = audit.ParsePrecision(c.minPrecision); err != nil {
			return nil, usageError(env, "--min-precision: %v", err)
		}
	}
	target := c.target
	if !fs.Changed("target") && cfg.Target.Set {
		target = cfg.Target.V
	}
	if st.target, err = audit.ParseTarget(target); err != nil {
		return nil, usageError(env, "--target: %v", err)
	}
	if err := checkEnabledTargets(enable, everything, st.target); err != nil {
		return nil, usageError(env, "%v", err)
	}
	for _, r := range selected {
		if r.Precision.Rank() < minPrecision.Rank() || !r.RunsFor(st.target) {
			continue
		}
		if !slices.Contains(suppress.Rules(), r) {
			st.selected = append(st.selected, st.withSeverity(r))
		}
	}
	st.pseudo = []*audit.Rule{} // not nil: nil would report every pseudo-rule
	for _, r := range pseudo {
		if slices.Contains(suppress.Rules(), r) {
			st.pseudo = append(st.pseudo, st.withSeverity(r))
		}
	}

	if !c.noSuppress {
		path, display := c.suppressions, c.suppressions
		switch {
		case path != "":
		case cfg.Suppressions.Set:
			path = cfg.Path(cfg.Suppressions.V)
			display = relToCwd(path)
		default:
			if dir, err := filepath.Abs(start); err == nil {
				if st, err := os.Stat(dir); err != nil || !st.IsDir() {
					dir = filepath.Dir(dir)
				}
				path = config.FindUp(dir, suppress.FileName)
				display = relToCwd(path)
			}
		}
		if path != "" {
			f, err := suppress.Load(path, display, known, func(n string) string { return audit.DidYouMean(everything, n) })
			if err != nil {
				if errors.Is(err, os.ErrNotExist) {
					err = fmt.Errorf("suppression file %s not found", display)
				}
				return nil, configError(env, err)
			}
			st.suppress = f
		}
	}
	return st, ExitOK
}

// ruleAnswers reports whether a rule answers to a name: its id, its name
// or its family, ignoring case, as --enable and --disable read them.
func ruleAnswers(r *audit.Rule, name string) bool {
	family, _, _ := strings.Cut(r.ID, "-")
	n := strings.TrimSpace(name)
	return strings.EqualFold(n, r.ID) || strings.EqualFold(n, r.Name) || strings.EqualFold(n, family)
}

// overrides resolves the severity overrides of the configuration and of
// --severity (which win) into rule id → severity. A more specific name
// wins whatever the order: a rule id over a rule name over a family.
func overrides(cfg *config.Config, flags []string, all []*audit.Rule) (map[string]audit.Severity, error) {
	type entry struct {
		name string
		sev  audit.Severity
	}
	var entries []entry
	for _, p := range cfg.Severity {
		sev, _ := audit.ParseSeverity(p.Value.V) // checked when the file was read
		entries = append(entries, entry{p.Key.V, sev})
	}
	for _, f := range audit.SplitList(flags) {
		name, level, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("--severity %q: want RULE=LEVEL, e.g. SQL-004=error", f)
		}
		sev, err := audit.ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("--severity %q: %v", f, err)
		}
		if !slices.ContainsFunc(all, func(r *audit.Rule) bool { return ruleAnswers(r, name) }) {
			return nil, fmt.Errorf("--severity %q: unknown rule %q%s (see acc-audit rules)", f, name, audit.DidYouMean(all, name))
		}
		entries = append(entries, entry{strings.TrimSpace(name), sev})
	}
	specificity := func(name string) int {
		for _, r := range all {
			if strings.EqualFold(name, r.ID) {
				return 2
			}
			if strings.EqualFold(name, r.Name) {
				return 1
			}
		}
		return 0
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(specificity(a.name), specificity(b.name)) })
	out := map[string]audit.Severity{}
	for _, e := range entries {
		for _, r := range all {
			if ruleAnswers(r, e.name) {
				out[r.ID] = e.sev
			}
		}
	}
	return out, nil
}

// withSeverity returns r, or a copy with its overridden severity.
func (st *settings) withSeverity(r *audit.Rule) *audit.Rule {
	sev, ok := st.overrides[r.ID]
	if !ok || sev == r.Severity {
		return r
	}
	c := *r
	c.Severity = sev
	return &c
}

// run scans the inputs and puts the result through the pipeline (severity
// overrides, suppressions, then the baseline, exit code and cap the
// command set). hooks adjust the engine options (progress, inventory)
// before the scan, knowing the inputs.
func (st *settings) run(paths []string, env Env, hooks ...func(*driver.Options, []*source.Input)) *pipeline.Outcome {
	collected := source.CollectAll(paths, source.Options{Include: st.include, Exclude: st.exclude, Stdin: env.Stdin})
	inputs := collected.Inputs
	for i, in := range inputs {
		if data, ok := st.replaced[in.Name]; ok {
			inputs[i] = source.NewInput(in.Name, data)
		}
	}
	opt := driver.Options{Rules: st.selected, Facts: rules.AllowFunctions(st.allowFunctions), From: st.from, Workers: st.jobs, Limits: st.limits}
	for _, h := range hooks {
		h(&opt, inputs)
	}
	var sup *suppress.Options
	if !st.noSuppress {
		scanner := suppress.NewScanner(st.suppress)
		opt.Directives = scanner.Directives
		sup = &suppress.Options{
			Registry: append(slices.Clone(st.registry), suppress.Rules()...),
			File:     st.suppress, Now: env.Now(), Scanner: scanner, Report: st.pseudo,
		}
	}
	res := driver.Run(env.context(), inputs, opt)
	return pipeline.New(pipeline.Options{
		Skipped: collected.Skipped, Unreadable: collected.Errors,
		Overrides: st.overrides, Suppress: sup,
		Baseline: st.baseline, FailOn: st.failOn, MaxFindings: st.maxFindings,
	}).Process(res)
}

// allRules lists every rule with its configured severity, for report
// metadata.
func (st *settings) allRules() []*audit.Rule {
	out := make([]*audit.Rule, 0, len(st.registry)+len(st.pseudo))
	for _, r := range st.registry {
		out = append(out, st.withSeverity(r))
	}
	return append(out, st.pseudo...)
}

// relToCwd shows a path relative to the current directory when it lies
// under it.
func relToCwd(p string) string {
	if p == "" {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
