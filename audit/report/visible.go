package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Exports and their file names are attacker-controlled text. A control
// character reaching a terminal runs as a command (ESC and the 8-bit CSI
// U+009B move the cursor, retitle the window, write the clipboard), a
// bidirectional override makes "rlo\u202Egnp.xml" read as "rlolmx.png",
// and XML 1.0 cannot carry C0 controls at all. Every report therefore
// shows such characters as escapes: \x1b, \u009b, \u202e. JSON formats
// keep the exact text with JSON's own \u escapes.

// hidden tells the characters no report shows raw: C0 and C1 controls,
// DEL, and the bidirectional marks, embeddings, overrides and isolates.
func hidden(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeRune writes the visible form of a hidden rune.
func escapeRune(b *strings.Builder, r rune) {
	switch {
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r < 0x80:
		fmt.Fprintf(b, `\x%02x`, r)
	default:
		fmt.Fprintf(b, `\u%04x`, r)
	}
}

// Visible returns s with every hidden character (line ends and tabs too)
// and every byte of invalid UTF-8 written as an escape, for one-line
// fields: file names, entity names, messages, excerpts.
func Visible(s string) string { return visible(s, false) }

// VisibleLines is Visible for multi-line text: line ends and tabs stay.
func VisibleLines(s string) string { return visible(s, true) }

func visibleText(s string) string { return visible(s, true) }

func visible(s string, keepLines bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\r' || r == '\t'):
			b.WriteRune(r)
		case hidden(r):
			escapeRune(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// writeVisible writes a whole rendered document (Markdown, CSV, HTML,
// text) with every hidden character escaped, line ends and tabs kept.
// With sgr, the colour sequences the text formats emit themselves
// (ESC [ digits and semicolons m) stay: their strings from the export
// were escaped already, so an ESC left is one of ours.
func writeVisible(w io.Writer, doc []byte, sgr bool) error {
	var out bytes.Buffer
	out.Grow(len(doc))
	for i := 0; i < len(doc); {
		c := doc[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t' {
			out.WriteByte(c)
			i++
			continue
		}
		if c == 0x1b && sgr {
			if n := sgrLen(doc[i:]); n > 0 {
				out.Write(doc[i : i+n])
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRune(doc[i:])
		var b strings.Builder
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, c)
		case hidden(r):
			escapeRune(&b, r)
		default:
			b.Write(doc[i : i+n])
		}
		out.WriteString(b.String())
		i += n
	}
	_, err := w.Write(out.Bytes())
	return err
}

// sgrLen is the length of the Select Graphic Rendition sequence at the
// start of b, or 0.
func sgrLen(b []byte) int {
	if len(b) < 3 || b[0] != 0x1b || b[1] != '[' {
		return 0
	}
	for i := 2; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9' || c == ';':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// visibleWriter buffers a document and writes it through writeVisible
// when flushed.
type visibleWriter struct {
	w   io.Writer
	sgr bool
	buf bytes.Buffer
}

func (v *visibleWriter) Write(b []byte) (int, error) { return v.buf.Write(b) }

func (v *visibleWriter) flush() error { return writeVisible(v.w, v.buf.Bytes(), v.sgr) }

// renderVisible runs render on a buffer and writes its output with every
// hidden character escaped.
func renderVisible(w io.Writer, sgr bool, render func(io.Writer) error) error {
	v := &visibleWriter{w: w, sgr: sgr}
	if err := render(v); err != nil {
		return err
	}
	return v.flush()
}
