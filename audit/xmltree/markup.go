package xmltree

import (
	"bytes"
)

func (p *parser) bang() error {
	start := p.off(0)
	ok, err := p.ensure(4)
	if err != nil {
		return err
	}
	rest := p.buf[p.pos:p.validEnd]
	switch {
	case ok && bytes.HasPrefix(rest, []byte("<!--")):
		i, err := p.findBounded(4, "-->", p.opt.Limits.TextBytes)
		if err == nil && (i == -2 || p.limited() || i >= 0 && p.textTooLong(i-4, "comment")) {
			p.textTooLong(p.opt.Limits.TextBytes+1, "comment")
			p.pos += 4
			if found, err := p.skipTo("-->"); err != nil || !found {
				if err == nil {
					err = p.errAt(start, "unexpected end of input inside a comment")
				}
				return err
			}
			p.pos += 3
			return nil
		}
		if err != nil {
			return err
		}
		if i < 0 {
			return p.errAt(start, "unexpected end of input inside a comment")
		}
		body := p.buf[p.pos+4 : p.pos+i]
		if j := bytes.Index(body, []byte("--")); j >= 0 {
			return p.errAt(start+4+int64(j), "'--' is not allowed inside a comment")
		}
		c := &Comment{Data: string(body), Start: start, Span: Span{Base: start + 4}, Parent: p.top()}
		if p.top() == nil {
			p.doc.Prolog = append(p.doc.Prolog, c)
		} else {
			p.addChild(c)
		}
		if p.splitDepth < 0 {
			p.leading = append(p.leading, c)
		}
		p.pos += i + 3
		return nil
	}
	ok, err = p.ensure(9)
	if err != nil {
		return err
	}
	rest = p.buf[p.pos:p.validEnd]
	switch {
	case ok && bytes.HasPrefix(rest, []byte("<![CDATA[")):
		parent := p.top()
		if parent == nil {
			return p.errAt(start, "CDATA section outside the root element")
		}
		i, err := p.findBounded(9, "]]>", p.opt.Limits.TextBytes)
		if err != nil {
			return err
		}
		if i == -2 || p.limited() || i >= 0 && p.textTooLong(i-9, "CDATA section") {
			p.textTooLong(p.opt.Limits.TextBytes+1, "CDATA section")
			p.pos += 9
			if found, err := p.skipTo("]]>"); err != nil || !found {
				if err == nil {
					err = p.errAt(start, "unexpected end of input inside a CDATA section")
				}
				return err
			}
			p.pos += 3
			return nil
		}
		if i < 0 {
			return p.errAt(start, "unexpected end of input inside a CDATA section")
		}
		body := p.buf[p.pos+9 : p.pos+i]
		var data string
		var span Span
		if bytes.IndexByte(body, '\r') >= 0 {
			data, span = normalizeNewlines(body, start+9)
		} else {
			data, span = string(body), Span{Base: start + 9}
		}
		p.leading = nil
		p.addChild(&Text{Data: data, CDATA: true, Start: start, Span: span, Parent: parent})
		p.pos += i + 3
		return nil
	case ok && bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
		if p.sawRoot {
			return p.errAt(start, "DOCTYPE after the root element")
		}
		return p.doctype()
	}
	return p.errAt(start, "invalid markup after '<!'")
}

// doctype skips a document type declaration, internal subset included.
// Entities it declares are not expanded: references to them are reported as
// undefined, which also shuts out entity-expansion bombs.
func (p *parser) doctype() error {
	start := p.off(0)
	rel := 9
	depth := 0
	var quote byte
	for {
		ok, err := p.ensure(rel + 1)
		if err != nil {
			return err
		}
		if !ok {
			return p.errAt(start, "unexpected end of input inside DOCTYPE")
		}
		c := p.buf[p.pos+rel]
		rel++
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case depth > 0 && c == '<':
			// Comments and processing instructions of the internal subset
			// may hold quotes, brackets and '>': skip them whole.
			for _, pair := range [][2]string{{"!--", "-->"}, {"?", "?>"}} {
				if ok, err := p.ensure(rel + len(pair[0])); err != nil {
					return err
				} else if ok && string(p.buf[p.pos+rel:p.pos+rel+len(pair[0])]) == pair[0] {
					i, err := p.find(rel+len(pair[0]), pair[1])
					if err != nil {
						return err
					}
					if i < 0 {
						return p.errAt(start, "unexpected end of input inside DOCTYPE")
					}
					rel = i + len(pair[1])
					break
				}
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			p.pos += rel
			return nil
		}
	}
}

func (p *parser) procInst() error {
	start := p.off(0)
	i, err := p.find(2, "?>")
	if err != nil {
		return err
	}
	if i < 0 {
		return p.errAt(start, "unexpected end of input inside a processing instruction")
	}
	body := p.buf[p.pos+2 : p.pos+i]
	n := nameLen(body)
	if n == 0 {
		return p.errAt(start, "processing instruction without a target")
	}
	target := string(body[:n])
	if target == "xml" {
		if start != 0 && !(start == 3 && p.bufOff == 0) {
			return p.errAt(start, "XML declaration allowed only at the start of the document")
		}
	} else {
		pi := &ProcInst{Target: target, Inst: string(bytes.TrimSpace(body[n:])), Start: start, Parent: p.top()}
		if p.top() == nil {
			p.doc.Prolog = append(p.doc.Prolog, pi)
		} else {
			p.addChild(pi)
		}
	}
	p.pos += i + 2
	return nil
}
