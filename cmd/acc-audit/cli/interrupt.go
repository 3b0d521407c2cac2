package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// ctxReader makes a blocking reader (standard input left open by a
// pipe) give way to an interruption: collection reads standard input to
// its end before the scan starts, and would otherwise ignore Ctrl-C.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
	buf []byte
}

type readResult struct {
	n   int
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	// The read runs aside, into a buffer of its own, so that an abandoned
	// read never writes into p after Read returned; the buffer is reused,
	// as no read follows an abandoned one.
	if len(c.buf) == 0 {
		c.buf = make([]byte, 1<<20)
	}
	buf := c.buf[:min(len(p), len(c.buf))]
	done := make(chan readResult, 1)
	go func() {
		n, err := c.r.Read(buf)
		done <- readResult{n, err}
	}()
	select {
	case res := <-done:
		return copy(p, buf[:res.n]), res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

func interruptedExit(env Env) int {
	fmt.Fprintln(env.Stderr, "acc-audit: interrupted; nothing written")
	return ExitInterrupted
}
