package jsscan

import "strings"

// Campaign templates (JSSP pages, delivery content, web application pages)
// mix text with <% code %>, <%= expression %> and <%@ directive %> blocks.
// The helpers below turn a template into JavaScript of exactly the same
// length, so that a Script scanned from it keeps the template's offsets and
// therefore its Span.

// A PartKind classifies a piece of a template.
type PartKind uint8

// Template part kinds.
const (
	TextPart      PartKind = iota
	CodePart               // <% code %>
	ExprPart               // <%= expression %>
	DirectivePart          // <%@ include view="x" %>
)

// A Part is a piece of a template.
type Part struct {
	Kind       PartKind
	Start, End int    // the whole part, delimiters included
	Content    string // the text, or what lies between the delimiters
	Directive  *Directive
}

// A Directive is a parsed <%@ name attr="value" ... %> block.
type Directive struct {
	Name      string
	Attrs     map[string]string
	AttrOrder []string
}

// openLen is the length of the opening delimiter of a part kind.
func openLen(k PartKind) int {
	switch k {
	case CodePart:
		return 2
	case ExprPart, DirectivePart:
		return 3
	}
	return 0
}

// closed reports whether the part ends with its "%>".
func (p Part) closed() bool {
	return p.Kind != TextPart && p.End-p.Start == openLen(p.Kind)+len(p.Content)+2
}

// SplitTemplate cuts src into text and <% %> parts. A block ends at the
// first "%>", as in Campaign's own template engine, even inside a string
// literal. An unterminated block runs to the end.
func SplitTemplate(src string) []Part {
	var parts []Part
	pos := 0
	for pos < len(src) {
		k := strings.Index(src[pos:], "<%")
		if k < 0 {
			parts = append(parts, Part{Kind: TextPart, Start: pos, End: len(src), Content: src[pos:]})
			break
		}
		open := pos + k
		if k > 0 {
			parts = append(parts, Part{Kind: TextPart, Start: pos, End: open, Content: src[pos:open]})
		}
		kind := CodePart
		if open+2 < len(src) {
			switch src[open+2] {
			case '=':
				kind = ExprPart
			case '@':
				kind = DirectivePart
			}
		}
		from := open + openLen(kind)
		to, end := len(src), len(src)
		if c := strings.Index(src[from:], "%>"); c >= 0 {
			to, end = from+c, from+c+2
		}
		p := Part{Kind: kind, Start: open, End: end, Content: src[from:to]}
		if kind == DirectivePart {
			p.Directive = parseDirective(p.Content)
		}
		parts = append(parts, p)
		pos = end
	}
	return parts
}

// parseDirective reads `name attr="v" attr='v' attr=v`, ignoring anything
// it cannot make sense of.
func parseDirective(s string) *Directive {
	d := &Directive{Attrs: map[string]string{}}
	i := skipSpaces(s, 0)
	j := i
	for j < len(s) && !isTemplateSpace(s[j]) {
		j++
	}
	d.Name = s[i:j]
	i = j
	for {
		i = skipSpaces(s, i)
		if i >= len(s) {
			return d
		}
		j = i
		for j < len(s) && s[j] != '=' && !isTemplateSpace(s[j]) {
			j++
		}
		name := s[i:j]
		i = skipSpaces(s, j)
		value := ""
		if i < len(s) && s[i] == '=' {
			i = skipSpaces(s, i+1)
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				k := strings.IndexByte(s[i+1:], q)
				if k < 0 {
					value, i = s[i+1:], len(s)
				} else {
					value, i = s[i+1:i+1+k], i+1+k+1
				}
			} else {
				j = i
				for j < len(s) && !isTemplateSpace(s[j]) {
					j++
				}
				value, i = s[i:j], j
			}
		}
		if name == "" {
			// A stray '=' or quote: step over it so the loop advances.
			i++
			continue
		}
		if _, dup := d.Attrs[name]; !dup {
			d.AttrOrder = append(d.AttrOrder, name)
		}
		d.Attrs[name] = value
	}
}

func isTemplateSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpaces(s string, i int) int {
	for i < len(s) && isTemplateSpace(s[i]) {
		i++
	}
	return i
}

// HasTemplate reports whether src contains template blocks.
func HasTemplate(src string) bool { return strings.Contains(src, "<%") }

// TemplateJS returns the server code of a template with every byte at its
// original offset: text and directives become spaces (line breaks are kept
// so that line-sensitive rules still see them), the opening delimiters
// become spaces and each "%>" becomes "; " so that consecutive blocks do
// not run into each other.
func TemplateJS(src string) string { return TemplateJSOf(src, SplitTemplate(src)) }

// TemplateJSOf is TemplateJS of src split into parts (SplitTemplate).
func TemplateJSOf(src string, parts []Part) string {
	out := make([]byte, len(src))
	for _, p := range parts {
		switch p.Kind {
		case TextPart, DirectivePart:
			blank(out[p.Start:p.End], src[p.Start:p.End])
		default:
			ol := openLen(p.Kind)
			blank(out[p.Start:p.Start+ol], src[p.Start:p.Start+ol])
			from := p.Start + ol
			copy(out[from:], p.Content)
			if p.closed() {
				out[p.End-2], out[p.End-1] = ';', ' '
			}
		}
	}
	return string(out)
}

