package driver

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/acc-audit/acc-audit/audit"
)

// A packed finding is a Finding written as bytes: findings wait in this
// form until every input is read (deferred ones until the whole scan is
// indexed, and most of those are dropped then). Packed and compressed,
// they cost a small fraction of a Finding and the dozen strings it points
// to, and the collector never scans them.
type packed []byte

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendInt(b []byte, n int64) []byte { return binary.AppendVarint(b, n) }

// pack encodes every field of f, the unexported ones included: unpack
// must give back a finding that reports, sorts and fingerprints alike.
func pack(b []byte, f *audit.Finding) []byte {
	st := audit.State(hk, f)
	for _, s := range []string{f.RuleID, f.File, f.Entity, f.EntitySchema, f.EntityKey, f.Place, f.Message,
		f.Excerpt, f.Fingerprint, st.Matched, st.Group, st.Kind} {
		b = appendString(b, s)
	}
	for _, n := range []int64{int64(f.Severity), int64(f.Line), int64(f.Col), int64(f.EndLine), int64(f.EndCol), f.Offset(), int64(st.Scope), st.Within} {
		b = appendInt(b, n)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f.ExtraEffort))
	b = appendList(b, f.Compat, func(b []byte, s string) []byte { return appendString(b, s) })
	b = appendList(b, st.Args, func(b []byte, s string) []byte { return appendString(b, s) })
	b = appendList(b, f.Suppressions, func(b []byte, s audit.Suppression) []byte {
		for _, v := range []string{s.Kind, s.Justification, s.Location, s.Expires} {
			b = appendString(b, v)
		}
		return b
	})
	b = appendList(b, f.Related, func(b []byte, r audit.Related) []byte {
		b = appendString(b, r.File)
		for _, n := range []int{r.Line, r.Col, r.EndLine, r.EndCol} {
			b = appendInt(b, int64(n))
		}
		return appendString(b, r.Message)
	})
	if f.Fix == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = appendString(b, f.Fix.Description)
	b = append(b, boolByte(f.Fix.Safe))
	return appendList(b, f.Fix.Edits, func(b []byte, e audit.Edit) []byte {
		for _, n := range []int64{int64(e.Line), int64(e.Col), int64(e.EndLine), int64(e.EndCol), e.Offset, e.Length} {
			b = appendInt(b, n)
		}
		return appendString(appendString(b, e.Text), e.Old)
	})
}

