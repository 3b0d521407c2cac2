package xmltree

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// tagStops are the bytes tagEnd stops at outside a quoted value.
var tagStops = [256]bool{'"': true, '\'': true, '<': true, '>': true}

// indexTagStop is bytes.IndexAny(b, "\"'<>") without building the set at
// every call: the runs between the quotes of a tag are short.
func indexTagStop(b []byte) int {
	for i, c := range b {
		if tagStops[c] {
			return i
		}
	}
	return -1
}

// tagEnd finds the '>' closing the tag at p.pos, skipping quoted values.
func (p *parser) tagEnd() (int, error) {
	start := p.off(0)
	rel := 1
	var quote byte
	for {
		if p.pos+rel >= p.validEnd {
			more, err := p.fill()
			if err != nil {
				return -1, err
			}
			if !more && p.pos+rel >= p.validEnd {
				return -1, p.errAt(start, "unexpected end of input inside a tag")
			}
			continue
		}
		chunk := p.buf[p.pos+rel : p.validEnd]
		if quote != 0 {
			j := bytes.IndexByte(chunk, quote)
			if j < 0 {
				rel += len(chunk)
				continue
			}
			rel += j + 1
			quote = 0
			continue
		}
		j := indexTagStop(chunk)
		if j < 0 {
			rel += len(chunk)
			continue
		}
		switch c := chunk[j]; c {
		case '>':
			return rel + j, nil
		case '<':
			return -1, p.errAt(p.off(rel+j), "'<' inside a tag (missing '>'?)")
		default:
			quote = c
			rel += j + 1
		}
	}
}

func (p *parser) startTag() error {
	start := p.off(0)
	gt, err := p.tagEnd()
	if err != nil {
		return err
	}
	tag := p.buf[p.pos : p.pos+gt+1] // "<name ...>" or "<name .../>"
	n := nameLen(tag[1:])
	if n == 0 {
		return p.errAt(start+1, "invalid element name")
	}
	el := &Element{Name: p.name(tag[1 : 1+n]), Start: start, StartTagEnd: start + int64(gt) + 1}
	body := tag[1+n : len(tag)-1]
	if len(body) > 0 && body[len(body)-1] == '/' {
		el.SelfClosing = true
		body = body[:len(body)-1]
	}
	if err := p.attrs(el, body, start+1+int64(n)); err != nil {
		return err
	}
	parent := p.top()
	if parent == nil {
		if p.sawRoot {
			return p.errAt(start, "second root element <%s>: a document has exactly one root", el.Name)
		}
		p.sawRoot = true
	}
	el.Parent = parent
	if len(p.stack) >= p.maxDepth {
		return p.errAt(start, "elements nested deeper than %d levels", p.maxDepth)
	}
	p.stack = append(p.stack, el)
	switch {
	case p.splitDepth >= 0:
		p.countNode()
		if !p.limited() {
			parent.Children = append(parent.Children, el)
		}
	case p.opt.Split != nil && p.opt.Split(p.stack):
		p.splitDepth = len(p.stack) - 1
		p.subLeading = p.leading
		p.subNodes, p.subStart, p.skip = 0, start, nil
		// Keep the text from the start of the line so excerpts show whole
		// lines (up to windowMargin bytes of it).
		p.keepFrom = p.lineStartNear(p.pos)
	case parent == nil:
		p.doc.Root = el
		p.skeleton(el, gt)
	default:
		parent.Children = append(parent.Children, el)
		p.skeleton(el, gt)
	}
	p.leading = nil
	p.pos += gt + 1
	if el.SelfClosing {
		el.End = el.StartTagEnd
		return p.closeTop()
	}
	return nil
}

// skeleton hands a retained start tag to Options.Skeleton.
func (p *parser) skeleton(el *Element, gt int) {
	if p.opt.Skeleton == nil {
		return
	}
	ls := p.lineStartNear(p.pos)
	end := p.pos + gt + 1
	if j := bytes.IndexByte(p.buf[end:min(p.validEnd, end+windowMargin)], '\n'); j >= 0 {
		end += j
	}
	line, col := p.lineCol(p.bufOff + int64(ls))
	p.opt.Skeleton(el, Window{Data: p.buf[ls:end], Offset: p.bufOff + int64(ls), Line: line, Col0: col - 1})
}

