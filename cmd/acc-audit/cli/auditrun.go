package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/source"
)

// scanInputs are the input flags that inventory and report share with scan.
type scanInputs struct {
	include, exclude []string
	jobs             int
	noProgress       bool
}

func (s *scanInputs) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&s.include, "include", nil, "glob of files to read in directories and archives (default **/*.xml); repeatable")
	fs.StringArrayVar(&s.exclude, "exclude", nil, "glob of files or directories to skip; repeatable")
	fs.IntVarP(&s.jobs, "jobs", "j", 0, "parallel workers (default: number of CPUs)")
	fs.BoolVar(&s.noProgress, "no-progress", false, "never draw the progress bar (it is drawn only when stderr is a terminal and CI is not set)")
}

func (s *scanInputs) validate() error {
	return source.ValidatePatterns(append(slices.Clone(s.include), s.exclude...))
}

// auditRun scans paths with the given options, takes the inventory in the
// same pass, and turns inputs that could not be collected into problems,
// as scan does.
func auditRun(paths []string, in scanInputs, opt audit.Options, env Env) (*audit.Result, *inventory.Inventory) {
	var bar *progressBar
	if !in.noProgress {
		bar = startProgress(env)
	}
	inputs, errs := source.Collect(paths, source.Options{Include: in.include, Exclude: in.exclude, Stdin: env.Stdin})
	inv := inventory.New()
	opt.Workers = in.jobs
	opt.OnUnit = func(u *audit.Unit) {
		inv.Add(u)
		if u.Entity.Schema != audit.SchemaPackage {
			bar.unit()
		}
	}
	opt.OnFile = bar.file
	bar.file(0, len(inputs))
	res := audit.Run(context.Background(), inputs, opt)
	bar.stop()
	for _, e := range errs {
		p := audit.Problem{Severity: audit.SeverityError, Message: e.Error()}
		var se *source.Error
		if errors.As(e, &se) {
			p.File, p.Message = se.Path, se.Err.Error()
		}
		res.Problems = append(res.Problems, p)
		res.Files = append(res.Files, audit.FileInfo{Name: p.File, Failed: true})
	}
	return res, inv.Inventory(res)
}

// writeOutput writes a report to path, or to stdout when path is empty. A
// regular file is written beside the target and renamed, so that a failed
// run never leaves a truncated report; a device or pipe is written in place.
func writeOutput(path string, env Env, write func(io.Writer) error) error {
	if path == "" {
		return write(env.Stdout)
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".acc-audit-*")
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	// CreateTemp makes the file private; a report is meant to be shared
	// like any file the user writes.
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// checkOutput refuses an output that would overwrite an input.
func checkOutput(output string, paths []string) error {
	if output == "" {
		return nil
	}
	for _, p := range paths {
		if p != "-" && sameFile(p, output) {
			return fmt.Errorf("--output %s would overwrite an input", output)
		}
	}
	return nil
}
