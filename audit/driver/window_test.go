package driver

import (
	"bytes"
	"testing"
)

// A pooled window holds a copy of the source in a power-of-two buffer,
// whatever buffer it reuses; a window the pool did not make is left
// alone.
func TestCloneWindowCopies(t *testing.T) {
	for _, n := range []int{0, 1, 4095, 4096, 4097, 100_000, 1 << windowMaxClass, 1<<windowMaxClass + 1} {
		src := bytes.Repeat([]byte{'x'}, n)
		for round := range 3 {
			w := cloneWindow(src)
			if !bytes.Equal(w, src) {
				t.Fatalf("%d bytes, round %d: copy differs", n, round)
			}
			if n > 0 && &w[0] == &src[0] {
				t.Fatalf("%d bytes: the window is the source, not a copy", n)
			}
			if c := cap(w); n <= 1<<windowMaxClass && (c < n || c&(c-1) != 0) {
				t.Fatalf("%d bytes: capacity %d", n, c)
			}
			// A reused buffer holding other bytes must come back whole.
			for i := range w {
				w[i] = 'y'
			}
			releaseWindow(w)
		}
	}
	releaseWindow(make([]byte, 10, 5000)) // not a pool size: dropped, no panic
}
