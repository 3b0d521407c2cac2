package xmltree

import (
	"bytes"
	"encoding/binary"
	"math/bits"
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
	// chars[i] counts the characters of w.Data[:i*charChunk], built on
	// first use in a large window: a column on a very long line is then
	// counted from the nearest chunk, not from the line start.
	chars []int
}

// charChunk is the stride of Locator.chars.
const charChunk = 4096

// excerptReach bounds how far LineAt looks for the ends of a line: an
// export written on one line gives a bounded excerpt, not the whole file.
const excerptReach = 4096

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
		return l.w.Line, l.w.Col0 + l.charsBefore(idx) + 1
	}
	ls := l.starts[k-1]
	if idx-ls <= 4*charChunk {
		// Most lines are short: count them rather than from a chunk start.
		return l.w.Line + k, countChars(l.w.Data[ls:idx]) + 1
	}
	return l.w.Line + k, l.charsBefore(idx) - l.charsBefore(ls) + 1
}

// charsBefore counts the characters of w.Data[:i]. The data is valid
// UTF-8 (the parser and the readers check it), so a character is a byte
// that does not continue a sequence, and counts add up across chunks.
func (l *Locator) charsBefore(i int) int {
	d := l.w.Data
	if len(d) <= 4*charChunk {
		return countChars(d[:i])
	}
	if l.chars == nil {
		l.chars = make([]int, len(d)/charChunk+1)
		for c := 1; c < len(l.chars); c++ {
			l.chars[c] = l.chars[c-1] + countChars(d[(c-1)*charChunk:c*charChunk])
		}
	}
	c := i / charChunk
	return l.chars[c] + countChars(d[c*charChunk:i])
}

// countChars counts the bytes of b that do not continue a UTF-8 sequence
// (10xxxxxx), eight at a time: x<<1 brings each byte's bit 6 under its
// bit 7.
func countChars(b []byte) int {
	n := len(b)
	const hi = 0x8080808080808080
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		n -= bits.OnesCount64(x & ^(x << 1) & hi)
		b = b[8:]
	}
	for _, c := range b {
		if c&0xC0 == 0x80 {
			n--
		}
	}
	return n
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
	lo := max(0, idx-excerptReach)
	ls := lo
	if k := bytes.LastIndexByte(d[lo:idx], '\n'); k >= 0 {
		ls = lo + k + 1
	} else {
		for ls < idx && !utf8.RuneStart(d[ls]) {
			ls++
		}
	}
	hi := min(len(d), idx+excerptReach)
	le := bytes.IndexByte(d[idx:hi], '\n')
	if le < 0 {
		le = hi
		for le > idx && le < len(d) && !utf8.RuneStart(d[le]) {
			le--
		}
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
