package audit

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"iter"
	"maps"
	"os"
	"runtime"
	"slices"

	"github.com/golang/snappy"
)

// A FindingList is a sequence of findings, in the order they were added,
// held packed and compressed by blocks: the findings of a scan cost a
// small fraction of a []Finding, however many an export gives, and a
// report reads them one at a time. A list is immutable once built, and a
// copy of it shares its blocks; the zero value is the empty list.
//
// Reading decodes: each finding All yields is a fresh copy, which the
// caller may keep or change without changing the list. Steps that change
// findings (severity overrides, suppressions) build a new list.
type FindingList struct {
	l *listData
}

type listData struct {
	blocks []listBlock
	n      int
	store  *blockStore // nil when every block is in memory
	// stats are what reports count of a list, gathered as it is built;
	// nil for a list built of packed records (AddPacked), which counts by
	// reading itself.
	stats *listStats
}

// listStats summarize a list: its rules in order of first appearance,
// its findings by severity, those with a safe or a suggested fix, and
// whether they are in SortFindings order.
type listStats struct {
	rules          []string
	seen           map[string]bool
	bySeverity     map[Severity]int
	safe, suggests int
	n              int
	unsorted       bool
	last           Finding // a copy: the caller may reuse what it added
}

func (st *listStats) add(f *Finding) {
	if st.n > 0 && !st.unsorted && CompareFindings(&st.last, f) > 0 {
		st.unsorted = true
	}
	st.n++
	if !st.unsorted {
		st.last = *f
	}
	if !st.seen[f.RuleID] {
		st.seen[f.RuleID] = true
		st.rules = append(st.rules, f.RuleID)
	}
	st.bySeverity[f.Severity]++
	if f.Fix != nil {
		if f.Fix.Safe {
			st.safe++
		} else {
			st.suggests++
		}
	}
}

// statsOf returns the stats of l, reading it if they were not gathered.
func (l FindingList) statsOf() *listStats {
	if l.l != nil && l.l.stats != nil {
		return l.l.stats
	}
	st := &listStats{seen: map[string]bool{}, bySeverity: map[Severity]int{}}
	for f := range l.All() {
		st.add(f)
	}
	return st
}

// RuleIDs returns the rules of the findings, each once, in the order of
// their first finding.
func (l FindingList) RuleIDs() []string { return slices.Clone(l.statsOf().rules) }

// BySeverity counts the findings of each severity.
func (l FindingList) BySeverity() map[Severity]int { return maps.Clone(l.statsOf().bySeverity) }

// Fixes counts the findings with a safe fix and with a suggested one.
func (l FindingList) Fixes() (safe, suggested int) {
	st := l.statsOf()
	return st.safe, st.suggests
}

// listBlock is one compressed block of packed findings: in memory (data)
// or in the store's file (off, size).
type listBlock struct {
	data []byte
	off  int64
	size int
}

// listBlockSize is the packed text compressed at once: large enough for
// findings to compress well (they repeat lines, messages, entity names),
// small enough that a merge of many lists, one block of each decoded at
// a time, stays small.
const listBlockSize = 64 << 10

// NewFindingList returns the list of fs, in order.
func NewFindingList(fs []Finding) FindingList {
	var b FindingListBuilder
	for i := range fs {
		b.Add(&fs[i])
	}
	return b.List()
}

// CollectFindings returns the list of the findings seq yields.
func CollectFindings(seq iter.Seq[*Finding]) FindingList {
	var b FindingListBuilder
	for f := range seq {
		b.Add(f)
	}
	return b.List()
}

// SortedFindingList returns the list of fs sorted by SortFindings;
// unsorted, fs is sorted in place first.
func SortedFindingList(fs []Finding) FindingList {
	SortFindings(fs)
	return NewFindingList(fs)
}

// Sorted returns l if it is sorted by SortFindings, else a sorted copy
// (which holds the findings at once: lists a scan builds are sorted).
// A list built with Add knows its order without reading itself.
func (l FindingList) Sorted() FindingList {
	if !l.statsOf().unsorted {
		return l
	}
	return SortedFindingList(l.Slice())
}

// Len is the number of findings.
func (l FindingList) Len() int {
	if l.l == nil {
		return 0
	}
	return l.l.n
}

