package cli

import (
	"errors"
	"io"
	"slices"

	"github.com/spf13/pflag"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/report"
)

func inventoryCmd(args []string, env Env) int {
	var c commonFlags
	fs := pflag.NewFlagSet("inventory", pflag.ContinueOnError)
	fs.SortFlags = false
	format := fs.StringP("format", "f", "text", "output format: text or json")
	output := fs.StringP("output", "o", "", "write the inventory to `FILE` instead of standard output")
	colorMode := fs.String("color", "auto", "colour the text output: auto, always, never")
	noColor := fs.Bool("no-color", false, "same as --color=never (the NO_COLOR environment variable is honoured too)")
	noProgress := fs.Bool("no-progress", false, "never draw the progress bar (it is drawn only when stderr is a terminal and CI is not set)")
	c.register(fs)
	if done, code := parseFlags(fs, args, env); done {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError(env, "inventory needs at least one PATH (a file, a directory, a .zip archive, or - for stdin)")
	}
	if *format != "text" && *format != "json" {
		return usageError(env, "unknown format %q (want text or json)", *format)
	}
	if err := checkColor(*colorMode); err != nil {
		return usageError(env, "%v", err)
	}
	mode := *colorMode
	if *noColor {
		mode = "never"
	}

	st, code := c.settings(fs, paths, env)
	if code != ExitOK {
		return code
	}
	// The inventory needs no rule: the engine still streams every entity
	// through OnUnit.
	st.selected, st.pseudo = nil, []*audit.Rule{}
	env, guard := guardOutputs(env, append(slices.Clone(paths), c.settingsFiles(fs, st)...), outputTarget{"the inventory", *output})
	outcome, inv := runWithInventory(st, paths, *noProgress, env, guard)
	if code, stop := stopped(env, guard); stop {
		return code
	}
	res := outcome.Result
	opt := report.Options{ToolName: "acc-audit", ToolVersion: toolVersion()}
	err := writeOutput(*output, env, func(w io.Writer) error {
		if *format == "json" {
			return report.InventoryJSON(w, inv, opt)
		}
		opt.Color = *output == "" && wantColor(mode, env.Stdout, env)
		return report.InventoryText(w, inv, opt)
	})
	if errors.Is(err, errInterrupted) {
		return interruptedExit(env)
	}
	if err != nil {
		return usageError(env, "cannot write the inventory: %v", err)
	}
	printProblems(env, res)
	return outcome.Exit
}
