package xmltree

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// A Locator turns file offsets inside a window into 1-based lines and
// columns. Columns count Unicode characters (code points), so that an
// accented label before a match does not shift the column the user sees.
// The line index is built on first use: most subtrees produce no finding.
type Locator struct {
	w      Window
	starts []int // indices in w.Data where lines start (after the first)
}

// NewLocator returns a locator over w. The window's data must stay valid
// while the locator is used.
func NewLocator(w Window) *Locator { return &Locator{w: w} }

// Window returns the window the locator reads.
func (l *Locator) Window() Window { return l.w }

// Contains reports whether off falls inside the window.
func (l *Locator) Contains(off int64) bool {
	return off >= l.w.Offset && off <= l.w.Offset+int64(len(l.w.Data))
}

func (l *Locator) index() {
	if l.starts != nil {
		return
	}
	l.starts = make([]int, 0, 64)
	d := l.w.Data
	for i := 0; ; {
		j := bytes.IndexByte(d[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		l.starts = append(l.starts, i)
	}
}

// Position returns the line and column of off. Offsets outside the window
// are clamped to it.
func (l *Locator) Position(off int64) (line, col int) {
	idx := l.clamp(off)
	l.index()
	k := sort.SearchInts(l.starts, idx+1) // lines started at or before idx
	if k == 0 {
		return l.w.Line, l.w.Col0 + utf8.RuneCount(l.w.Data[:idx]) + 1
	}
	ls := l.starts[k-1]
	return l.w.Line + k, utf8.RuneCount(l.w.Data[ls:idx]) + 1
}

func (l *Locator) clamp(off int64) int {
	idx := int(off - l.w.Offset)
	if idx < 0 {
		idx = 0
	}
	if idx > len(l.w.Data) {
		idx = len(l.w.Data)
	}
	return idx
}

// LineAt returns the text of the line holding off (without its line end)
// and the index of off within that text.
func (l *Locator) LineAt(off int64) (text string, at int) {
	idx := l.clamp(off)
	d := l.w.Data
	ls := bytes.LastIndexByte(d[:idx], '\n') + 1
	le := bytes.IndexByte(d[idx:], '\n')
	if le < 0 {
		le = len(d)
	} else {
		le += idx
	}
	line := d[ls:le]
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if idx-ls > len(line) {
		return string(line), len(line)
	}
	return string(line), idx - ls
}

// Slice returns the decoded input between two offsets inside the window.
func (l *Locator) Slice(from, to int64) string {
	a, b := l.clamp(from), l.clamp(to)
	if b < a {
		return ""
	}
	return string(l.w.Data[a:b])
}
