package cli

import (
	"errors"
	"fmt"
)

// errInterrupted is returned by writeOutput when the user interrupted the
// command before a report was complete: the report is not written.
var errInterrupted = errors.New("interrupted")

// stopped tells, after a scan, whether the command must end without
// writing anything: an output would overwrite an input (exit 2), or the
// user interrupted the scan (exit 130), when its result is incomplete.
func stopped(env Env, g *outputGuard) (int, bool) {
	if g != nil && g.err != nil {
		return usageError(env, "%v", g.err), true
	}
	if env.context().Err() != nil {
		return interruptedExit(env), true
	}
	return ExitOK, false
}

func interruptedExit(env Env) int {
	fmt.Fprintln(env.Stderr, "acc-audit: interrupted; nothing written")
	return ExitInterrupted
}