// All yields the findings in order, each a fresh copy. A block that cannot
// be read back from its temporary file ends the sequence early and is
// reported by Each; lists built in memory (every list a Result holds)
// never fail.
func (l FindingList) All() iter.Seq[*Finding] {
	return func(yield func(*Finding) bool) { l.Each(yield) }
}

// Each calls fn with every finding in order, each a fresh copy, until fn
// returns false, and reports a block that could not be read back from the
// temporary file (the findings from it on are missing). Lists built in
// memory never fail.
func (l FindingList) Each(fn func(*Finding) bool) error {
	if l.l == nil {
		return nil
	}
	r := l.reader()
	for {
		f, ok := r.next()
		if !ok {
			return r.err
		}
		if !fn(f) {
			return nil
		}
	}
}

// Slice returns the findings as a slice: for small lists and tests; it
// holds all of them at once.
func (l FindingList) Slice() []Finding {
	out := make([]Finding, 0, l.Len())
	for f := range l.All() {
		out = append(out, *f)
	}
	return out
}

// Close removes the temporary file of a list built with a spill
// threshold; the list must not be read afterwards.
func (l FindingList) Close() {
	if l.l != nil && l.l.store != nil {
		l.l.store.close()
	}
}

// A FindingListBuilder builds a FindingList. The zero value holds every
// block in memory. It is not safe for concurrent use.
type FindingListBuilder struct {
	// SpillAfter, when positive, is the compressed size held in memory
	// before further blocks go to a temporary file (removed by the
	// list's Close), so that a scan's memory stays flat however many
	// findings it holds. A file that cannot be created or written leaves
	// the blocks in memory.
	SpillAfter int

	data    listData
	cur     []byte
	scratch []byte
	z       []byte
	held    int
	packed  bool // AddPacked was used: no stats
}

// Add appends a copy of f.
func (b *FindingListBuilder) Add(f *Finding) {
	if b.data.stats == nil && !b.packed {
		b.data.stats = &listStats{seen: map[string]bool{}, bySeverity: map[Severity]int{}}
	}
	if b.data.stats != nil {
		b.data.stats.add(f)
	}
	b.cur = AppendPacked(b.cur, f, &b.scratch)
	b.data.n++
	if len(b.cur) >= listBlockSize {
		b.flush()
	}
}

// AddPacked appends n findings written by AppendPacked, so that the
// packing can happen outside the lock a shared builder is used under.
func (b *FindingListBuilder) AddPacked(records []byte, n int) {
	b.packed, b.data.stats = true, nil
	b.cur = append(b.cur, records...)
	b.data.n += n
	if len(b.cur) >= listBlockSize {
		b.flush()
	}
}

// Len is the number of findings added.
func (b *FindingListBuilder) Len() int { return b.data.n }

func (b *FindingListBuilder) flush() {
	if len(b.cur) == 0 {
		return
	}
	b.z = snappy.Encode(b.z[:cap(b.z)], b.cur)
	b.cur = b.cur[:0]
	z := b.z
	if b.SpillAfter > 0 && b.held+len(z) > b.SpillAfter {
		if b.data.store == nil {
			b.data.store = &blockStore{}
		}
		if off, ok := b.data.store.write(z); ok {
			b.data.blocks = append(b.data.blocks, listBlock{off: off, size: len(z)})
			return
		}
	}
	b.held += len(z)
	b.data.blocks = append(b.data.blocks, listBlock{data: bytes.Clone(z)})
}

// List returns the list built; the builder starts empty again.
func (b *FindingListBuilder) List() FindingList {
	b.flush()
	d := b.data
	spill := b.SpillAfter
	*b = FindingListBuilder{SpillAfter: spill}
	if d.n == 0 {
		d.store.close()
		return FindingList{}
	}
	if d.stats != nil {
		d.stats.seen, d.stats.last = nil, Finding{}
	}
	if d.store != nil && d.store.file == nil {
		d.store = nil // nothing was spilled
	}
	return FindingList{l: &d}
}

// A listReader decodes a list's findings one at a time.
type listReader struct {
	d       *listData
	block   int // next block
	buf     []byte
	out     []byte
	spilled []byte
	err     error
}

func (l FindingList) reader() *listReader { return &listReader{d: l.l} }

