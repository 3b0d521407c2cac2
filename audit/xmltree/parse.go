package xmltree

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// DefaultMaxDepth bounds element nesting. Real exports nest a few dozen
// levels; anything deeper is hostile or broken.
const DefaultMaxDepth = 2048

// Options control streaming.
type Options struct {
	// Split is called with the stack of open elements (outermost first, the
	// new element last, attributes filled, no children yet) for each start
	// tag read outside an already split subtree. When it returns true the
	// element's subtree is built, handed to OnSubtree when complete, and then
	// dropped, so that memory does not grow with the number of subtrees.
	Split func(stack []*Element) bool
	// OnSubtree receives each split subtree. An error stops the parse and is
	// returned by Parse unchanged.
	OnSubtree func(Subtree) error
	// Skeleton, when set, receives each element kept outside split subtrees
	// (a package envelope, an <entities> group) as soon as its start tag is
	// read, with the window of the lines holding that start tag, so that
	// findings on a package header get exact positions too.
	Skeleton func(el *Element, w Window)
	// MaxDepth bounds nesting; 0 means DefaultMaxDepth.
	MaxDepth int
	// Limits bound each split subtree; OnLimit receives the subtrees
	// dropped for going past one (they never reach OnSubtree).
	Limits  Limits
	OnLimit func(*LimitError)
}

// A Subtree is one split element with the raw text needed to turn its
// offsets into lines, columns and excerpts.
type Subtree struct {
	Root *Element
	// Leading holds the comments written between the previous sibling
	// element (or the parent's start tag) and Root: suppression directives
	// and annotations that belong to Root.
	Leading []*Comment
	// Ancestors are the open elements enclosing Root, outermost first (the
	// package envelope and the <entities> group). Root.Parent is nil: the
	// subtree stands alone once handed over.
	Ancestors []*Element
	Window    Window
}

// A Window is a contiguous slice of the decoded input.
type Window struct {
	Data   []byte // valid only during OnSubtree; copy it to keep it
	Offset int64  // file offset of Data[0]
	Line   int    // 1-based line of Data[0]
	Col0   int    // characters between the start of that line and Data[0]
}

// A Document is what remains of a parsed file once split subtrees are gone:
// the root element's skeleton, with everything that was not split.
type Document struct {
	Root   *Element
	Prolog []Node // comments and processing instructions before the root
}

