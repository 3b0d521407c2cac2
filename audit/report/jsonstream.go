package report

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
)

// A jsonArray is an array of a report that encodeJSON writes one element
// at a time, so that a report of a hundred thousand findings is never
// held whole in memory, neither as values nor as text. It stands in the
// document for a placeholder string, which encodeJSON replaces.
type jsonArray struct {
	n     int
	each  iter.Seq[any]
	token string
}

// newJSONArray is the array of the n elements each yields, in order.
func newJSONArray(n int, each iter.Seq[any]) *jsonArray {
	var id [16]byte
	rand.Read(id[:])
	return &jsonArray{n: n, each: each, token: `"acc-audit-array-` + hex.EncodeToString(id[:]) + `"`}
}

func (a *jsonArray) MarshalJSON() ([]byte, error) { return []byte(a.token), nil }

// encodeJSON writes v as indented JSON, as json.Encoder with two spaces
// of indent and no HTML escaping would, whose strings show every hidden
// character as a \u escape: encoding/json escapes C0 controls but writes
// C1 controls and bidirectional overrides raw, and a raw U+009B in a
// string is a CSI to the terminal that cats the file. The structure of
// JSON is ASCII, so every non-ASCII byte is inside a string, where \u
// escapes mean the same text. arrays are the jsonArrays v holds, in the
// order they appear in the document.
func encodeJSON(w io.Writer, v any, arrays ...*jsonArray) error {
	var skel bytes.Buffer
	if err := newIndentEncoder(&skel, "").Encode(v); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	doc := skel.Bytes()
	var out []byte
	for _, a := range arrays {
		at := bytes.Index(doc, []byte(a.token))
		if at < 0 {
			return fmt.Errorf("internal error: array %s missing from the document", a.token)
		}
		line := bytes.LastIndexByte(doc[:at], '\n') + 1
		indent := doc[line : line+len(doc[line:at])-len(bytes.TrimLeft(doc[line:at], " "))]
		out = appendVisible(out[:0], doc[:at])
		if _, err := bw.Write(out); err != nil {
			return err
		}
		if err := a.write(bw, string(indent)); err != nil {
			return err
		}
		doc = doc[at+len(a.token):]
	}
	out = appendVisible(out[:0], doc)
	if _, err := bw.Write(out); err != nil {
		return err
	}
	return bw.Flush()
}

func newIndentEncoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}

// write writes the array as encoding/json indents one whose opening
// bracket ends a line indented by indent.
func (a *jsonArray) write(w *bufio.Writer, indent string) error {
	if a.n == 0 {
		_, err := w.WriteString("[]")
		return err
	}
	// Each element is encoded compact and indented here, in the same pass
	// that makes hidden characters visible: encoding/json's own indenting
	// re-reads its output through its JSON scanner, which cost more than
	// the encoding.
	e := &elementWriter{w: w, prefix: indent + "  ", token: a.token}
	e.enc = json.NewEncoder(&e.elem)
	e.enc.SetEscapeHTML(false)
	w.WriteString("[\n")
	i := 0
	var err error
	for v := range a.each {
		last := i == a.n-1
		i++
		if s, ok := v.(splitElement); ok {
			err = e.writeSplit(s, last)
		} else {
			err = e.write(v, last)
		}
		if err != nil {
			return err
		}
	}
	if i != a.n {
		return fmt.Errorf("internal error: an array of %d elements gave %d", a.n, i)
	}
	_, err = w.WriteString(indent + "]")
	return err
}

// longRelated is the number of related places past which a finding is
// written a place at a time (splitElement): an advisory reported once for
// a whole export lists tens of thousands, megabytes of text that would
// otherwise be held (twice, compact and indented) to write one element.
const longRelated = 256

// A splitElement is an array element with one long list, which the
// writer encodes an item at a time: split returns the element with the
// list replaced by the one item marker (whose JSON holds the token), and
// the list's length and items.
type splitElement interface {
	split(token string) (shell, marker any, n int, item func(int) any)
}

// longFinding is a finding with more than longRelated related places.
type longFinding struct{ f *audit.Finding }

func (l longFinding) split(token string) (any, any, int, func(int) any) {
	marker := audit.Related{Message: token}
	shell := *l.f
	shell.Related = []audit.Related{marker}
	return &shell, marker, len(l.f.Related), func(j int) any { return &l.f.Related[j] }
}

// An elementWriter writes the elements of one array, reusing its buffers.
type elementWriter struct {
	w      *bufio.Writer
	prefix string
	token  string
	elem   bytes.Buffer
	enc    *json.Encoder
	out    []byte
}

func (e *elementWriter) encode(v any) ([]byte, error) {
	e.elem.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.elem.Bytes(), []byte{'\n'}), nil
}

