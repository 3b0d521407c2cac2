// Package pipeline puts the result of a scan through what every command
// does to it after the engine, in one declared order, the way a linter
// puts its issues through a chain of result processors. Each step is a
// small type with one job; New declares the chain:
//
//  1. inputs: the paths that could not be collected become problems and
//     failed files, the files left out join NotRead. First, so that every
//     later step, the exit code above all, sees the whole command's inputs.
//  2. severity: the user's severity overrides, over the severity a rule
//     chose per finding. Before the suppressions, so that a suppressed
//     finding shows the same severity as it would unsuppressed, and before
//     the cap, which keeps the most severe findings.
//  3. suppress: inline and file suppressions move findings to Suppressed,
//     and the SUP pseudo-rules report on the suppressions themselves.
//     Before the baseline, so that a baseline records (and absorbs) only
//     what remains reported.
//  4. baseline: the findings the baseline lists leave the report, kept
//     aside for the formats that show them marked. Before the exit code:
//     a baselined finding never fails the build.
//  5. exit-code: the documented exit code, from the problems (a failed
//     rule, 4, over an unreadable input, 3) and then the findings left at
//     or above --fail-on (1). After suppressions and the baseline, before
//     the cap: --max-findings never changes the code.
//  6. max-findings: the cap on the report's size, keeping the most severe
//     findings in report order. Last, as it only shortens what is shown.
//
// A step given nothing to do (no override, no baseline, no cap) leaves the
// result as it is. Rule selection, --min-precision and --target included,
// happens before the scan and is not a step: a rule left out never runs.
package pipeline

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/baseline"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/suppress"
)

// Options are what the commands configure, from flags and configuration.
type Options struct {
	// Skipped and Unreadable are what input collection left out, and the
	// paths it could not read.
	Skipped    []source.Skipped
	Unreadable []error
	// Overrides maps rule ids to the severity the user gave them.
	Overrides map[string]audit.Severity
	// Suppress configures the suppressions; nil applies none (--no-suppress).
	Suppress *suppress.Options
	// Baseline is the baseline to leave out, or nil.
	Baseline *baseline.File
	// FailOn is the lowest severity of a finding that fails the command;
	// 0 never fails on findings.
	FailOn audit.Severity
	// MaxFindings caps the findings reported; 0 reports them all.
	MaxFindings int
}

// An Outcome is a scan's result on its way through the pipeline, with what
// the steps decided beside it.
type Outcome struct {
	Result *driver.Result
	// Baselined holds the findings the baseline listed, left out of
	// Result.Findings, for the formats that show them marked (SARIF).
	Baselined audit.FindingList
	// Exit is the code the command ends with.
	Exit int
}

// A Processor is one step of the pipeline.
type Processor interface {
	// Name is the step's name in the package documentation.
	Name() string
	Process(*Outcome)
}

// A Pipeline is its processors, in order.
type Pipeline []Processor

// New declares the chain; the package documentation says why this order.
func New(opt Options) Pipeline {
	return Pipeline{
		Inputs{Skipped: opt.Skipped, Unreadable: opt.Unreadable},
		Severity{Overrides: opt.Overrides},
		Suppress{Options: opt.Suppress},
		Baseline{File: opt.Baseline},
		ExitCode{FailOn: opt.FailOn},
		Cap{Max: opt.MaxFindings},
	}
}

// Process puts res through every step, in place, and returns the outcome.
func (p Pipeline) Process(res *driver.Result) *Outcome {
	out := &Outcome{Result: res}
	for _, step := range p {
		step.Process(out)
	}
	return out
}

// Names lists the steps in order.
func (p Pipeline) Names() []string {
	names := make([]string, len(p))
	for i, step := range p {
		names[i] = step.Name()
	}
	return names
}
