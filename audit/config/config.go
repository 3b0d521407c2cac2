package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/acc-audit/acc-audit/audit"
)

// FileNames are the names looked for when no --config is given.
var FileNames = []string{".acc-audit.yaml", ".acc-audit.yml"}

// Config is the content of .acc-audit.yaml. Every key is optional; a flag
// given on the command line replaces the key's value.
type Config struct {
	// From is the source version of the migration (v5.11, v6.02, v6.1).
	From Value[string] `yaml:"from"`
	// Target is the migration target: v7 (default), v8 or v8-enterprise.
	Target Value[string] `yaml:"target"`
	// FailOn is the lowest severity that makes the exit code 1, or none.
	FailOn Value[string] `yaml:"fail-on"`
	// Enable and Disable select rules by id, name or family.
	Enable  List `yaml:"enable"`
	Disable List `yaml:"disable"`
	// Severity overrides the severity of rules (ids, names or families).
	Severity Pairs `yaml:"severity"`
	// Include and Exclude are doublestar globs of files to read.
	Include List `yaml:"include"`
	Exclude List `yaml:"exclude"`
	// AllowFunctions are SQL function names to accept as declared.
	AllowFunctions List `yaml:"allow-functions"`
	// Baseline, Suppressions and CustomRules are files, relative to the
	// configuration file's directory.
	Baseline     Value[string] `yaml:"baseline"`
	Suppressions Value[string] `yaml:"suppressions"`
	CustomRules  List          `yaml:"custom-rules"`
	// MaxFindings caps the findings reported (0: no cap).
	MaxFindings Value[int] `yaml:"max-findings"`
	// Limits bound each entity; an entity past one is reported, not
	// checked. Zero keeps the default.
	Limits Limits `yaml:"limits"`

	// Source is the file read, for positioned errors in later checks.
	Source Source `yaml:"-"`
}

// Limits are the per-entity bounds of the configuration file.
type Limits struct {
	EntityBytes Value[int64] `yaml:"entity-bytes"`
	EntityNodes Value[int]   `yaml:"entity-nodes"`
	ScriptBytes Value[int]   `yaml:"script-bytes"`
}

// Find looks for a configuration file in the directory of start (or start
// itself when it is a directory) and then in each parent up to the
// filesystem root, as git and linters do. It returns "" when there is none.
func Find(start string) (string, error) {
	if start == "" || start == "-" {
		start = "."
	}
	// Archive entries ("a.zip!/x.xml") are found from the archive.
	if i := strings.Index(start, ".zip!"); i >= 0 {
		start = start[:i+4]
	}
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	return FindUp(dir, FileNames...), nil
}

// FindUp returns the first of names found in dir or its parents, or "".
func FindUp(dir string, names ...string) string {
	for {
		for _, n := range names {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads and checks a configuration file. Rule names are checked later
// by CheckRules, once custom rules are loaded.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes and checks configuration text read from file.
func Parse(file string, data []byte) (*Config, error) {
	c := &Config{Source: Source{File: file, Data: data}}
	if err := c.Source.Decode(c); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) check() error {
	var errs []error
	src := c.Source
	if c.From.Set && !slices.Contains(audit.SourceVersions, c.From.V) {
		errs = append(errs, src.Errorf(c.From, "from must be one of %s, not %q", strings.Join(audit.SourceVersions, ", "), c.From.V))
	}
	if c.Target.Set {
		if _, err := audit.ParseTarget(c.Target.V); err != nil {
			errs = append(errs, src.Errorf(c.Target, "%v", err))
		}
	}
	if c.FailOn.Set {
		if _, ok := ParseFailOn(c.FailOn.V); !ok {
			errs = append(errs, src.Errorf(c.FailOn, "fail-on must be error, warning, info or none, not %q", c.FailOn.V))
		}
	}
	for _, p := range c.Severity {
		if _, err := audit.ParseSeverity(p.Value.V); err != nil {
			errs = append(errs, src.Errorf(p.Value, "severity of %s must be error, warning or info, not %q", p.Key.V, p.Value.V))
		}
	}
	for _, g := range append(slices.Clone(c.Include), c.Exclude...) {
		if !doublestar.ValidatePattern(g.V) {
			errs = append(errs, src.Errorf(g, "bad glob %q", g.V))
		}
	}
	if c.MaxFindings.Set && c.MaxFindings.V < 0 {
		errs = append(errs, src.Errorf(c.MaxFindings, "max-findings must be 0 (no cap) or more, not %d", c.MaxFindings.V))
	}
	for _, v := range []Value[string]{c.Baseline, c.Suppressions} {
		if v.Set && strings.TrimSpace(v.V) == "" {
			errs = append(errs, src.Errorf(v, "empty path"))
		}
	}
	return errors.Join(errs...)
}

// CheckRules reports rule names of enable, disable and severity that known
// does not recognise.
//
// suggest, when set, completes the message of an unknown name (" (did you
// mean SQL-001?)").
func (c *Config) CheckRules(known func(name string) bool, suggest func(name string) string) error {
	hint := func(name string) string {
		if suggest == nil {
			return ""
		}
		return suggest(name)
	}
	var errs []error
	for _, key := range []struct {
		name string
		list List
	}{{"enable", c.Enable}, {"disable", c.Disable}} {
		for _, v := range key.list {
			if !known(v.V) {
				errs = append(errs, c.Source.Errorf(v, "%s: unknown rule %q%s (see acc-audit rules)", key.name, v.V, hint(v.V)))
			}
		}
	}
	for _, p := range c.Severity {
		if !known(p.Key.V) {
			errs = append(errs, c.Source.Errorf(p.Key, "severity: unknown rule %q%s (see acc-audit rules)", p.Key.V, hint(p.Key.V)))
		}
	}
	return errors.Join(errs...)
}

// Dir is the directory relative paths of the file are resolved against.
func (c *Config) Dir() string { return filepath.Dir(c.Source.File) }

// Path resolves a path written in the file against its directory.
func (c *Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir(), filepath.FromSlash(p))
}

// ParseFailOn reads a fail-on value; 0 means never fail on findings.
func ParseFailOn(s string) (audit.Severity, bool) {
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return 0, true
	}
	sev, err := audit.ParseSeverity(s)
	return sev, err == nil
}
