package xmltree

import (
	"bytes"
	"fmt"
)

// Limits bound what one split subtree (one entity) may hold, so that a
// hostile or broken input cannot swell the process: past a limit the
// subtree is dropped and read through to its end without being built, and
// the parse goes on with the next one. Zero means no limit.
type Limits struct {
	SubtreeBytes int64 // source bytes of the subtree
	SubtreeNodes int   // elements, texts and comments of the subtree
	TextBytes    int   // one text run, CDATA section or comment (a script)
}

// A LimitError says which subtree went past a limit, at its start.
type LimitError struct {
	Offset    int64
	Line, Col int
	Element   string // the subtree's root element
	Msg       string
	Limit     string // "nodes", "bytes" or "text": which limit
}

func (e *LimitError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// limited reports whether new nodes of the current subtree are dropped.
func (p *parser) limited() bool { return p.skip != nil }

// countNode counts a node of the current subtree against the limits.
func (p *parser) countNode() {
	if p.splitDepth < 0 || p.skip != nil {
		return
	}
	p.subNodes++
	lim := p.opt.Limits
	switch {
	case lim.SubtreeNodes > 0 && p.subNodes > lim.SubtreeNodes:
		p.exceed("nodes", fmt.Sprintf("more than %d nodes", lim.SubtreeNodes))
	case lim.SubtreeBytes > 0 && p.off(0)-p.subStart > lim.SubtreeBytes:
		p.exceed("bytes", fmt.Sprintf("more than %d bytes", lim.SubtreeBytes))
	}
}

// exceed drops the current subtree: what was built is released, the
// window no longer pins the buffer, and the rest is only read through.
func (p *parser) exceed(limit, msg string) {
	root := p.stack[p.splitDepth]
	line, col := p.lineCol(p.subStart)
	p.skip = &LimitError{Offset: p.subStart, Line: line, Col: col, Element: root.Name, Msg: msg, Limit: limit}
	root.Children = nil
	p.keepFrom = -1
}

// textTooLong reports whether a run of n bytes is past the text limit,
// and drops the subtree holding it.
func (p *parser) textTooLong(n int, what string) bool {
	lim := p.opt.Limits.TextBytes
	if lim <= 0 || n <= lim || p.splitDepth < 0 {
		return false
	}
	if p.skip == nil {
		p.exceed("text", fmt.Sprintf("a %s of more than %d bytes", what, lim))
	}
	return true
}

// findBounded is find that gives up, returning -2, once more than max
// bytes were searched without a match (max <= 0: no bound).
func (p *parser) findBounded(rel int, pat string, max int) (int, error) {
	if p.splitDepth < 0 {
		max = 0
	}
	for {
		if i := bytes.Index(p.buf[p.pos+rel:p.validEnd], []byte(pat)); i >= 0 {
			return rel + i, nil
		}
		if max > 0 && p.avail() > max+rel {
			return -2, nil
		}
		if next := p.avail() - len(pat) + 1; next > rel {
			rel = next
		}
		more, err := p.fill()
		if err != nil {
			return -1, err
		}
		if !more && p.eof {
			if i := bytes.Index(p.buf[p.pos+rel:p.validEnd], []byte(pat)); i >= 0 {
				return rel + i, nil
			}
			return -1, nil
		}
	}
}

// skipTo consumes input up to the next occurrence of pat (left at p.pos),
// without keeping it: the buffer is compacted as it goes. It reports
// whether pat was found before the end of input.
func (p *parser) skipTo(pat string) (bool, error) {
	for {
		if i := bytes.Index(p.buf[p.pos:p.validEnd], []byte(pat)); i >= 0 {
			p.pos += i
			return true, nil
		}
		if keep := len(pat) - 1; p.avail() > keep {
			p.pos = p.validEnd - keep
		}
		more, err := p.fill()
		if err != nil {
			return false, err
		}
		if !more && p.eof {
			return false, nil
		}
	}
}

// DefaultLimits are generous for any real export: the largest entities of
// real packages are a few megabytes and tens of thousands of nodes, their
// longest scripts a few hundred kilobytes.
var DefaultLimits = Limits{SubtreeBytes: 64 << 20, SubtreeNodes: 1_000_000, TextBytes: 8 << 20}

// WithDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	if l.SubtreeBytes == 0 {
		l.SubtreeBytes = DefaultLimits.SubtreeBytes
	}
	if l.SubtreeNodes == 0 {
		l.SubtreeNodes = DefaultLimits.SubtreeNodes
	}
	if l.TextBytes == 0 {
		l.TextBytes = DefaultLimits.TextBytes
	}
	return l
}