// next returns the next finding, or false at the end or on an error.
func (r *listReader) next() (*Finding, bool) {
	for len(r.buf) == 0 {
		if r.err != nil || r.block >= len(r.d.blocks) {
			return nil, false
		}
		if r.err = r.load(r.d.blocks[r.block]); r.err != nil {
			return nil, false
		}
		r.block++
	}
	n, k := binary.Uvarint(r.buf)
	if k <= 0 || n > uint64(len(r.buf)-k) {
		r.err = errCorrupt
		return nil, false
	}
	f, err := unpack(r.buf[k : k+int(n)])
	if err != nil {
		r.err = err
		return nil, false
	}
	r.buf = r.buf[k+int(n):]
	return &f, true
}

// load decompresses block b into the reader's buffer.
func (r *listReader) load(b listBlock) error {
	z := b.data
	if z == nil {
		var err error
		if z, err = r.d.store.read(b, &r.spilled); err != nil {
			return err
		}
	}
	var err error
	if r.out, err = snappy.Decode(r.out[:cap(r.out)], z); err != nil {
		return fmt.Errorf("reading back the findings: %w", err)
	}
	r.buf = r.out
	return nil
}

// MergeFindings yields the findings of lists each sorted by SortFindings
// as one sorted sequence: the order SortFindings gives their
// concatenation, findings that compare equal coming in list order.
func MergeFindings(lists ...FindingList) iter.Seq[*Finding] {
	return MergeFindingsFunc(CompareFindings, lists...)
}

// MergeFindingsFunc is MergeFindings for lists sorted by compare.
func MergeFindingsFunc(compare func(a, b *Finding) int, lists ...FindingList) iter.Seq[*Finding] {
	return func(yield func(*Finding) bool) {
		type head struct {
			r *listReader
			f *Finding
		}
		var heads []head
		for _, l := range lists {
			if l.Len() == 0 {
				continue
			}
			r := l.reader()
			if f, ok := r.next(); ok {
				heads = append(heads, head{r, f})
			}
		}
		// Few lists are merged at once (a scan's sorted runs, or a report's
		// findings and suppressed ones): a linear pick beats a heap there,
		// and keeps ties in list order without a second key.
		for len(heads) > 0 {
			best := 0
			for i := 1; i < len(heads); i++ {
				if compare(heads[i].f, heads[best].f) < 0 {
					best = i
				}
			}
			if !yield(heads[best].f) {
				return
			}
			if f, ok := heads[best].r.next(); ok {
				heads[best].f = f
			} else {
				heads = append(heads[:best], heads[best+1:]...)
			}
		}
	}
}

// A blockStore is the temporary file of a list's spilled blocks.
type blockStore struct {
	file   *os.File
	size   int64
	failed bool
}

// write appends data to the file and returns its offset, or false if the
// file cannot take it (the block then stays in memory).
func (st *blockStore) write(data []byte) (int64, bool) {
	if st.failed {
		return 0, false
	}
	if st.file == nil {
		f, err := os.CreateTemp("", "acc-audit-findings-*")
		if err != nil {
			st.failed = true
			return 0, false
		}
		// Removed at once where an open file outlives its name, so that
		// a killed scan leaves nothing behind; elsewhere at close.
		if runtime.GOOS != "windows" {
			os.Remove(f.Name())
		}
		st.file = f
	}
	off := st.size
	if _, err := st.file.WriteAt(data, off); err != nil {
		st.failed = true
		return 0, false
	}
	st.size += int64(len(data))
	return off, true
}

// read returns the compressed bytes of a spilled block, read into *buf
// (reused from one block to the next).
func (st *blockStore) read(b listBlock, buf *[]byte) ([]byte, error) {
	if st == nil || st.file == nil {
		return nil, fmt.Errorf("reading back the findings: the temporary file is closed")
	}
	if cap(*buf) < b.size {
		*buf = make([]byte, b.size)
	}
	data := (*buf)[:b.size]
	if _, err := st.file.ReadAt(data, b.off); err != nil {
		return nil, fmt.Errorf("reading back the findings from the temporary file %s: %w", st.file.Name(), err)
	}
	return data, nil
}

func (st *blockStore) close() {
	if st != nil && st.file != nil {
		st.file.Close()
		os.Remove(st.file.Name())
		st.file = nil
	}
}
