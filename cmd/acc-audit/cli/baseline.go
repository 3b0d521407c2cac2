package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit/baseline"
)

const baselineHelp = `
The baseline lists the fingerprint, rule, entity and message of every
finding that is not suppressed, sorted, without dates: commit it, and run
acc-audit scan --baseline FILE (or set baseline: in .acc-audit.yaml) so that
only new findings are reported and fail the build.

Exit codes: 0 written; 2 usage or configuration error; 3 an input could not
be read or parsed (the baseline is written without its findings); 4 a rule
failed (internal error, custom rule past its budget).
`

func baselineCmd(args []string, env Env) int {
	var c commonFlags
	fs := pflag.NewFlagSet("baseline", pflag.ContinueOnError)
	fs.SortFlags = false
	out := fs.StringP("output", "o", "", "write the baseline to `FILE` (default: baseline of the configuration, else "+baseline.DefaultFile+"); - for standard output")
	c.register(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError(env, "baseline needs at least one PATH (a file, a directory, a .zip archive, or - for stdin)")
	}
	st, code := c.settings(fs, paths, env)
	if code != ExitOK {
		return code
	}
	path := *out
	if path == "" {
		path = baseline.DefaultFile
		if st.cfg != nil && st.cfg.Baseline.Set {
			path = st.cfg.Path(st.cfg.Baseline.V)
		}
	}
	if path == "-" {
		path = ""
	}
	// The baseline of the configuration is this command's very output: it
	// is not among the files protected.
	env, guard := guardOutputs(env, append(slices.Clone(paths), c.settingsFiles(fs, st)...), outputTarget{"the baseline", path})
	outcome := st.run(paths, env, guard.hook)
	if code, stop := stopped(env, guard); stop {
		return code
	}
	res := outcome.Result
	data, err := baseline.New(res.Findings).Marshal()
	if err == nil {
		err = writeOutput(path, env, func(w io.Writer) error { _, err := w.Write(data); return err })
	}
	if errors.Is(err, errInterrupted) {
		return interruptedExit(env)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "acc-audit: cannot write the baseline: %v\n", err)
		return ExitUsage
	}
	printProblems(env, res)
	where := path
	if where == "" {
		where = "standard output"
	}
	fmt.Fprintf(env.Stderr, "acc-audit: baseline of %d findings written to %s (%d suppressed findings left out)\n", res.Findings.Len(), where, res.Suppressed.Len())
	return outcome.Exit
}
