package driver

import (
	"math/bits"
	"sync"
)

// Every entity's source is copied out of the parser's buffer, as its
// window, so that it outlives the parse while its rules run on another
// goroutine: as many bytes as the input. Nothing reads a window once the
// entity is checked (the Locator hands out copies, findings hold
// strings), so windows go back to a pool by power-of-two capacity and the
// next entities reuse them.
const (
	windowMinClass = 12 // 4 KiB
	windowMaxClass = 24 // 16 MiB: a larger window is allocated and dropped
)

var windowPools [windowMaxClass - windowMinClass + 1]sync.Pool

// cloneWindow returns a copy of b in a pooled buffer.
func cloneWindow(b []byte) []byte {
	k := max(bits.Len(uint(len(b))), windowMinClass)
	if k > windowMaxClass {
		return append([]byte(nil), b...)
	}
	var buf []byte
	if p, _ := windowPools[k-windowMinClass].Get().(*[]byte); p != nil {
		buf = (*p)[:len(b)]
	} else {
		buf = make([]byte, len(b), 1<<k)
	}
	copy(buf, b)
	return buf
}

// releaseWindow hands a window back to its pool once its entity is
// checked; a window of a size the pools do not make (the whole text of a
// source file, read otherwise) is left to the collector.
func releaseWindow(b []byte) {
	k := bits.Len(uint(cap(b))) - 1
	if k < windowMinClass || k > windowMaxClass || cap(b) != 1<<k {
		return
	}
	b = b[:0]
	windowPools[k-windowMinClass].Put(&b)
}
