package driver

import (
	"bytes"
	"compress/flate"
	"fmt"
	"os"
	"runtime"
)

// The packed findings of a large export are a large part of what a scan
// holds until its end (half of the heap of a realistic export of 200 MB):
// past spillAfter bytes of compressed blocks, the blocks go to a temporary
// file, read back once at the end, so that memory stays flat however many
// findings the export gives. A scan that cannot create or write the file
// keeps its blocks in memory, as below the threshold.

// spillAfter is the compressed size held in memory before blocks are
// written to the temporary file; tests lower it.
var spillAfter = 2 << 20

// A blockStore keeps the compressed blocks of the finding logs that share
// it (the logs written under one lock), and the compressor they share (it
// holds about a megabyte). It is not safe for concurrent use.
type blockStore struct {
	zw   *flate.Writer
	held int // compressed bytes held in memory
	file *os.File
	size int64 // bytes written to file
	// failed stops spilling after a write error: the blocks stay in
	// memory, the findings are all kept.
	failed bool
}

// A block is one compressed block of a log, in memory (data) or in the
// store's file (at off, n bytes).
type block struct {
	data []byte
	off  int64
	n    int
}

// compress compresses raw into a block, held or spilled.
func (st *blockStore) compress(raw []byte) block {
	var z bytes.Buffer
	if st.zw == nil {
		st.zw, _ = flate.NewWriter(&z, flate.BestSpeed)
	} else {
		st.zw.Reset(&z)
	}
	st.zw.Write(raw)
	st.zw.Close()
	if st.held+z.Len() > spillAfter && st.spill(z.Bytes()) {
		return block{off: st.size - int64(z.Len()), n: z.Len()}
	}
	st.held += z.Len()
	return block{data: bytes.Clone(z.Bytes())}
}

// spill appends data to the temporary file and reports whether it is
// there.
func (st *blockStore) spill(data []byte) bool {
	if st.failed {
		return false
	}
	if st.file == nil {
		f, err := os.CreateTemp("", "acc-audit-findings-*")
		if err != nil {
			st.failed = true
			return false
		}
		// Removed at once where an open file outlives its name, so that
		// a killed scan leaves nothing behind; elsewhere at close.
		if runtime.GOOS != "windows" {
			os.Remove(f.Name())
		}
		st.file = f
	}
	if _, err := st.file.WriteAt(data, st.size); err != nil {
		st.failed = true
		return false
	}
	st.size += int64(len(data))
	return true
}

// read returns the compressed bytes of b: its data, or the bytes read
// from the file into *buf (reused from one block to the next).
func (st *blockStore) read(b block, buf *[]byte) ([]byte, error) {
	if b.data != nil || b.n == 0 {
		return b.data, nil
	}
	if cap(*buf) < b.n {
		*buf = make([]byte, b.n)
	}
	data := (*buf)[:b.n]
	if _, err := st.file.ReadAt(data, b.off); err != nil {
		return nil, fmt.Errorf("reading back the findings from the temporary file %s: %w", st.file.Name(), err)
	}
	return data, nil
}

// close removes the temporary file.
func (st *blockStore) close() {
	if st.file != nil {
		st.file.Close()
		os.Remove(st.file.Name())
		st.file = nil
	}
	st.zw = nil
}
