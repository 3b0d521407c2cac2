package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/fix"
	"github.com/acc-audit/acc-audit/audit/report"
	"github.com/acc-audit/acc-audit/audit/source"
)

// fixRounds bounds the scan-and-fix rounds: a fix can reveal another (two
// findings on one line), and the loop stops as soon as nothing changes.
const fixRounds = 5

// fixCmd rewrites what rules know how to rewrite. By default it prints a
// unified diff and writes nothing.
func fixCmd(args []string, env Env) int {
	var c commonFlags
	fs := pflag.NewFlagSet("fix", pflag.ContinueOnError)
	fs.SortFlags = false
	write := fs.Bool("write", false, "apply the fixes to the files in place (atomically, file by file; never to archives or standard input)")
	check := fs.Bool("check", false, "print the diff and exit 1 when a fix would change a file (for CI); writes nothing")
	unsafe := fs.Bool("unsafe", false, "also apply the fixes marked as suggestions (review the diff)")
	c.register(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError(env, "fix needs at least one PATH (a file, a directory, a .zip archive, or - for stdin)")
	}
	if *write && *check {
		return usageError(env, "--write and --check exclude each other")
	}
	st, code := c.settings(fs, paths, env)
	if code != ExitOK {
		return code
	}
	st.replaced = map[string][]byte{}
	original := map[string][]byte{}
	applied := map[string][]fix.Change{}
	blocked := map[string]string{}
	var res *driver.Result
	for round := 0; round < fixRounds; round++ {
		inputs := map[string]*source.Input{}
		res = st.run(paths, env, func(_ *driver.Options, in []*source.Input) {
			for _, i := range in {
				inputs[i.Name] = i
			}
		}).Result
		encodings := map[string]string{}
		for _, f := range res.Files {
			encodings[f.Name] = f.Encoding
		}
		byFile := fix.Select(res.Findings, *unsafe)
		changed := false
		for _, name := range sortedNames(byFile) {
			if blocked[name] != "" {
				continue
			}
			raw, ok := st.replaced[name]
			if !ok {
				var err error
				if raw, err = readInput(inputs[name]); err != nil {
					blocked[name] = err.Error()
					continue
				}
			}
			r, err := fix.File(name, raw, encodings[name], byFile[name])
			if errors.Is(err, fix.ErrNoChange) {
				continue
			}
			if err != nil {
				blocked[name] = err.Error()
				continue
			}
			if _, seen := original[name]; !seen {
				original[name] = raw
			}
			st.replaced[name] = r.New
			applied[name] = append(applied[name], r.Applied...)
			changed = true
		}
		if !changed {
			break
		}
	}

	var files []string
	for name, old := range original {
		if !bytes.Equal(old, st.replaced[name]) {
			files = append(files, name)
		}
	}
	sort.Strings(files)
	problems := 0
	for _, name := range sortedNames(blocked) {
		fmt.Fprintf(env.Stderr, "acc-audit fix: %s: %s\n", report.Visible(name), report.Visible(blocked[name]))
		problems++
	}
	if !*write || *check {
		for _, name := range files {
			fmt.Fprint(env.Stdout, fileDiff(name, original[name], st.replaced[name]))
		}
	}
	written := 0
	if *write {
		for _, name := range files {
			if name == source.StdinName || strings.Contains(name, "!/") {
				fmt.Fprintf(env.Stderr, "acc-audit fix: %s: inside an archive or on standard input, not written; the diff:\n", report.Visible(name))
				fmt.Fprint(env.Stdout, fileDiff(name, original[name], st.replaced[name]))
				continue
			}
			if err := rewriteFile(name, original[name], st.replaced[name]); err != nil {
				fmt.Fprintf(env.Stderr, "acc-audit fix: %s: %s\n", report.Visible(name), report.Visible(err.Error()))
				problems++
				continue
			}
			written++
		}
	}
	printProblems(env, res)
	fmt.Fprintln(env.Stderr, fixSummary(files, applied, res, *write, written, *unsafe))
	// The codes are those of scan: a rule that failed (4) outranks a file
	// that could not be read or written (3), which outranks a diff (1).
	switch {
	case res.HasInternalErrors():
		return ExitInternal
	case problems > 0 || res.HasErrors():
		return ExitInput
	case *check && len(files) > 0:
		return ExitFindings
	}
	return ExitOK
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func readInput(in *source.Input) ([]byte, error) {
	if in == nil {
		return nil, errors.New("input not found")
	}
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// fileDiff is the unified diff of a file's text, decoded as the scan read
// it so that a UTF-16 or ISO-8859-1 file shows as text.
func fileDiff(name string, old, new []byte) string {
	decode := func(b []byte) string {
		if t, _, _, err := source.DecodeAll(b, false); err == nil {
			return string(t)
		}
		return string(b)
	}
	label := filepath.ToSlash(name)
	from, to := "a/"+label, "b/"+label
	if filepath.IsAbs(name) || strings.HasPrefix(label, "../") {
		from, to = label, label
	}
	return udiff.Unified(from, to, decode(old), decode(new))
}

// rewriteFile replaces a file atomically (a sibling written then renamed),
// keeping its permissions, and only if it still holds what was scanned.
func rewriteFile(path string, scanned, content []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a regular file, not written")
	}
	now, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, scanned) {
		return errors.New("changed since it was scanned, not written")
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".acc-audit-fix-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(content)
	cerr := f.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp, st.Mode().Perm())); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// fixSummary says what was fixed and what remains.
func fixSummary(files []string, applied map[string][]fix.Change, res *driver.Result, write bool, written int, unsafe bool) string {
	byRule := map[string]int{}
	total := 0
	for _, name := range files {
		for _, c := range applied[name] {
			byRule[c.RuleID]++
			total++
		}
	}
	var b strings.Builder
	if total == 0 {
		b.WriteString("nothing to fix")
	} else {
		var parts []string
		for _, id := range sortedNames(byRule) {
			parts = append(parts, fmt.Sprintf("%s ×%d", id, byRule[id]))
		}
		verb := "would fix"
		if write {
			verb = "fixed"
		}
		fmt.Fprintf(&b, "%s %s in %s (%s)", verb, plural(total, "finding", "findings"), plural(len(files), "file", "files"), strings.Join(parts, ", "))
		if write && written < len(files) {
			fmt.Fprintf(&b, "; %d written", written)
		}
		if !write {
			b.WriteString("; run with --write to apply")
		}
	}
	suggestions := 0
	for f := range res.Findings.All() {
		if f.Fix != nil && !f.Fix.Safe && !unsafe {
			suggestions++
		}
	}
	fmt.Fprintf(&b, "; %s", plural(res.Findings.Len(), "finding remains", "findings remain"))
	if suggestions > 0 {
		fmt.Fprintf(&b, " (%d with a suggested fix: --unsafe)", suggestions)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
