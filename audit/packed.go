package audit

import (
	"encoding/binary"
	"errors"
	"math"
)

// The packed form of a finding is every field of it written as bytes, the
// driver's state included, so that a finding read back reports, sorts and
// fingerprints as the one written. Findings wait in this form, compressed
// by blocks (FindingList), from the moment a rule reports them to the
// moment a report writes them: a packed finding costs a small fraction of
// a Finding and the dozen strings it points to, and the garbage collector
// never scans it.

// AppendPacked writes f at the end of b in packed form, prefixed with its
// length, and returns the extended buffer. scratch is a buffer the call
// may reuse from one finding to the next.
func AppendPacked(b []byte, f *Finding, scratch *[]byte) []byte {
	*scratch = pack((*scratch)[:0], f)
	b = binary.AppendUvarint(b, uint64(len(*scratch)))
	return append(b, *scratch...)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendInt(b []byte, n int64) []byte { return binary.AppendVarint(b, n) }

func pack(b []byte, f *Finding) []byte {
	st := &f.st
	for _, s := range [...]string{f.RuleID, f.File, f.Entity, f.EntitySchema, f.EntityKey, f.Place, f.Message,
		f.Excerpt, f.Fingerprint, st.Matched, st.Group, st.Kind} {
		b = appendString(b, s)
	}
	for _, n := range [...]int64{int64(f.Severity), int64(f.Line), int64(f.Col), int64(f.EndLine), int64(f.EndCol), f.offset, int64(st.Scope), st.Within} {
		b = appendInt(b, n)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f.ExtraEffort))
	b = appendList(b, f.Compat, appendString)
	b = appendList(b, st.Args, appendString)
	b = appendList(b, f.Suppressions, func(b []byte, s Suppression) []byte {
		for _, v := range [...]string{s.Kind, s.Justification, s.Location, s.Expires} {
			b = appendString(b, v)
		}
		return b
	})
	b = appendList(b, f.Related, func(b []byte, r Related) []byte {
		b = appendString(b, r.File)
		for _, n := range [...]int{r.Line, r.Col, r.EndLine, r.EndCol} {
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
	return appendList(b, f.Fix.Edits, func(b []byte, e Edit) []byte {
		for _, n := range [...]int64{int64(e.Line), int64(e.Col), int64(e.EndLine), int64(e.EndCol), e.Offset, e.Length} {
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

// errCorrupt is what decoding a damaged record reports: only a spilled
// block read back wrong can be one.
var errCorrupt = errors.New("a packed finding is damaged")

// A packReader decodes a packed finding. A read past the end sets bad
// instead of panicking, and returns zero values. The strings it returns
// are slices of one string copy of the whole record: one allocation per
// finding read back instead of one per string (a dozen, and the reading of
// findings was a tenth of a scan's allocations).
type packReader struct {
	b   []byte // what is left of the record
	rec string // the whole record
	bad bool
}

func (r *packReader) int() int64 {
	n, k := binary.Varint(r.b)
	if k <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[k:]
	return n
}

func (r *packReader) str() string {
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > uint64(len(r.b)-k) {
		r.bad, r.b = true, nil
		return ""
	}
	at := len(r.rec) - len(r.b) + k
	s := r.rec[at : at+int(n)]
	r.b = r.b[k+int(n):]
	return s
}

func (r *packReader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func readList[T any](r *packReader, each func(*packReader) T) []T {
	n := r.int()
	if n < 0 || r.bad {
		return nil
	}
	if n > int64(len(r.b)) {
		// Each element takes a byte at least.
		r.bad = true
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = each(r)
	}
	return out
}

// unpack decodes a finding written by pack.
func unpack(b []byte) (Finding, error) {
	r := &packReader{b: b, rec: string(b)}
	var f Finding
	st := &f.st
	for _, s := range [...]*string{&f.RuleID, &f.File, &f.Entity, &f.EntitySchema, &f.EntityKey, &f.Place, &f.Message, &f.Excerpt, &f.Fingerprint, &st.Matched, &st.Group, &st.Kind} {
		*s = r.str()
	}
	f.Severity = Severity(r.int())
	f.Line, f.Col, f.EndLine, f.EndCol = int(r.int()), int(r.int()), int(r.int()), int(r.int())
	f.offset = r.int()
	st.Scope = uint8(r.int())
	st.Within = r.int()
	if len(r.b) < 8 {
		return Finding{}, errCorrupt
	}
	f.ExtraEffort = math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	f.Compat = readList(r, (*packReader).str)
	st.Args = readList(r, (*packReader).str)
	f.Suppressions = readList(r, func(r *packReader) Suppression {
		return Suppression{Kind: r.str(), Justification: r.str(), Location: r.str(), Expires: r.str()}
	})
	f.Related = readList(r, func(r *packReader) Related {
		rel := Related{File: r.str()}
		rel.Line, rel.Col, rel.EndLine, rel.EndCol = int(r.int()), int(r.int()), int(r.int()), int(r.int())
		rel.Message = r.str()
		return rel
	})
	if r.byte() == 1 {
		f.Fix = &Fix{Description: r.str(), Safe: r.byte() == 1}
		f.Fix.Edits = readList(r, func(r *packReader) Edit {
			e := Edit{Line: int(r.int()), Col: int(r.int()), EndLine: int(r.int()), EndCol: int(r.int()), Offset: r.int(), Length: r.int()}
			e.Text, e.Old = r.str(), r.str()
			return e
		})
	}
	if r.bad || len(r.b) != 0 {
		return Finding{}, errCorrupt
	}
	return f, nil
}