// appendList writes the length of xs, -1 for a nil slice so that nil and
// empty come back as they went.
func appendList[T any](b []byte, xs []T, each func([]byte, T) []byte) []byte {
	if xs == nil {
		return appendInt(b, -1)
	}
	b = appendInt(b, int64(len(xs)))
	for _, x := range xs {
		b = each(b, x)
	}
	return b
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// A reader decodes a packed finding.
type reader struct{ b []byte }

func (r *reader) int() int64 {
	n, k := binary.Varint(r.b)
	r.b = r.b[k:]
	return n
}

func (r *reader) str() string {
	n, k := binary.Uvarint(r.b)
	s := string(r.b[k : k+int(n)])
	r.b = r.b[k+int(n):]
	return s
}

func readList[T any](r *reader, each func(*reader) T) []T {
	n := r.int()
	if n < 0 {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = each(r)
	}
	return out
}

// unpack decodes a finding written by pack.
func (p packed) unpack() audit.Finding {
	r := &reader{b: p}
	var f audit.Finding
	st := audit.State(hk, &f)
	for _, s := range []*string{&f.RuleID, &f.File, &f.Entity, &f.EntitySchema, &f.EntityKey, &f.Place, &f.Message, &f.Excerpt, &f.Fingerprint, &st.Matched, &st.Group, &st.Kind} {
		*s = r.str()
	}
	f.Severity = audit.Severity(r.int())
	f.Line, f.Col, f.EndLine, f.EndCol = int(r.int()), int(r.int()), int(r.int()), int(r.int())
	f.SetOffset(r.int())
	st.Scope = uint8(r.int())
	st.Within = r.int()
	f.ExtraEffort = math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	f.Compat = readList(r, (*reader).str)
	st.Args = readList(r, (*reader).str)
	f.Suppressions = readList(r, func(r *reader) audit.Suppression {
		return audit.Suppression{Kind: r.str(), Justification: r.str(), Location: r.str(), Expires: r.str()}
	})
	f.Related = readList(r, func(r *reader) audit.Related {
		rel := audit.Related{File: r.str()}
		rel.Line, rel.Col, rel.EndLine, rel.EndCol = int(r.int()), int(r.int()), int(r.int()), int(r.int())
		rel.Message = r.str()
		return rel
	})
	if r.b[0] == 1 {
		r.b = r.b[1:]
		f.Fix = &audit.Fix{Description: r.str(), Safe: r.b[0] == 1}
		r.b = r.b[1:]
		f.Fix.Edits = readList(r, func(r *reader) audit.Edit {
			e := audit.Edit{Line: int(r.int()), Col: int(r.int()), EndLine: int(r.int()), EndCol: int(r.int()), Offset: r.int(), Length: r.int()}
			e.Text, e.Old = r.str(), r.str()
			return e
		})
	}
	return f
}

// internMax bounds the strings the interner keeps: the repeated ones are
// short (rule ids, entity ids, places, "sqlSelect() runs SQL here"); a
// long one is most likely unique, and keeping it would only cost.
const (
	internMax     = 256
	internEntries = 1 << 16
)

// An interner hands out one copy of strings that findings repeat: an
// entity with many findings, a related message written for every call.
// It is safe for concurrent use.
type interner struct {
	mu sync.Mutex
	m  map[string]string
}

func newInterner() *interner { return &interner{m: map[string]string{}} }

func (in *interner) str(s string) string {
	if len(s) > internMax || s == "" {
		return s
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.m[s]; ok {
		return v
	}
	if len(in.m) < internEntries {
		// The copy detaches s from whatever it was cut from (a line of
		// the entity's window).
		v := string([]byte(s))
		in.m[v] = v
		return v
	}
	return s
}

// logBlock is the size of text compressed at once: large enough for the
// findings of an export to compress well (they repeat lines, messages,
// entity names), small enough to be a passing cost in memory.
const logBlock = 256 << 10

// A findingLog holds packed findings, compressed by blocks, in the order
// they were written. It is not safe for concurrent use.
type findingLog struct {
	blocks []block
	cur    bytes.Buffer
	n      int
	// store keeps the blocks (in memory, or spilled to a file); logs used
	// under one lock share it.
	store *blockStore
}

// add appends packed findings written by appendRecord.
func (l *findingLog) add(records []byte, n int) {
	l.cur.Write(records)
	l.n += n
	if l.cur.Len() >= logBlock {
		l.flush()
	}
}

func (l *findingLog) flush() {
	if l.cur.Len() == 0 {
		return
	}
	if l.store == nil {
		l.store = &blockStore{}
	}
	l.blocks = append(l.blocks, l.store.compress(l.cur.Bytes()))
	l.cur.Reset()
}

// each calls fn with every finding in the order they were added, and
// empties the log. An error means a spilled block could not be read back:
// the findings from it on are missing.
func (l *findingLog) each(fn func(audit.Finding)) error {
	l.flush()
	var spilled, z []byte
	var err error
	// One decompressor and one buffer serve every block: a block's
	// findings are copied out of it as they are unpacked.
	var out bytes.Buffer
	var in bytes.Reader
	var dec io.ReadCloser
	for i, b := range l.blocks {
		l.blocks[i] = block{}
		if z, err = l.store.read(b, &spilled); err != nil {
			break
		}
		in.Reset(z)
		if dec == nil {
			dec = flate.NewReader(&in)
		} else if err = dec.(flate.Resetter).Reset(&in, nil); err != nil {
			break
		}
		out.Reset()
		if _, err = out.ReadFrom(dec); err != nil {
			err = fmt.Errorf("reading back the findings: %w", err)
			break
		}
		buf := out.Bytes()
		for len(buf) > 0 {
			n, k := binary.Uvarint(buf)
			fn(packed(buf[k : k+int(n)]).unpack())
			buf = buf[k+int(n):]
		}
	}
	l.blocks, l.n = nil, 0
	return err
}

// appendRecord packs f at the end of b, prefixed with its length.
func appendRecord(b []byte, f *audit.Finding, scratch *[]byte) []byte {
	*scratch = pack((*scratch)[:0], f)
	b = binary.AppendUvarint(b, uint64(len(*scratch)))
	return append(b, *scratch...)
}
