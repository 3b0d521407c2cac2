package xmltree

import "sort"

// A Span maps byte offsets inside a decoded string (an attribute value, a
// text node, a script assembled from several text nodes) back to byte offsets
// in the source file. Decoding entity references (&lt; is four bytes in the
// file, one in the value), normalising CRLF and joining CDATA sections shift
// offsets; a Span records each shift so that a rule can report the exact
// column of a match found deep inside a decoded value.
//
// The zero-shift case, by far the most common, costs no allocation: Segs is
// nil and the mapping is Base+i.
type Span struct {
	Base int64 // file offset of index 0 when Segs is nil
	Segs []Seg // breakpoints, sorted by At; Segs[0].At is 0
}

// A Seg says that string index At (and the following bytes, until the next
// Seg) sits at file offset File.
type Seg struct {
	At   int
	File int64
}

// Identity returns the span of a string copied verbatim from file offset off.
func Identity(off int64) Span { return Span{Base: off} }

// File returns the file offset of byte i of the decoded string. Offsets past
// the end extrapolate from the last segment, so File(len(s)) is the offset
// just after the last byte when the tail was copied verbatim.
func (s Span) File(i int) int64 {
	if s.Segs == nil {
		return s.Base + int64(i)
	}
	k := sort.Search(len(s.Segs), func(k int) bool { return s.Segs[k].At > i }) - 1
	if k < 0 {
		k = 0
	}
	return s.Segs[k].File + int64(i-s.Segs[k].At)
}

// Slice returns the span of the substring that starts at index from.
func (s Span) Slice(from int) Span {
	if s.Segs == nil {
		return Span{Base: s.Base + int64(from)}
	}
	k := sort.Search(len(s.Segs), func(k int) bool { return s.Segs[k].At > from }) - 1
	if k < 0 {
		k = 0
	}
	if k == len(s.Segs)-1 {
		return Span{Base: s.Segs[k].File + int64(from-s.Segs[k].At)}
	}
	out := make([]Seg, 0, len(s.Segs)-k)
	out = append(out, Seg{0, s.Segs[k].File + int64(from-s.Segs[k].At)})
	for _, sg := range s.Segs[k+1:] {
		out = append(out, Seg{sg.At - from, sg.File})
	}
	return Span{Segs: out}
}

// Compose maps a span expressed in the coordinates of an intermediate buffer
// (inner: string index → buffer offset) through outer (buffer offset → file
// offset). It is how positions inside an XML literal embedded in a script,
// itself decoded from an escaped XML text node, reach the file.
func Compose(inner, outer Span) Span {
	if outer.Segs == nil {
		if inner.Segs == nil {
			return Span{Base: outer.Base + inner.Base}
		}
		out := make([]Seg, len(inner.Segs))
		for i, sg := range inner.Segs {
			out[i] = Seg{sg.At, outer.Base + sg.File}
		}
		return Span{Segs: out}
	}
	// Walk the inner segments; inside each, add a breakpoint wherever outer
	// has one.
	var b spanBuilder
	innerSegs := inner.Segs
	if innerSegs == nil {
		innerSegs = []Seg{{0, inner.Base}}
	}
	for i, sg := range innerSegs {
		start := sg.File // buffer offset
		end := int64(-1) // exclusive buffer end of this run; -1 = unbounded
		if i+1 < len(innerSegs) {
			end = start + int64(innerSegs[i+1].At-sg.At)
		}
		b.add(sg.At, outer.File(int(start)))
		for _, osg := range outer.Segs {
			bo := int64(osg.At)
			if bo <= start || (end >= 0 && bo >= end) {
				continue
			}
			b.add(sg.At+int(bo-start), osg.File)
		}
	}
	return b.span()
}

// spanBuilder accumulates breakpoints while a value is decoded, dropping those
// that continue the previous run so that verbatim values keep a nil Segs.
type spanBuilder struct {
	segs []Seg
}

func (b *spanBuilder) add(at int, file int64) {
	if n := len(b.segs); n > 0 {
		last := b.segs[n-1]
		if last.File+int64(at-last.At) == file {
			return
		}
		if last.At == at {
			b.segs[n-1].File = file
			return
		}
	}
	b.segs = append(b.segs, Seg{at, file})
}

func (b *spanBuilder) span() Span {
	switch len(b.segs) {
	case 0:
		return Span{}
	case 1:
		return Span{Base: b.segs[0].File}
	}
	return Span{Segs: b.segs}
}

// Join concatenates decoded pieces with their spans into one string and span,
// as when a script is split over several text and CDATA nodes.
func Join(parts []string, spans []Span) (string, Span) {
	if len(parts) == 1 {
		return parts[0], spans[0]
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	buf := make([]byte, 0, n)
	var b spanBuilder
	for i, p := range parts {
		at := len(buf)
		sp := spans[i]
		if sp.Segs == nil {
			b.add(at, sp.Base)
		} else {
			for _, sg := range sp.Segs {
				b.add(at+sg.At, sg.File)
			}
		}
		buf = append(buf, p...)
	}
	return string(buf), b.span()
}
