package jsscan

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// E4X literals are parsed here rather than by xmltree: a literal is not a
// document (it ends where its root closes, inside JavaScript), attribute
// values and content may be {expressions} whose code must be tokenized too,
// and broken input must still yield a partial tree instead of an error.

type xmlParser struct {
	sc     *scanner
	src    string
	depth  int
	pos    int
	root   *xmltree.Element
	stack  []*xmltree.Element // open elements, innermost last
	broken bool               // input ended inside markup
}

// xmlLiteral parses the literal whose '<' is at start and returns the
// offset just past it with its root element.
func (sc *scanner) xmlLiteral(start, depth int) (int, *xmltree.Element) {
	p := &xmlParser{sc: sc, src: sc.src, depth: depth, pos: start}
	n := len(p.src)
	for p.pos < n && !p.broken {
		sc.steps++
		switch {
		case p.src[p.pos] == '<':
			p.markup()
		case p.src[p.pos] == '{':
			p.contentExpr()
		default:
			p.text(p.pos, p.pos)
		}
		if !p.broken && len(p.stack) == 0 {
			return p.pos, p.root
		}
	}
	sc.errorf(start, "unterminated XML literal")
	end := p.file(n)
	for _, el := range p.stack {
		el.End = end
	}
	return n, p.root
}

func (p *xmlParser) file(i int) int64 { return p.sc.s.Span.File(i) }

// attach makes el a child of the innermost open element, or the root.
func (p *xmlParser) attach(el *xmltree.Element) {
	if len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		el.Parent = top
		top.Children = append(top.Children, el)
	} else if p.root == nil {
		p.root = el
	}
}

// addLeaf adds a text, comment or processing instruction spanning
// [from, to). At the top of a literal (<!-- x --> used as a value) it gets
// a synthetic root so that Token.XML still reaches it.
func (p *xmlParser) addLeaf(node xmltree.Node, from, to int) {
	var parent *xmltree.Element
	if len(p.stack) > 0 {
		parent = p.stack[len(p.stack)-1]
	} else {
		if p.root == nil {
			p.root = &xmltree.Element{Start: p.file(from), StartTagEnd: p.file(from)}
		}
		parent = p.root
		parent.End = p.file(to)
	}
	switch x := node.(type) {
	case *xmltree.Text:
		x.Parent = parent
	case *xmltree.Comment:
		x.Parent = parent
	case *xmltree.ProcInst:
		x.Parent = parent
	}
	parent.Children = append(parent.Children, node)
}

func (p *xmlParser) markup() {
	src, pos := p.src, p.pos
	rest := src[pos:]
	switch {
	case strings.HasPrefix(rest, "<!--"):
		from, to, next := p.until(pos+4, "-->")
		p.addLeaf(&xmltree.Comment{Data: src[from:to], Start: p.file(pos), Span: p.span(from, to)}, pos, next)
		p.pos = next
	case strings.HasPrefix(rest, "<![CDATA["):
		from, to, next := p.until(pos+9, "]]>")
		p.addLeaf(&xmltree.Text{Data: src[from:to], CDATA: true, Start: p.file(pos), Span: p.span(from, to)}, pos, next)
		p.pos = next
	case strings.HasPrefix(rest, "<?"):
		from, to, next := p.until(pos+2, "?>")
		body := src[from:to]
		target, inst := body, ""
		if k := strings.IndexAny(body, " \t\r\n"); k >= 0 {
			target, inst = body[:k], strings.TrimLeft(body[k:], " \t\r\n")
		}
		p.addLeaf(&xmltree.ProcInst{Target: target, Inst: inst, Start: p.file(pos)}, pos, next)
		p.pos = next
	case strings.HasPrefix(rest, "</"):
		p.endTag()
	case strings.HasPrefix(rest, "<>"):
		el := &xmltree.Element{Start: p.file(pos), StartTagEnd: p.file(pos + 2)}
		p.attach(el)
		p.stack = append(p.stack, el)
		p.pos = pos + 2
	case len(rest) > 1 && (isXMLNameStart(rest[1]) || rest[1] == '{'):
		p.startTag()
	case strings.HasPrefix(rest, "<!"):
		p.sc.errorf(pos, "unsupported markup in XML literal")
		_, _, p.pos = p.until(pos+2, ">")
	default:
		// A lone '<' is invalid XML; keeping it as text loses nothing.
		p.sc.errorf(pos, "'<' in XML content must be written &lt;")
		p.text(pos, pos+1)
	}
}

