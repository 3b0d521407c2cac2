package custom

import (
	"strings"

	"github.com/antchfx/xpath"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// nav is an xpath.NodeNavigator over an entity's positioned tree. The
// entity root element is the only child of a virtual document node, so
// that both `/workflow/activities/js` and `//js` select as users expect.
// Processing instructions are not XPath nodes here.
type nav struct {
	root *xmltree.Element
	cur  xmltree.Node // nil: the document node
	idx  int          // index of cur in its parent's Children
	attr int          // index of the attribute when on one, else -1
	work *budget      // shared by all copies; nil: unbounded
}

func newNav(root *xmltree.Element, work *budget) *nav {
	return &nav{root: root, attr: -1, work: work}
}

// A budget bounds the work of one evaluation: XPath 1.0 has no loops, but
// nested predicates over // multiply (//*[count(//*[count(//*)>0])>0] is
// cubic in the size of the entity). Every move of the navigator and every
// node a string-value reads is a step, which makes the bound independent
// of the machine and of its load.
type budget struct{ left int64 }

// errBudget is the panic that ends an evaluation past its budget: the
// XPath library offers no way to cancel one.
type errBudget struct{}

func (n *nav) step(k int) {
	if n.work == nil {
		return
	}
	n.work.left -= int64(k)
	if n.work.left < 0 {
		panic(errBudget{})
	}
}

func (n *nav) NodeType() xpath.NodeType {
	if n.cur == nil {
		return xpath.RootNode
	}
	if n.attr >= 0 {
		return xpath.AttributeNode
	}
	switch n.cur.(type) {
	case *xmltree.Element:
		return xpath.ElementNode
	case *xmltree.Comment:
		return xpath.CommentNode
	}
	return xpath.TextNode
}

func splitName(name string) (prefix, local string) {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

func (n *nav) name() string {
	el, ok := n.cur.(*xmltree.Element)
	if !ok {
		return ""
	}
	if n.attr >= 0 {
		return el.Attrs[n.attr].Name
	}
	return el.Name
}

func (n *nav) LocalName() string { _, l := splitName(n.name()); return l }
func (n *nav) Prefix() string    { p, _ := splitName(n.name()); return p }

// Value is the XPath string-value: an attribute's value, a text's data,
// or all the text inside an element.
func (n *nav) Value() string {
	n.step(1)
	switch c := n.cur.(type) {
	case nil:
		return n.textOf(n.root)
	case *xmltree.Element:
		if n.attr >= 0 {
			return c.Attrs[n.attr].Value
		}
		return n.textOf(c)
	case *xmltree.Text:
		return c.Data
	case *xmltree.Comment:
		return c.Data
	}
	return ""
}

func (n *nav) textOf(el *xmltree.Element) string {
	var b strings.Builder
	var walk func(*xmltree.Element)
	walk = func(e *xmltree.Element) {
		n.step(len(e.Children))
		for _, c := range e.Children {
			switch c := c.(type) {
			case *xmltree.Text:
				b.WriteString(c.Data)
			case *xmltree.Element:
				walk(c)
			}
		}
	}
	walk(el)
	return b.String()
}

func (n *nav) Copy() xpath.NodeNavigator { n.step(1); c := *n; return &c }

func (n *nav) MoveToRoot() { n.step(1); n.cur, n.idx, n.attr = nil, 0, -1 }

func (n *nav) MoveToParent() bool {
	n.step(1)
	switch {
	case n.attr >= 0:
		n.attr = -1
	case n.cur == nil:
		return false
	case n.cur == xmltree.Node(n.root):
		n.cur, n.idx = nil, 0
	default:
		p := n.cur.ParentElement()
		n.cur, n.idx = p, n.indexOf(p)
	}
	return true
}

// indexOf finds el among its parent's children (once per move to a parent,
// so navigation stays linear).
func (n *nav) indexOf(el *xmltree.Element) int {
	if el == n.root || el.Parent == nil {
		return 0
	}
	for i, c := range el.Parent.Children {
		if c == xmltree.Node(el) {
			n.step(i)
			return i
		}
	}
	return 0
}

func (n *nav) MoveToNextAttribute() bool {
	n.step(1)
	el, ok := n.cur.(*xmltree.Element)
	if !ok || n.attr+1 >= len(el.Attrs) {
		return false
	}
	n.attr++
	return true
}

// isNode tells the children that are XPath nodes.
func isNode(c xmltree.Node) bool {
	_, pi := c.(*xmltree.ProcInst)
	return !pi
}

func (n *nav) MoveToChild() bool {
	n.step(1)
	if n.attr >= 0 {
		return false
	}
	if n.cur == nil {
		n.cur, n.idx = n.root, 0
		return true
	}
	el, ok := n.cur.(*xmltree.Element)
	if !ok {
		return false
	}
	for i, c := range el.Children {
		if isNode(c) {
			n.cur, n.idx = c, i
			return true
		}
	}
	return false
}

// siblings returns the children of the current node's parent, or nil for
// the document node and the entity root.
func (n *nav) siblings() []xmltree.Node {
	if n.attr >= 0 || n.cur == nil || n.cur == xmltree.Node(n.root) {
		return nil
	}
	return n.cur.ParentElement().Children
}

func (n *nav) MoveToFirst() bool {
	n.step(1)
	sib := n.siblings()
	for i, c := range sib {
		if isNode(c) {
			n.cur, n.idx = c, i
			return true
		}
	}
	return false
}

func (n *nav) MoveToNext() bool {
	n.step(1)
	sib := n.siblings()
	for i := n.idx + 1; i < len(sib); i++ {
		if isNode(sib[i]) {
			n.cur, n.idx = sib[i], i
			return true
		}
	}
	return false
}

func (n *nav) MoveToPrevious() bool {
	n.step(1)
	sib := n.siblings()
	for i := n.idx - 1; i >= 0 && i < len(sib); i-- {
		if isNode(sib[i]) {
			n.cur, n.idx = sib[i], i
			return true
		}
	}
	return false
}

func (n *nav) MoveTo(other xpath.NodeNavigator) bool {
	n.step(1)
	o, ok := other.(*nav)
	if !ok || o.root != n.root {
		return false
	}
	*n = *o
	return true
}
