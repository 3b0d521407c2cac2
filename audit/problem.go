package audit

import "fmt"

// A Problem is an input that could not be read or parsed (severity error,
// exit code 3), or was read with a workaround (warning), or a failure of a
// rule (Internal).
type Problem struct {
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"column,omitempty"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Internal marks a failure of acc-audit rather than of the input: a
	// rule, collector or hook that panicked, a custom rule stopped past its
	// budget. Findings may be missing (exit code 4); the input may be fine.
	Internal bool `json:"internal,omitempty"`
	// Detail is the stack of a panic, for bug reports; reports leave it
	// out (it changes from run to run).
	Detail string `json:"-"`
}

func (p Problem) String() string {
	loc := p.File
	if loc == "" && p.Line == 0 {
		return p.Message // a problem of the scan, not of an input
	}
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
	return loc + ": " + p.Message
}
