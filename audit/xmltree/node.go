// Package xmltree is a positioned XML tree for audit rules.
//
// Every element, attribute, text and comment carries the byte offset where it
// starts in the source file, and every decoded string carries a Span that maps
// each of its bytes back to the file. Line and column are computed from
// offsets only when a finding needs them (see Locator), which keeps parsing
// fast. The parser streams: it can hand over selected subtrees (the entities
// of a package export) one at a time and forget them, so memory is bounded by
// the largest subtree rather than by the file.
//
// encoding/xml, etree and xmlquery were measured and rejected as the analysis
// tree: none records attribute positions, and the latter two record no
// columns at all.
package xmltree

import "strings"

// A Node is an *Element, *Text, *Comment or *ProcInst.
type Node interface {
	// Offset is the file offset where the node's markup starts.
	Offset() int64
	// ParentElement is the enclosing element, nil for a root.
	ParentElement() *Element
}

// An Element is an XML element with its attributes and children.
type Element struct {
	Name     string // as written, with any prefix
	Attrs    []Attr
	Children []Node
	Parent   *Element

	Start       int64 // offset of '<'
	StartTagEnd int64 // offset just past the '>' of the start tag
	End         int64 // offset just past the end tag (or "/>")
	SelfClosing bool
}

// An Attr is one attribute of an element.
type Attr struct {
	Name      string
	Value     string // decoded: entities resolved, whitespace normalised as XML requires
	NameOff   int64  // offset of the first byte of the name
	ValueSpan Span   // maps Value indices to file offsets
	// Expr is set for E4X attributes written as {expression}: Value then
	// holds the expression source without braces.
	Expr bool
}

// A Text is character data: plain text (entities decoded) or a CDATA section.
type Text struct {
	Data   string
	CDATA  bool
	Start  int64 // offset of the first byte of markup ("<![CDATA[" or the first character)
	Span   Span  // maps Data indices to file offsets
	Parent *Element
	// Expr is set for an E4X {expression} inside element content; Data then
	// holds the expression source without braces.
	Expr bool
}

// A Comment is an XML comment. Data excludes "<!--" and "-->".
type Comment struct {
	Data   string
	Start  int64
	Span   Span
	Parent *Element
}

// A ProcInst is a processing instruction such as <?xml-stylesheet ...?>.
type ProcInst struct {
	Target string
	Inst   string
	Start  int64
	Parent *Element
}

func (e *Element) Offset() int64           { return e.Start }
func (e *Element) ParentElement() *Element { return e.Parent }
func (t *Text) Offset() int64              { return t.Start }
func (t *Text) ParentElement() *Element    { return t.Parent }
func (c *Comment) Offset() int64           { return c.Start }
func (c *Comment) ParentElement() *Element { return c.Parent }
func (p *ProcInst) Offset() int64          { return p.Start }
func (p *ProcInst) ParentElement() *Element {
	return p.Parent
}

// LocalName returns the name without its namespace prefix.
func (e *Element) LocalName() string {
	if i := strings.LastIndexByte(e.Name, ':'); i >= 0 {
		return e.Name[i+1:]
	}
	return e.Name
}

// Attr returns the value of the named attribute and whether it is present.
func (e *Element) Attr(name string) (string, bool) {
	for i := range e.Attrs {
		if e.Attrs[i].Name == name {
			return e.Attrs[i].Value, true
		}
	}
	return "", false
}

// AttrValue returns the value of the named attribute, or "" when absent.
func (e *Element) AttrValue(name string) string {
	v, _ := e.Attr(name)
	return v
}

// AttrNode returns the named attribute, or nil.
func (e *Element) AttrNode(name string) *Attr {
	for i := range e.Attrs {
		if e.Attrs[i].Name == name {
			return &e.Attrs[i]
		}
	}
	return nil
}

// Elements returns the child elements in document order.
func (e *Element) Elements() []*Element {
	var out []*Element
	for _, c := range e.Children {
		if ce, ok := c.(*Element); ok {
			out = append(out, ce)
		}
	}
	return out
}

// Child returns the first child element with the given local name, or nil.
func (e *Element) Child(name string) *Element {
	for _, c := range e.Children {
		if ce, ok := c.(*Element); ok && ce.LocalName() == name {
			return ce
		}
	}
	return nil
}

// Text returns the concatenated character data directly inside e (text and
// CDATA children, not descendants) with its span. ok is false when e has no
// character data at all.
func (e *Element) Text() (text string, span Span, ok bool) {
	var parts []string
	var spans []Span
	for _, c := range e.Children {
		if t, isText := c.(*Text); isText && !t.Expr {
			parts = append(parts, t.Data)
			spans = append(spans, t.Span)
		}
	}
	if len(parts) == 0 {
		return "", Span{}, false
	}
	s, sp := Join(parts, spans)
	return s, sp, true
}

// Walk calls fn for e and each descendant element in document order. When fn
// returns false the element's children are skipped.
func (e *Element) Walk(fn func(*Element) bool) {
	// Iterative so that hostile nesting cannot exhaust the stack. The
	// first levels live in an array on the goroutine stack: rules walk
	// every entity many times, and growing a fresh slice each time showed
	// in the profiles.
	var local [64]*Element
	stack := append(local[:0], e)
	for len(stack) > 0 {
		el := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !fn(el) {
			continue
		}
		for i := len(el.Children) - 1; i >= 0; i-- {
			if ce, ok := el.Children[i].(*Element); ok {
				stack = append(stack, ce)
			}
		}
	}
}

// Contains reports whether the file offset off lies within e's markup.
func (e *Element) Contains(off int64) bool { return off >= e.Start && off < e.End }

// Innermost returns the deepest element of the tree rooted at e whose markup
// contains off, or nil when off is outside e.
func (e *Element) Innermost(off int64) *Element {
	if !e.Contains(off) {
		return nil
	}
	cur := e
	for {
		next := (*Element)(nil)
		for _, c := range cur.Children {
			if ce, ok := c.(*Element); ok && ce.Contains(off) {
				next = ce
				break
			}
		}
		if next == nil {
			return cur
		}
		cur = next
	}
}

// Depth returns the number of ancestors of e.
func (e *Element) Depth() int {
	n := 0
	for p := e.Parent; p != nil; p = p.Parent {
		n++
	}
	return n
}

// HasAncestor reports whether some ancestor of e has one of the local names.
func (e *Element) HasAncestor(names ...string) bool {
	for p := e.Parent; p != nil; p = p.Parent {
		ln := p.LocalName()
		for _, n := range names {
			if ln == n {
				return true
			}
		}
	}
	return false
}