// until finds end after from. It returns the content bounds and the
// offset after end, marking the literal broken when end is missing.
func (p *xmlParser) until(from int, end string) (int, int, int) {
	n := len(p.src)
	if from > n {
		from = n
	}
	k := strings.Index(p.src[from:], end)
	if k < 0 {
		p.broken = true
		return from, n, n
	}
	return from, from + k, from + k + len(end)
}

// expr scans the JavaScript of the {expression} whose brace is at open and
// returns its bounds without braces. The parser resumes after the closing
// brace.
func (p *xmlParser) expr(open int) (int, int) {
	end := p.sc.lex(open+1, p.depth+1, true)
	if end >= len(p.src) {
		p.broken = true
		p.pos = len(p.src)
		return open + 1, len(p.src)
	}
	p.pos = end + 1
	return open + 1, end
}

func (p *xmlParser) contentExpr() {
	open := p.pos
	from, to := p.expr(open)
	p.addLeaf(&xmltree.Text{Data: p.src[from:to], Start: p.file(open), Span: p.span(from, to), Expr: true}, open, p.pos)
}

// text adds the character data starting at from; scanning for its end
// starts at scan so that a stray '<' can be included.
func (p *xmlParser) text(from, scan int) {
	end := len(p.src)
	if k := strings.IndexAny(p.src[scan:], "<{"); k >= 0 {
		end = scan + k
	}
	p.pos = end
	if strings.TrimLeft(p.src[from:end], " \t\r\n") == "" {
		return
	}
	data, span := p.decode(from, end, false)
	p.addLeaf(&xmltree.Text{Data: data, Start: p.file(from), Span: span}, from, end)
}

// decode resolves entity references in src[from:to] and maps the result to
// the file. Values without references, by far the most common, are sliced
// without copying.
func (p *xmlParser) decode(from, to int, attr bool) (string, xmltree.Span) {
	raw := p.src[from:to]
	special := "&\r"
	if attr {
		special = "&\r\n\t"
	}
	if !strings.ContainsAny(raw, special) {
		return raw, p.span(from, to)
	}
	// Decoding relative to from and composing with the script span cut to
	// the value keeps the cost proportional to the value, not to the
	// number of entities in the whole script.
	v, sp, err := xmltree.DecodeEntities([]byte(raw), 0, attr)
	if err != nil {
		off := from
		var de *xmltree.DecodeError
		if errors.As(err, &de) {
			off = from + int(de.Offset)
		}
		p.sc.errorf(off, err.Error())
		return raw, p.span(from, to)
	}
	return v, xmltree.Compose(sp, p.span(from, to))
}

// span maps src[from:to] to the file. Unlike Span.Slice it keeps only the
// breakpoints inside the range: a script decoded from a text node full of
// &lt; can have thousands, and every E4X value would otherwise copy them.
func (p *xmlParser) span(from, to int) xmltree.Span {
	sp := p.sc.s.Span
	if sp.Segs == nil {
		return xmltree.Span{Base: sp.Base + int64(from)}
	}
	segs := sp.Segs
	k := sort.Search(len(segs), func(k int) bool { return segs[k].At > from }) - 1
	k = max(k, 0)
	e := k + 1 + sort.Search(len(segs)-k-1, func(i int) bool { return segs[k+1+i].At > to })
	first := segs[k].File + int64(from-segs[k].At)
	if e == k+1 {
		return xmltree.Span{Base: first}
	}
	p.sc.steps += e - k
	out := make([]xmltree.Seg, 0, e-k)
	out = append(out, xmltree.Seg{At: 0, File: first})
	for _, sg := range segs[k+1 : e] {
		out = append(out, xmltree.Seg{At: sg.At - from, File: sg.File})
	}
	return xmltree.Span{Segs: out}
}

func (p *xmlParser) skipSpace() {
	for p.pos < len(p.src) && isXMLSpace(p.src[p.pos]) {
		p.pos++
	}
}

// name reads an element or attribute name at p.pos; a {expression} name is
// returned as written, braces included.
func (p *xmlParser) name() string {
	src, start := p.src, p.pos
	if start < len(src) && src[start] == '{' {
		p.expr(start)
		if p.broken {
			return src[start:]
		}
		return src[start:p.pos]
	}
	for p.pos < len(src) && isXMLNameChar(src[p.pos]) {
		p.pos++
	}
	return src[start:p.pos]
}

