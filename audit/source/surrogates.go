package source

import (
	"fmt"
	"io"
)

// A LateNote is a warning about the decoding that is only known once the
// input has been read (an unpaired UTF-16 surrogate, replaced by U+FFFD).
type LateNote struct {
	Msg       string
	Line, Col int
}

// surrogateWatch passes UTF-16 bytes through and notes where the first
// unpaired surrogate is, counting lines and characters as it goes.
type surrogateWatch struct {
	r        io.Reader
	le       bool
	skipBOM  bool
	odd      []byte
	line     int
	col      int
	high     bool // the previous unit was a high surrogate
	highLine int
	highCol  int
	note     *LateNote
	out      **LateNote
}

func newSurrogateWatch(r io.Reader, le, bom bool, out **LateNote) *surrogateWatch {
	return &surrogateWatch{r: r, le: le, skipBOM: bom, line: 1, out: out}
}

func (w *surrogateWatch) Read(b []byte) (int, error) {
	n, err := w.r.Read(b)
	data := append(w.odd, b[:n]...)
	i := 0
	for ; i+1 < len(data); i += 2 {
		u := uint16(data[i])<<8 | uint16(data[i+1])
		if w.le {
			u = uint16(data[i+1])<<8 | uint16(data[i])
		}
		w.unit(u)
	}
	w.odd = append(w.odd[:0], data[i:]...)
	if err == io.EOF && w.high {
		w.unpaired(w.highLine, w.highCol)
	}
	return n, err
}

func (w *surrogateWatch) unit(u uint16) {
	if w.skipBOM {
		w.skipBOM = false
		if u == 0xFEFF {
			return
		}
	}
	switch {
	case u >= 0xD800 && u <= 0xDBFF:
		if w.high {
			w.unpaired(w.highLine, w.highCol)
		}
		w.high, w.highLine, w.highCol = true, w.line, w.col+1
		w.col++
		return
	case u >= 0xDC00 && u <= 0xDFFF:
		if !w.high {
			w.unpaired(w.line, w.col+1)
			w.col++
		}
		w.high = false
		return
	}
	if w.high {
		w.unpaired(w.highLine, w.highCol)
		w.high = false
	}
	if u == '\n' {
		w.line, w.col = w.line+1, 0
	} else {
		w.col++
	}
}

func (w *surrogateWatch) unpaired(line, col int) {
	if w.note != nil {
		return
	}
	w.note = &LateNote{Line: line, Col: col, Msg: fmt.Sprintf("unpaired UTF-16 surrogate, read as U+FFFD (the file is damaged at %d:%d)", line, col)}
	*w.out = w.note
}