// attrs parses the attribute list of a start tag; off is the file offset of
// body[0].
func (p *parser) attrs(el *Element, body []byte, off int64) error {
	list := p.attrBuf[:0]
	defer func() {
		if len(list) > 0 {
			el.Attrs = slices.Clone(list)
			clear(list) // the scratch must not keep the values alive
		}
		if cap(list) <= 1024 {
			p.attrBuf = list[:0]
		} else {
			p.attrBuf = nil // one odd tag must not pin a large scratch
		}
	}()
	i := 0
	for {
		ws := i
		for i < len(body) && isSpaceByte(body[i]) {
			i++
		}
		if i == len(body) {
			return nil
		}
		if i == ws {
			return p.errAt(off+int64(i), "expected whitespace before attribute in <%s>", el.Name)
		}
		n := nameLen(body[i:])
		if n == 0 {
			return p.errAt(off+int64(i), "invalid attribute name in <%s>", el.Name)
		}
		name := p.name(body[i : i+n])
		nameOff := off + int64(i)
		i += n
		for i < len(body) && isSpaceByte(body[i]) {
			i++
		}
		if i == len(body) || body[i] != '=' {
			return p.errAt(nameOff, "attribute %q in <%s> has no value", name, el.Name)
		}
		i++
		for i < len(body) && isSpaceByte(body[i]) {
			i++
		}
		if i == len(body) || (body[i] != '"' && body[i] != '\'') {
			return p.errAt(off+int64(i), "value of attribute %q in <%s> must be quoted", name, el.Name)
		}
		q := body[i]
		j := bytes.IndexByte(body[i+1:], q)
		if j < 0 {
			return p.errAt(off+int64(i), "unterminated value of attribute %q", name)
		}
		raw := body[i+1 : i+1+j]
		if k := bytes.IndexByte(raw, '<'); k >= 0 {
			return p.errAt(off+int64(i+1+k), "'<' not allowed in attribute value")
		}
		val, span, err := p.decode(raw, off+int64(i+1), true)
		if err != nil {
			return err
		}
		for k := range list {
			if list[k].Name == name {
				return p.errAt(nameOff, "duplicate attribute %q in <%s>", name, el.Name)
			}
		}
		list = append(list, Attr{Name: name, Value: val, NameOff: nameOff, ValueSpan: span})
		i += j + 2
	}
}

func (p *parser) endTag() error {
	start := p.off(0)
	gt, err := p.tagEnd()
	if err != nil {
		return err
	}
	tag := p.buf[p.pos : p.pos+gt+1]
	n := nameLen(tag[2:])
	if n == 0 {
		return p.errAt(start, "invalid end tag")
	}
	if !isSpace(tag[2+n : len(tag)-1]) {
		return p.errAt(start, "invalid end tag </%s", tag[2:2+n])
	}
	top := p.top()
	if top == nil {
		return p.errAt(start, "end tag </%s> without a start tag", tag[2:2+n])
	}
	if top.Name != string(tag[2:2+n]) {
		name := string(tag[2 : 2+n])
		line, col := p.lineCol(top.Start)
		if top.Start < p.bufOff {
			return p.errAt(start, "element <%s> closed by </%s>", top.Name, name)
		}
		return p.errAt(start, "element <%s> (opened at %d:%d) closed by </%s>", top.Name, line, col, name)
	}
	p.pos += gt + 1
	top.End = p.off(0)
	p.leading = nil
	return p.closeTop()
}

func (p *parser) closeTop() error {
	el := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	if p.splitDepth >= 0 && len(p.stack) == p.splitDepth && p.skip != nil {
		// A subtree past a limit was read through: report it instead.
		le := p.skip
		p.skip, p.splitDepth, p.keepFrom, p.subLeading = nil, -1, -1, nil
		if p.opt.OnLimit != nil {
			p.opt.OnLimit(le)
		}
		return nil
	}
	if p.splitDepth >= 0 && len(p.stack) == p.splitDepth {
		p.splitDepth = -1
		endIdx := p.pos
		// Extend to the end of the line when it is already buffered (up to
		// windowMargin bytes of it).
		tail := p.buf[endIdx:min(p.validEnd, endIdx+windowMargin)]
		if j := bytes.IndexByte(tail, '\n'); j >= 0 {
			endIdx += j
		} else if p.validEnd > endIdx+windowMargin {
			endIdx += windowMargin
			for endIdx > p.pos && !utf8.RuneStart(p.buf[endIdx]) {
				endIdx--
			}
		}
		winStart := p.keepFrom
		line, col := p.lineCol(p.bufOff + int64(winStart))
		st := Subtree{
			Root:      el,
			Leading:   p.subLeading,
			Ancestors: append([]*Element(nil), p.stack...),
			Window:    Window{Data: p.buf[winStart:endIdx], Offset: p.bufOff + int64(winStart), Line: line, Col0: col - 1},
		}
		el.Parent = nil
		p.subLeading = nil
		p.keepFrom = -1
		if p.opt.OnSubtree != nil {
			if err := p.opt.OnSubtree(st); err != nil {
				return err
			}
		}
	}
	return nil
}

// nameLen returns the length of the XML name at the start of b. Names are
// checked loosely (ASCII rules plus any non-ASCII rune), which is what
// real exports need and keeps the scan fast.
func nameLen(b []byte) int {
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
			i++
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
			i++
		case c >= utf8.RuneSelf:
			_, size := utf8.DecodeRune(b[i:])
			i += size
		default:
			return i
		}
	}
	return i
}