func (p *xmlParser) startTag() {
	src, n := p.src, len(p.src)
	lt := p.pos
	p.pos++
	el := &xmltree.Element{Name: p.name(), Start: p.file(lt)}
	p.attach(el)
	// An attribute's {expression} may hold a literal of its own, whose
	// tags gather their attributes after these and take them back.
	base := len(p.sc.xmlAttrs)
	defer func() {
		if attrs := p.sc.xmlAttrs[base:]; len(attrs) > 0 {
			el.Attrs = slices.Clone(attrs)
			clear(attrs) // the scratch must not keep the values alive
		}
		p.sc.xmlAttrs = p.sc.xmlAttrs[:base]
	}()
	for !p.broken {
		p.sc.steps++
		p.skipSpace()
		if p.pos >= n {
			break
		}
		c := src[p.pos]
		switch {
		case c == '/' && p.pos+1 < n && src[p.pos+1] == '>':
			p.pos += 2
			el.SelfClosing = true
			el.StartTagEnd = p.file(p.pos)
			el.End = el.StartTagEnd
			return
		case c == '>':
			p.pos++
			el.StartTagEnd = p.file(p.pos)
			p.stack = append(p.stack, el)
			return
		case c == '{' || isXMLNameStart(c):
			nameOff := p.pos
			attrName := p.name()
			if p.broken {
				break
			}
			p.skipSpace()
			if p.pos < n && src[p.pos] == '=' {
				p.pos++
				p.skipSpace()
				p.attrValue(attrName, nameOff)
			} else if c != '{' {
				// A {expression} alone supplies a whole attribute list
				// at run time; a bare name is an error.
				p.sc.errorf(nameOff, "attribute "+attrName+" has no value")
				p.sc.xmlAttrs = append(p.sc.xmlAttrs, xmltree.Attr{Name: attrName, NameOff: p.file(nameOff), ValueSpan: p.span(p.pos, p.pos)})
			}
		default:
			p.sc.errorf(p.pos, "unexpected character "+quoteByte(c)+" in tag")
			p.pos++
		}
	}
	p.broken = true
	p.pos = n
	el.StartTagEnd = p.file(n)
	el.End = el.StartTagEnd
}

func (p *xmlParser) attrValue(name string, nameOff int) {
	src, n := p.src, len(p.src)
	a := xmltree.Attr{Name: name, NameOff: p.file(nameOff)}
	if p.pos >= n {
		p.broken = true
		return
	}
	switch q := src[p.pos]; q {
	case '"', '\'':
		from := p.pos + 1
		k := strings.IndexByte(src[from:], q)
		to := n
		if k >= 0 {
			to = from + k
			p.pos = to + 1
		} else {
			p.broken = true
			p.pos = n
		}
		a.Value, a.ValueSpan = p.decode(from, to, true)
	case '{':
		from, to := p.expr(p.pos)
		a.Value, a.ValueSpan, a.Expr = src[from:to], p.span(from, to), true
	default:
		p.sc.errorf(p.pos, "attribute "+name+" has an unquoted value")
		from := p.pos
		for p.pos < n && !isXMLSpace(src[p.pos]) && src[p.pos] != '>' &&
			!(src[p.pos] == '/' && p.pos+1 < n && src[p.pos+1] == '>') {
			p.pos++
		}
		a.Value, a.ValueSpan = p.decode(from, p.pos, true)
	}
	p.sc.xmlAttrs = append(p.sc.xmlAttrs, a)
}

func (p *xmlParser) endTag() {
	src, n := p.src, len(p.src)
	p.pos += 2
	name := p.name()
	if p.broken {
		return
	}
	p.skipSpace()
	if p.pos >= n || src[p.pos] != '>' {
		p.sc.errorf(p.pos, "malformed end tag </"+name+">")
		_, _, p.pos = p.until(p.pos, ">")
		if p.broken {
			return
		}
	} else {
		p.pos++
	}
	if len(p.stack) == 0 {
		return
	}
	end := p.file(p.pos)
	top := len(p.stack) - 1
	match := top
	if el := p.stack[top]; name != el.Name && !strings.HasPrefix(name, "{") && !strings.HasPrefix(el.Name, "{") {
		// Close up to the element this tag names, if it is open;
		// otherwise assume a typo and close the innermost one. The search
		// is bounded so that a run of stray end tags stays linear.
		for j := top - 1; j >= 0 && j >= top-64; j-- {
			p.sc.steps++
			if p.stack[j].Name == name {
				match = j
				break
			}
		}
		p.sc.errorf(p.pos, "end tag </"+name+"> does not match <"+el.Name+">")
	}
	for j := top; j >= match; j-- {
		p.stack[j].End = end
	}
	p.stack = p.stack[:match]
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isXMLNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isXMLNameChar(c byte) bool {
	return isXMLNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':'
}
