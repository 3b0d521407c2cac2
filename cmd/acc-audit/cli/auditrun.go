package cli

import (
	"io"
	"os"
	"path/filepath"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/pipeline"
	"github.com/acc-audit/acc-audit/audit/source"
)

// runWithInventory scans with the settings of scan (configuration file,
// suppressions, severity overrides, custom rules) and takes the inventory
// in the same pass, with a progress bar unless noProgress. guard, when
// set, checks the outputs against the inputs first; more hooks set other
// engine callbacks.
func runWithInventory(st *settings, paths []string, noProgress bool, env Env, guard *outputGuard, more ...func(*driver.Options, []*source.Input)) (*pipeline.Outcome, *inventory.Inventory) {
	var bar *progressBar
	if !noProgress {
		bar = startProgress(env)
	}
	inv := inventory.New()
	hooks := append([]func(*driver.Options, []*source.Input){guard.hook}, more...)
	hooks = append(hooks, func(opt *driver.Options, inputs []*source.Input) {
		bar.hook(opt, inputs)
		opt.OnUnit = func(u *audit.Unit) {
			inv.Add(u)
			if u.Entity.Schema != audit.SchemaPackage {
				bar.unit()
			}
		}
	})
	out := st.run(paths, env, hooks...)
	bar.stop()
	return out, inv.Inventory(out.Result)
}

// writeOutput writes a report to path, or to stdout when path is empty. A
// regular file is written beside the target and renamed, so that a failed
// or interrupted run never leaves a truncated report; a device or pipe is
// written in place.
func writeOutput(path string, env Env, write func(io.Writer) error) error {
	st, err := stageOutput(path, env, write)
	if err != nil {
		return err
	}
	if env.context().Err() != nil {
		st.discard()
		return errInterrupted
	}
	return st.commit()
}

// A staged report is complete in a temporary file beside its target, or
// already written when it goes to standard output or a device.
type staged struct {
	tmp, path string
}

// stageOutput writes a report without replacing its target yet, so that a
// command writing several reports replaces all of them or none.
func stageOutput(path string, env Env, write func(io.Writer) error) (*staged, error) {
	if env.context().Err() != nil {
		return nil, errInterrupted
	}
	if path == "" {
		return &staged{}, write(env.Stdout)
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		if err := write(f); err != nil {
			f.Close()
			return nil, err
		}
		return &staged{}, f.Close()
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".acc-audit-*")
	if err != nil {
		return nil, err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	// CreateTemp makes the file private; a report is meant to be shared
	// like any file the user writes.
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	return &staged{tmp: f.Name(), path: path}, nil
}

// commit puts a staged report in place.
func (s *staged) commit() error {
	if s == nil || s.tmp == "" {
		return nil
	}
	if err := os.Rename(s.tmp, s.path); err != nil {
		s.discard()
		return err
	}
	s.tmp = ""
	return nil
}

// discard removes a staged report that will not be committed.
func (s *staged) discard() {
	if s != nil && s.tmp != "" {
		os.Remove(s.tmp)
		s.tmp = ""
	}
}
