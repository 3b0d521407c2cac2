package xmltree

import (
	"math/rand"
	"testing"
	"unicode/utf8"
)

// countChars, eight bytes at a time, agrees with utf8.RuneCount on valid
// text of every length and alignment.
func TestCountChars(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	pieces := []string{"a", "é", "€", "😀", "\n", "\u0080", "\U0010ffff"}
	for i := 0; i < 3000; i++ {
		var b []byte
		for n := r.Intn(40); n > 0; n-- {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		for from := 0; from < len(b) && from < 9; from++ {
			if !utf8.RuneStart(b[from]) {
				continue
			}
			if got, want := countChars(b[from:]), utf8.RuneCount(b[from:]); got != want {
				t.Fatalf("countChars(%q) = %d, want %d", b[from:], got, want)
			}
		}
	}
}

// Position counts columns from the line start on short lines and through
// the chunk index on long ones; both give the characters since the line
// start.
func TestPositionShortAndLongLines(t *testing.T) {
	var b []byte
	for i := 0; i < 40; i++ {
		n := 3 + i*i*13 // short lines first, then lines past 4*charChunk
		for j := 0; j < n; j++ {
			if j%5 == 0 {
				b = append(b, "é"...)
			} else {
				b = append(b, 'x')
			}
		}
		b = append(b, '\n')
	}
	l := NewLocator(Window{Data: b, Offset: 100, Line: 7, Col0: 2})
	line, col := 7, 3
	for i := 0; i < len(b); i++ {
		if utf8.RuneStart(b[i]) && i%37 == 0 {
			if gl, gc := l.Position(int64(100 + i)); gl != line || gc != col {
				t.Fatalf("Position of byte %d = %d:%d, want %d:%d", i, gl, gc, line, col)
			}
		}
		switch {
		case b[i] == '\n':
			line, col = line+1, 1
		case utf8.RuneStart(b[i]):
			col++
		}
	}
}