// A SyntaxError is a well-formedness error at a position.
type SyntaxError struct {
	Offset    int64
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// An EncodingError reports bytes that are not valid UTF-8. Loaders use it to
// retry a file with a fallback decoding.
type EncodingError struct {
	SyntaxError
}

const readChunk = 64 << 10

type parser struct {
	r   io.Reader
	opt Options

	buf      []byte
	bufOff   int64 // file offset of buf[0]
	end      int   // valid bytes in buf
	pos      int   // scan position
	validEnd int   // bytes below are checked for encoding and illegal characters
	eof      bool

	lineAtBuf int // line of buf[0]
	colAtBuf  int // characters from the start of that line to buf[0]

	keepFrom int // index that must survive compaction (window start), -1 if none

	// The last position lineCol computed: windows are asked for in file
	// order, so each call only counts the bytes since the previous one
	// (a one-line export would otherwise be counted again per entity).
	curOff          int64
	curLine, curCol int
	curValid        bool

	skip     *LimitError // set while the current subtree is read through
	subNodes int
	subStart int64

	stack      []*Element
	splitDepth int // stack index of the split root, -1 when not in a subtree
	leading    []*Comment
	subLeading []*Comment
	doc        Document
	sawRoot    bool
	maxDepth   int
	// attrBuf collects the attributes of one start tag before they are
	// copied to the element at their exact number, instead of growing
	// each element's slice one append at a time.
	attrBuf []Attr
	// names interns element and attribute names: an export uses a few
	// hundred, and a string per start tag and attribute was a large part
	// of the parser's allocations.
	names map[string]string
	// recent caches the name last returned per slot (see name).
	recent [64]string
}

// maxInterned bounds the names interned and the length of one, so that a
// hostile input of endless distinct names costs no more than without.
const (
	maxInterned   = 4096
	maxInternName = 64
)

// name returns b as a string, shared with earlier equal names.
func (p *parser) name(b []byte) string {
	// A name is most often the one last seen in its slot of a small
	// cache: an export repeats a few dozen element and attribute names,
	// and the comparison costs less than hashing for the map.
	var slot *string
	if n := len(b); n > 0 {
		slot = &p.recent[(n*31+int(b[0])*7+int(b[n-1]))&(len(p.recent)-1)]
		if *slot == string(b) {
			return *slot
		}
	}
	s, ok := p.names[string(b)]
	if !ok {
		s = string(b)
		if len(b) <= maxInternName && len(p.names) < maxInterned {
			if p.names == nil {
				p.names = make(map[string]string, 256)
			}
			p.names[s] = s
		}
	}
	if slot != nil && len(b) <= maxInternName {
		*slot = s
	}
	return s
}

// Parse reads one XML document from r.
func Parse(r io.Reader, opt Options) (*Document, error) {
	p := &parser{r: r, opt: opt, keepFrom: -1, splitDepth: -1, lineAtBuf: 1, maxDepth: opt.MaxDepth}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	p.buf = make([]byte, readChunk)
	if err := p.run(); err != nil {
		return &p.doc, err
	}
	return &p.doc, nil
}

// ParseBytes parses a whole document held in memory, keeping everything.
func ParseBytes(data []byte) (*Document, error) {
	var root *Element
	var prolog []*Comment
	doc, err := Parse(bytes.NewReader(data), Options{
		Split:     func(stack []*Element) bool { return len(stack) == 1 },
		OnSubtree: func(st Subtree) error { root = st.Root; prolog = st.Leading; return nil },
	})
	if root != nil {
		doc.Root = root
	}
	_ = prolog
	return doc, err
}

func (p *parser) errAt(off int64, format string, args ...any) error {
	line, col := p.lineCol(off)
	return &SyntaxError{Offset: off, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// lineCol converts a file offset still inside the buffer (or at its end).
func (p *parser) lineCol(off int64) (int, int) {
	idx := int(off - p.bufOff)
	if idx < 0 {
		idx = 0
	}
	if idx > p.end {
		idx = p.end
	}
	from, line, col := 0, p.lineAtBuf, p.colAtBuf
	if c := int(p.curOff - p.bufOff); p.curValid && c >= 0 && c <= idx {
		from, line, col = c, p.curLine, p.curCol
	}
	b := p.buf[from:idx]
	if n := bytes.Count(b, nl); n > 0 {
		line += n
		col = utf8.RuneCount(b[bytes.LastIndexByte(b, '\n')+1:])
	} else {
		col += utf8.RuneCount(b)
	}
	p.curOff, p.curLine, p.curCol, p.curValid = p.bufOff+int64(idx), line, col, true
	return line, col + 1
}

// windowMargin bounds how much of the line around a subtree its window
// keeps for excerpts: whole lines in real exports, a bounded slice of an
// export written on one line (which must not be copied per entity).
const windowMargin = 4096

// lineStartNear returns the index in buf of the start of the line holding
// buf[i], or of a character boundary at most windowMargin bytes back.
func (p *parser) lineStartNear(i int) int {
	lo := max(0, i-windowMargin)
	if k := bytes.LastIndexByte(p.buf[lo:i], '\n'); k >= 0 {
		return lo + k + 1
	}
	for lo < i && !utf8.RuneStart(p.buf[lo]) {
		lo++
	}
	return lo
}

var nl = []byte{'\n'}

// fill reads more input, compacting the buffer first. It returns false at
// end of input. Indices into buf held by callers must be relative to p.pos.
func (p *parser) fill() (bool, error) {
	if p.eof {
		return false, nil
	}
	cut := p.pos
	if p.keepFrom >= 0 && p.keepFrom < cut {
		cut = p.keepFrom
	}
	if cut > 0 && p.end == len(p.buf) {
		dropped := p.buf[:cut]
		if n := bytes.Count(dropped, nl); n > 0 {
			p.lineAtBuf += n
			p.colAtBuf = utf8.RuneCount(dropped[bytes.LastIndexByte(dropped, '\n')+1:])
		} else {
			p.colAtBuf += utf8.RuneCount(dropped)
		}
		copy(p.buf, p.buf[cut:p.end])
		p.end -= cut
		p.pos -= cut
		p.validEnd -= cut
		if p.keepFrom >= 0 {
			p.keepFrom -= cut
		}
		p.bufOff += int64(cut)
	}
	if p.end == len(p.buf) {
		nb := make([]byte, 2*len(p.buf))
		copy(nb, p.buf[:p.end])
		p.buf = nb
	}
	for {
		n, err := p.r.Read(p.buf[p.end:])
		p.end += n
		if err != nil {
			if err != io.EOF {
				return false, fmt.Errorf("read: %w", err)
			}
			p.eof = true
		}
		if n > 0 || p.eof {
			break
		}
	}
	if err := p.validate(); err != nil {
		return false, err
	}
	return p.validEnd > p.pos || p.end > p.pos, nil
}

// xmlSpaces8 reports whether the ASCII bytes of w, some below 0x20, are
// all tabs, line feeds and carriage returns there.
func xmlSpaces8(w []byte) bool {
	for _, c := range w[:8] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// validate checks newly read bytes: valid UTF-8 and no characters that XML
// forbids. A multi-byte sequence cut by the read boundary waits for the next
// read.
func (p *parser) validate() error {
	b := p.buf[:p.end]
	i := p.validEnd
	for i < len(b) {
		// Eight bytes at a time while they are printable ASCII, which
		// most of an export is; a word holding anything else (a line
		// break, a tab, a multi-byte character) is checked byte by byte.
		for i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			if w&0x8080808080808080 != 0 {
				break
			}
			if (w-0x2020202020202020)&^w&0x8080808080808080 != 0 && !xmlSpaces8(b[i:i+8]) {
				// A control character other than the white space of
				// an indented export: the byte loop reports it.
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				off := p.bufOff + int64(i)
				line, col := p.lineCol(off)
				return &SyntaxError{Offset: off, Line: line, Col: col, Msg: fmt.Sprintf("illegal character U+%04X in XML", c)}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if !p.eof && !utf8.FullRune(b[i:]) {
				break
			}
			off := p.bufOff + int64(i)
			line, col := p.lineCol(off)
			return &EncodingError{SyntaxError{Offset: off, Line: line, Col: col, Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02X", c)}}
		}
		if r == 0xFFFE || r == 0xFFFF {
			off := p.bufOff + int64(i)
			line, col := p.lineCol(off)
			return &SyntaxError{Offset: off, Line: line, Col: col, Msg: fmt.Sprintf("illegal character U+%04X in XML", r)}
		}
		i += size
	}
	p.validEnd = i
	return nil
}

// avail returns the number of validated bytes from p.pos.
func (p *parser) avail() int { return p.validEnd - p.pos }

// ensure makes at least n validated bytes available from p.pos, if the input
// has them.
func (p *parser) ensure(n int) (bool, error) {
	for p.avail() < n {
		more, err := p.fill()
		if err != nil {
			return false, err
		}
		if !more && p.eof && p.avail() < n {
			return false, nil
		}
	}
	return true, nil
}

// find returns the index, relative to p.pos, of the first occurrence of pat
// at or after rel, reading more input as needed; -1 at end of input.
func (p *parser) find(rel int, pat string) (int, error) { return p.findBounded(rel, pat, 0) }

func (p *parser) off(rel int) int64 { return p.bufOff + int64(p.pos+rel) }

func (p *parser) run() error {
	// A UTF-8 byte order mark is not part of the document. ensure, not a
	// single read: a reader may hand over fewer than three bytes at first.
	if ok, err := p.ensure(3); err != nil {
		return err
	} else if ok && bytes.HasPrefix(p.buf[p.pos:], []byte{0xEF, 0xBB, 0xBF}) {
		p.pos += 3
	}
	for {
		ok, err := p.ensure(1)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if p.buf[p.pos] != '<' {
			if err := p.text(); err != nil {
				return err
			}
			continue
		}
		ok, err = p.ensure(2)
		if err != nil {
			return err
		}
		if !ok {
			return p.errAt(p.off(0), "unexpected end of input after '<'")
		}
		switch p.buf[p.pos+1] {
		case '/':
			err = p.endTag()
		case '!':
			err = p.bang()
		case '?':
			err = p.procInst()
		default:
			err = p.startTag()
		}
		if err != nil {
			return err
		}
	}
	if len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		line, col := p.lineCol(p.off(0))
		return &SyntaxError{Offset: p.off(0), Line: line, Col: col,
			Msg: fmt.Sprintf("unexpected end of input: element <%s> is not closed", top.Name)}
	}
	if !p.sawRoot {
		return p.errAt(p.off(0), "no root element")
	}
	return nil
}

func (p *parser) top() *Element {
	if len(p.stack) == 0 {
		return nil
	}
	return p.stack[len(p.stack)-1]
}

// inTree reports whether new nodes belong to a retained tree (a split subtree
// or the skeleton) rather than being dropped.
func (p *parser) addChild(n Node) {
	p.countNode()
	if p.limited() {
		return
	}
	if parent := p.top(); parent != nil {
		parent.Children = append(parent.Children, n)
	}
}

func (p *parser) text() error {
	start := p.off(0)
	if p.limited() {
		_, err := p.skipTo("<")
		return err
	}
	i, err := p.findBounded(0, "<", p.opt.Limits.TextBytes)
	if err != nil {
		return err
	}
	if i == -2 || i >= 0 && p.textTooLong(i, "text") {
		p.textTooLong(p.opt.Limits.TextBytes+1, "text")
		_, err := p.skipTo("<")
		return err
	}
	if i < 0 {
		i = p.avail()
	}
	raw := p.buf[p.pos : p.pos+i]
	if isSpace(raw) {
		p.pos += i
		return nil
	}
	parent := p.top()
	if parent == nil {
		return p.errAt(start+int64(firstNonSpace(raw)), "text outside the root element")
	}
	data, span, err := p.decode(raw, start, false)
	if err != nil {
		return err
	}
	p.leading = nil
	p.addChild(&Text{Data: data, Start: start, Span: span, Parent: parent})
	p.pos += i
	return nil
}

func firstNonSpace(b []byte) int {
	for i, c := range b {
		if !isSpaceByte(c) {
			return i
		}
	}
	return 0
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isSpace(b []byte) bool {
	for _, c := range b {
		if !isSpaceByte(c) {
			return false
		}
	}
	return true
}

// decode resolves entity and character references and normalises line ends
// (and, in attribute values, whitespace) of raw text found at file offset
// start.
func (p *parser) decode(raw []byte, start int64, attr bool) (string, Span, error) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 &&
		(!attr || (bytes.IndexByte(raw, '\n') < 0 && bytes.IndexByte(raw, '\t') < 0)) {
		return string(raw), Span{Base: start}, nil
	}
	s, span, err := DecodeEntities(raw, start, attr)
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return "", Span{}, p.errAt(de.Offset, "%s", de.Msg)
		}
		return "", Span{}, err
	}
	return s, span, nil
}