func (e *elementWriter) end(last bool) error {
	if !last {
		e.out = append(e.out, ',')
	}
	e.out = append(e.out, '\n')
	_, err := e.w.Write(e.out)
	e.out = e.out[:0]
	return err
}

func (e *elementWriter) write(v any, last bool) error {
	src, err := e.encode(v)
	if err != nil {
		return err
	}
	ind := indenter{prefix: e.prefix}
	e.out = ind.append(append(e.out[:0], e.prefix...), src)
	return e.end(last)
}

// writeSplit writes a splitElement as write would write it whole: the
// marker's array is cut out of the shell's text and the items are encoded
// in its place one by one. The compact text fed to the indenter is the
// same, so are the bytes written.
func (e *elementWriter) writeSplit(s splitElement, last bool) error {
	shell, marker, n, item := s.split(strings.Trim(e.token, `"`))
	m, err := e.encode(marker)
	if err != nil {
		return err
	}
	slot := append(append([]byte{'['}, m...), ']')
	src, err := e.encode(shell)
	if err != nil {
		return err
	}
	at := bytes.Index(src, slot)
	if at < 0 {
		return fmt.Errorf("internal error: a list is missing from an element of the report")
	}
	head, tail := bytes.Clone(src[:at+1]), bytes.Clone(src[at+len(slot)-1:])
	ind := indenter{prefix: e.prefix}
	e.out = ind.append(append(e.out[:0], e.prefix...), head)
	for j := range n {
		if j > 0 {
			e.out = ind.append(e.out, []byte{','})
		}
		it, err := e.encode(item(j))
		if err != nil {
			return err
		}
		e.out = ind.append(e.out, it)
		if len(e.out) >= 64<<10 {
			if _, err := e.w.Write(e.out); err != nil {
				return err
			}
			e.out = e.out[:0]
		}
	}
	e.out = ind.append(e.out, tail)
	return e.end(last)
}

// An indenter appends compact JSON indented as json.Indent(dst, src,
// prefix, "  ") would, with every hidden character of its strings written
// as a \u escape (as appendVisible); an empty object or array stays on
// its line, as encoding/json writes it. The JSON may come in pieces, cut
// between tokens (never inside a string, nor inside an empty object or
// array).
type indenter struct {
	prefix string
	depth  int
}

func (ind *indenter) append(out, src []byte) []byte {
	newline := func() {
		out = append(out, '\n')
		out = append(out, ind.prefix...)
		for range ind.depth {
			out = append(out, "  "...)
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			end := stringEnd(src, i)
			out = appendVisible(out, src[i:end])
			i = end - 1
		case '{', '[':
			out = append(out, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				out = append(out, src[i+1])
				i++
				continue
			}
			ind.depth++
			newline()
		case '}', ']':
			ind.depth--
			newline()
			out = append(out, c)
		case ',':
			out = append(out, c)
			newline()
		case ':':
			out = append(out, ':', ' ')
		default:
			out = append(out, c)
		}
	}
	return out
}

// stringEnd returns the index just past the JSON string that starts with
// the quote at src[i].
func stringEnd(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(src)
}

// appendVisible appends JSON text with every hidden character of its
// strings written as a \u escape. Runs of ASCII, nearly all of a report,
// are copied whole.
func appendVisible(out, doc []byte) []byte {
	for len(doc) > 0 {
		i := 0
		for i < len(doc) && doc[i] < utf8.RuneSelf {
			i++
		}
		out = append(out, doc[:i]...)
		if doc = doc[i:]; len(doc) == 0 {
			break
		}
		r, n := utf8.DecodeRune(doc)
		if hidden(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, doc[:n]...)
		}
		doc = doc[n:]
	}
	return out
}

// A lineVisible writer passes text through writeVisible a line at a time,
// as it comes, rather than holding the whole report: nothing writeVisible
// escapes or keeps (a character, a colour sequence) spans a line end, so
// the bytes are those of writeVisible over the whole text.
type lineVisible struct {
	w       io.Writer
	sgr     bool
	pending []byte
}

func (v *lineVisible) Write(b []byte) (int, error) {
	v.pending = append(v.pending, b...)
	if i := bytes.LastIndexByte(v.pending, '\n'); i >= 0 && i >= 32<<10 {
		if err := writeVisible(v.w, v.pending[:i+1], v.sgr); err != nil {
			return 0, err
		}
		v.pending = append(v.pending[:0], v.pending[i+1:]...)
	}
	return len(b), nil
}

func (v *lineVisible) flush() error {
	err := writeVisible(v.w, v.pending, v.sgr)
	v.pending = nil
	return err
}

// streamVisible is renderVisible for a report written as it is rendered
// (text): a failed render may leave part of it written, which callers
// that write files discard.
func streamVisible(w io.Writer, sgr bool, render func(io.Writer) error) error {
	v := &lineVisible{w: w, sgr: sgr}
	if err := render(v); err != nil {
		return err
	}
	return v.flush()
}
