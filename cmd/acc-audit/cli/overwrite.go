package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// A report must never replace a file the user asked to audit, whether named
// on the command line or found in a scanned directory or archive. The check
// needs the collected inputs, so it runs between collection and the scan,
// and refuses before anything is read past collection or written.

// outputTarget is one file a command is about to write; what names it in
// messages ("the sarif report", "the baseline").
type outputTarget struct {
	what, path string
}

// outputGuard is a scan hook that compares the output targets with every
// collected input, and stops the scan on a clash.
type outputGuard struct {
	targets []outputTarget
	paths   []string
	cancel  context.CancelFunc
	err     error
}

// guardOutputs returns the environment the scan must run in (its context
// is cancelled on a clash) and the guard whose hook goes first in the list
// given to settings.run.
func guardOutputs(env Env, paths []string, targets ...outputTarget) (Env, *outputGuard) {
	ctx, cancel := context.WithCancel(env.context())
	env.Ctx = ctx
	g := &outputGuard{paths: paths, cancel: cancel}
	for _, t := range targets {
		if t.path != "" {
			g.targets = append(g.targets, t)
		}
	}
	return env, g
}

func (g *outputGuard) hook(_ *driver.Options, inputs []*source.Input) {
	if g == nil || len(g.targets) == 0 {
		return
	}
	if err := checkOverwrite(g.targets, g.paths, inputs); err != nil {
		g.err = err
		g.cancel()
	}
}

// settingsFiles are the files a command reads besides its inputs: the
// configuration, the suppression file and the custom rule files. A report
// must not replace them either.
func (c *commonFlags) settingsFiles(fs *pflag.FlagSet, st *settings) []string {
	var out []string
	if st.cfg != nil {
		out = append(out, st.cfg.Source.File)
		if !fs.Changed("rules-file") {
			for _, v := range st.cfg.CustomRules {
				out = append(out, st.cfg.Path(v.V))
			}
		}
	}
	if fs.Changed("rules-file") {
		out = append(out, c.rulesFiles...)
	}
	if st.suppress != nil {
		out = append(out, st.suppress.Path)
	}
	return out
}

// fileID identifies a file: by device and inode when it exists, else by
// its cleaned absolute path.
type fileID struct {
	info fs.FileInfo
	abs  string
}

func identify(p string) fileID {
	id := fileID{abs: filepath.Clean(p)}
	if abs, err := filepath.Abs(p); err == nil {
		id.abs = abs
	}
	if st, err := os.Stat(p); err == nil {
		id.info = st
	}
	return id
}

func (a fileID) same(b fileID) bool {
	if a.info != nil && b.info != nil {
		return os.SameFile(a.info, b.info)
	}
	return a.abs == b.abs
}

// checkOverwrite refuses a target that is an input: a path of the command
// line, a file collected from a directory, or an archive an entry was read
// from.
func checkOverwrite(targets []outputTarget, paths []string, inputs []*source.Input) error {
	type input struct {
		file string // the file on disk
		name string // the input as the user sees it
	}
	var files []input
	seen := map[string]bool{}
	add := func(file, name string) {
		if file != "" && !seen[file] {
			seen[file] = true
			files = append(files, input{file, name})
		}
	}
	for _, p := range paths {
		if p != "-" {
			add(p, p)
		}
	}
	archives := map[string]bool{}
	for _, in := range inputs {
		add(diskFile(in.Name, archives), in.Name)
	}
	ids := make([]fileID, len(files))
	for i, f := range files {
		ids[i] = identify(f.file)
	}
	for _, t := range targets {
		tid := identify(t.path)
		if tid.info != nil && !tid.info.Mode().IsRegular() {
			continue // a device or pipe such as /dev/null is written in place, never replaced
		}
		for i, id := range ids {
			if !tid.same(id) {
				continue
			}
			if files[i].name != files[i].file {
				return fmt.Errorf("%s %s would overwrite the input %s (holding %s): choose another file", t.what, t.path, files[i].file, files[i].name)
			}
			// Most often the report of an earlier run, written inside the
			// scanned directory and collected this time.
			return fmt.Errorf("%s %s would overwrite the input %s: choose another file, or leave it out of the scan with --exclude", t.what, t.path, files[i].file)
		}
	}
	return nil
}

// diskFile returns the file on disk an input is read from: the input
// itself, or for an archive entry ("a.zip!/b/c.xml", also nested) the
// archive. archives caches the archives found, so that the many entries of
// one archive cost one look-up. Standard input has none.
func diskFile(name string, archives map[string]bool) string {
	if name == source.StdinName {
		return ""
	}
	if !strings.Contains(name, "!/") {
		return name
	}
	// The outermost archive is the shortest prefix before a "!/" that is a
	// regular file; a directory may itself be named "x!".
	for i := 0; i < len(name); {
		j := strings.Index(name[i:], "!/")
		if j < 0 {
			break
		}
		prefix := name[:i+j]
		if archives[prefix] {
			return prefix
		}
		if st, err := os.Stat(prefix); err == nil && st.Mode().IsRegular() {
			archives[prefix] = true
			return prefix
		}
		i += j + 2
	}
	return name
}
