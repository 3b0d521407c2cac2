package cli

import (
	"io"
	"os"
	"path/filepath"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/source"
)

// runWithInventory scans with the settings of scan (configuration file,
// suppressions, severity overrides, custom rules) and takes the inventory
// in the same pass, with a progress bar unless noProgress. guard, when
// set, checks the outputs against the inputs first.
func runWithInventory(st *settings, paths []string, noProgress bool, env Env, guard *outputGuard) (*audit.Result, *inventory.Inventory) {
	var bar *progressBar
	if !noProgress {
		bar = startProgress(env)
	}
	inv := inventory.New()
	res := st.run(paths, env, guard.hook, func(opt *audit.Options, inputs []*source.Input) {
		bar.hook(opt, inputs)
		opt.OnUnit = func(u *audit.Unit) {
			inv.Add(u)
			if u.Entity.Schema != audit.SchemaPackage {
				bar.unit()
			}
		}
	})
	bar.stop()
	return res, inv.Inventory(res)
}

// writeOutput writes a report to path, or to stdout when path is empty. A
// regular file is written beside the target and renamed, so that a failed
// run never leaves a truncated report; a device or pipe is written in place.
func writeOutput(path string, env Env, write func(io.Writer) error) error {
	if env.context().Err() != nil {
		return errInterrupted
	}
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
	if env.context().Err() != nil {
		os.Remove(f.Name())
		return errInterrupted
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
