package pipeline

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// The exit codes a scan's outcome decides, as README and acc-audit help
// document them. The command line adds its own: usage errors (2) and
// interruptions (130).
const (
	ExitOK       = 0 // nothing at or above the --fail-on threshold
	ExitFindings = 1 // findings at or above the threshold
	ExitInput    = 3 // an input could not be read or parsed (the others were still scanned)
	ExitInternal = 4 // a rule failed (internal error, custom rule past its budget): findings may be missing
)

// ExitCode decides the exit code with the documented precedence: a failed
// rule (its findings may be missing) over an unreadable input, and both
// over findings at the threshold.
type ExitCode struct {
	FailOn audit.Severity // 0: findings never fail
}

func (ExitCode) Name() string { return "exit-code" }

func (s ExitCode) Process(out *Outcome) {
	out.Exit = s.code(out.Result)
}

func (s ExitCode) code(res *driver.Result) int {
	switch {
	case res.HasInternalErrors():
		return ExitInternal
	case res.HasErrors():
		return ExitInput
	case s.FailOn == 0:
		return ExitOK
	}
	for sev := range res.Findings.BySeverity() {
		if sev >= s.FailOn {
			return ExitFindings
		}
	}
	return ExitOK
}