// ClientJS returns the code of the <script> elements of an HTML template
// with every byte at its original offset; everything else, server blocks
// inside scripts included, becomes spaces (line breaks kept). Scripts whose
// type is not JavaScript (templates, JSON) are blanked as well.
func ClientJS(src string) string {
	var parts []Part
	if HasTemplate(src) {
		parts = SplitTemplate(src)
	}
	return ClientJSOf(src, parts)
}

// ClientJSOf is ClientJS of src split into parts (SplitTemplate; nil when
// src holds no template block).
func ClientJSOf(src string, parts []Part) string {
	// Server blocks are removed first so that neither "<script" written by
	// server code nor "%>" inside a script confuses the search.
	work := make([]byte, len(src))
	copy(work, src)
	{
		for _, p := range parts {
			if p.Kind != TextPart {
				blank(work[p.Start:p.End], src[p.Start:p.End])
			}
		}
	}
	out := make([]byte, len(src))
	blank(out, src)
	w := string(work)
	pos := 0
	for {
		open := indexFold(w, pos, "<script")
		if open < 0 {
			break
		}
		after := open + len("<script")
		if after < len(w) && !isTemplateSpace(w[after]) && w[after] != '>' && w[after] != '/' && w[after] != '\f' {
			pos = after
			continue
		}
		tagEnd, selfClosing, typ := scriptTag(w, after)
		if tagEnd < 0 {
			break
		}
		bodyEnd := len(w)
		next := len(w)
		if selfClosing {
			bodyEnd, next = tagEnd, tagEnd
		} else if k := indexFold(w, tagEnd, "</script"); k >= 0 {
			bodyEnd = k
			next = k + len("</script")
		}
		if isJSType(typ) {
			copy(out[tagEnd:bodyEnd], w[tagEnd:bodyEnd])
		}
		pos = next
	}
	return string(out)
}

// scriptTag reads the attributes of a <script> start tag from after its
// name. It returns the offset past '>', or -1 when the tag never ends, and
// the value of the type attribute.
func scriptTag(w string, i int) (end int, selfClosing bool, typ string) {
	for i < len(w) {
		c := w[i]
		switch {
		case c == '>':
			return i + 1, i > 0 && w[i-1] == '/', typ
		case isTemplateSpace(c) || c == '/' || c == '\f':
			i++
		default:
			j := i
			for j < len(w) && w[j] != '=' && w[j] != '>' && !isTemplateSpace(w[j]) {
				j++
			}
			name := w[i:j]
			if j == i {
				j++ // a stray '=': step over it
			}
			i = skipSpaces(w, j)
			if i < len(w) && w[i] == '=' {
				i = skipSpaces(w, i+1)
				var value string
				if i < len(w) && (w[i] == '"' || w[i] == '\'') {
					k := strings.IndexByte(w[i+1:], w[i])
					if k < 0 {
						return -1, false, typ
					}
					value, i = w[i+1:i+1+k], i+1+k+1
				} else {
					k := i
					for k < len(w) && w[k] != '>' && !isTemplateSpace(w[k]) {
						k++
					}
					value, i = w[i:k], k
				}
				if strings.EqualFold(name, "type") {
					typ = value
				}
			}
		}
	}
	return -1, false, typ
}

func isJSType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	return t == "" || t == "module" || strings.Contains(t, "javascript") ||
		strings.Contains(t, "ecmascript") || strings.Contains(t, "jscript")
}

// indexFold is a case-insensitive strings.Index for an ASCII needle that
// starts with '<'.
func indexFold(s string, from int, needle string) int {
	for from < len(s) {
		k := strings.IndexByte(s[from:], '<')
		if k < 0 {
			return -1
		}
		i := from + k
		if len(s)-i >= len(needle) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
		from = i + 1
	}
	return -1
}

// blank writes spaces over dst, keeping the line breaks of src. Each byte of
// a multi-byte character becomes a space so that lengths are kept.
func blank(dst []byte, src string) {
	if len(dst) < 32 {
		blankBytes(dst, src)
		return
	}
	// The text of templates is most of what they hold: spaces copied in
	// doubling runs, then the line breaks found by IndexByte, cost a
	// fraction of a test of every byte.
	dst[0] = ' '
	for n := 1; n < len(dst); n *= 2 {
		copy(dst[n:], dst[:n])
	}
	src = src[:len(dst)]
	for _, c := range [...]byte{'\n', '\r'} {
		for i := 0; ; {
			k := strings.IndexByte(src[i:], c)
			if k < 0 {
				break
			}
			dst[i+k] = c
			i += k + 1
		}
	}
}

// blankBytes is blank a byte at a time.
func blankBytes(dst []byte, src string) {
	for i := 0; i < len(dst); i++ {
		if c := src[i]; c == '\n' || c == '\r' {
			dst[i] = c
		} else {
			dst[i] = ' '
		}
	}
}
