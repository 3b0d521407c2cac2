// Package walk finds places in entities: workflow activities, literal values
// with their positions, templates, and the names of messages and external
// accounts.
package walk

import (
	"bytes"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// MessageName names a delivery, a delivery template or a
// personalization block for messages.
func MessageName(p *audit.Pass) string {
	e := p.Entity
	kind := "delivery"
	switch {
	case e.Schema == "nms:includeView":
		kind = "personalization block"
	case e.Schema == "nms:trackingUrl":
		kind = "tracked URL"
	case e.Root.AttrValue("isModel") == "1" || strings.EqualFold(e.Root.AttrValue("isModel"), "true"):
		kind = "delivery template"
	}
	s := kind + " " + e.Key
	if l := strings.TrimSpace(e.Label); l != "" {
		s += " (" + Shorten(l, 60) + ")"
	}
	return s
}

// ReservedNamespaces are the namespaces of Campaign's own entities.
var ReservedNamespaces = map[string]bool{
	"xtk": true, "nl": true, "nms": true, "ncm": true, "temp": true, "ncl": true, "crm": true, "xxl": true,
}

// isActivity reports whether el is a workflow activity: a child of the
// <activities> of a <workflow>, whether the workflow is the entity or is
// nested in a campaign (nms:operation).
func isActivity(el *xmltree.Element) bool {
	p := el.Parent
	return p != nil && p.LocalName() == "activities" && p.Parent != nil && p.Parent.LocalName() == "workflow"
}

// Activities lists the workflow activities below root, in document
// order.
func Activities(root *xmltree.Element) []*xmltree.Element {
	var out []*xmltree.Element
	root.Walk(func(el *xmltree.Element) bool {
		if isActivity(el) {
			out = append(out, el)
			return false
		}
		return !acc.IsDescriptiveElement(el.LocalName()) || el == root
	})
	return out
}

// ActivityOf returns the activity (workflow, web application or report)
// holding el, or nil.
func ActivityOf(el *xmltree.Element) *xmltree.Element {
	if el == nil {
		return nil
	}
	return acc.ActivityOf(el)
}

// DescribeActivity names an activity the way an operator finds it in
// the console: its type, its name and its label.
func DescribeActivity(a *xmltree.Element) string {
	s := a.LocalName() + " activity"
	if n := a.AttrValue("name"); n != "" {
		s += " \"" + n + "\""
	}
	if l := strings.TrimSpace(a.AttrValue("label")); l != "" {
		s += " (" + Shorten(l, 60) + ")"
	}
	return s
}

// PlaceOf describes where el sits for a message: its activity, or the
// entity.
func PlaceOf(p *audit.Pass, el *xmltree.Element) string {
	if a := ActivityOf(el); a != nil {
		return DescribeActivity(a)
	}
	return p.Entity.ID()
}

// Shorten cuts s to n runes for a message.
func Shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// An Site is a piece of an entity where a literal value is written: an
// attribute value, the text of an element, the literal text of a template,
// SQL outside its comments, the inside of a JavaScript string literal, or
// an attribute or text of an E4X literal. Code itself (identifiers,
// comments) is never a site, so that a variable named nl5 or a comment
// mentioning OpenOffice is not mistaken for a value.
type Site struct {
	Text  string // code parts and comments blanked
	Raw   string // the same bytes as written, for messages
	Span  xmltree.Span
	Elem  *xmltree.Element // element of the entity holding the site
	Attr  *xmltree.Attr    // attribute holding the site, when it is one
	Where string           // how to name the site in a message
}

// LiteralSites calls fn for every literal site of the entity inside
// within (the whole entity when nil). Descriptive attributes and elements
// (labels, descriptions, generated human-readable filters) are skipped.
// Template text and SQL keep their length, code parts blanked, so that
// offsets still map to the file.
func LiteralSites(p *audit.Pass, within *xmltree.Element, fn func(Site)) {
	root := p.Entity.Root
	if within == nil {
		within = root
	}
	codeElems := map[*xmltree.Element]*acc.Code{}
	codeAttrs := map[*xmltree.Attr]*acc.Code{}
	for _, c := range p.Code() {
		if c.Attr != nil {
			codeAttrs[c.Attr] = c
		} else {
			codeElems[c.Elem] = c
		}
	}
	within.Walk(func(el *xmltree.Element) bool {
		if el != within && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Expr {
				continue
			}
			s := Site{Text: a.Value, Raw: a.Value, Span: a.ValueSpan, Elem: el, Attr: a, Where: "attribute " + a.Name + " of <" + el.Name + ">"}
			if codeAttrs[a] != nil {
				s.Text = TemplateText(a.Value)
			}
			fn(s)
		}
		if c := codeElems[el]; c != nil {
			switch c.Lang {
			case acc.SQL:
				fn(Site{Text: BlankSQLComments(TemplateText(c.Text)), Raw: c.Text, Span: c.Span, Elem: el, Where: "the SQL of <" + el.Name + ">"})
			case acc.Template:
				fn(Site{Text: markupText(c.Text), Raw: c.Text, Span: c.Span, Elem: el, Where: "the text of <" + el.Name + ">"})
			}
			return true
		}
		if t, sp, ok := el.Text(); ok && strings.TrimSpace(t) != "" {
			fn(Site{Text: t, Raw: t, Span: sp, Elem: el, Where: "the text of <" + el.Name + ">"})
		}
		return true
	})
	for _, s := range p.Scripts() {
		el := s.Code.Elem
		if el == nil || !within.Contains(el.Start) {
			continue
		}
		toks := s.JS().Tokens
		for i := range toks {
			t := &toks[i]
			switch t.Kind {
			case jsscan.String:
				if len(t.Text) >= 2 {
					fn(Site{Text: t.Text[1 : len(t.Text)-1], Raw: t.Text[1 : len(t.Text)-1], Span: s.JS().Span.Slice(t.Start + 1), Elem: el, Where: "a JavaScript string"})
				}
			case jsscan.XML:
				if t.XML == nil {
					continue
				}
				t.XML.Walk(func(x *xmltree.Element) bool {
					for i := range x.Attrs {
						a := &x.Attrs[i]
						if !a.Expr && !acc.IsDescriptiveAttr(a.Name) {
							fn(Site{Text: a.Value, Raw: a.Value, Span: a.ValueSpan, Elem: el, Where: "attribute " + a.Name + " of <" + x.Name + "> in an E4X literal"})
						}
					}
					for _, c := range x.Children {
						if tx, ok := c.(*xmltree.Text); ok && !tx.Expr && strings.TrimSpace(tx.Data) != "" {
							fn(Site{Text: tx.Data, Raw: tx.Data, Span: tx.Span, Elem: el, Where: "the text of <" + x.Name + "> in an E4X literal"})
						}
					}
					return true
				})
			}
		}
	}
}

// TemplateText returns the literal text of a template, every <% %>
// block (code, expression or directive) replaced by spaces of the same
// length; line breaks are kept. Used for SQL and attribute values.
func TemplateText(src string) string {
	if !jsscan.HasTemplate(src) {
		return src
	}
	b := []byte(src)
	for _, part := range jsscan.SplitTemplate(src) {
		if part.Kind != jsscan.TextPart {
			blank(b[part.Start:part.End])
		}
	}
	return string(b)
}

// markupText is opsTemplateText for page markup: HTML comments and the
// content of client-side <script> elements are blanked too, the scripts
// being read as JavaScript (their strings are sites of their own).
func markupText(src string) string {
	b := []byte(TemplateText(src))
	for i := 0; i < len(b); {
		k := bytes.Index(b[i:], []byte("<!--"))
		if k < 0 {
			break
		}
		start := i + k
		end := len(b)
		if e := bytes.Index(b[start+4:], []byte("-->")); e >= 0 {
			end = start + 4 + e + 3
		}
		blank(b[start:end])
		i = end
	}
	if strings.Contains(strings.ToLower(src), "<script") {
		js := jsscan.ClientJS(src)
		for i := 0; i < len(js) && i < len(b); i++ {
			if c := js[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// BlankSQLComments replaces SQL comments (-- to the end of the line,
// /* */) by spaces, leaving string literals alone.
func BlankSQLComments(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\'':
			for i++; i < len(b); i++ {
				if b[i] == '\'' {
					if i+1 < len(b) && b[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case b[i] == '-' && i+1 < len(b) && b[i+1] == '-':
			j := i
			for j < len(b) && b[j] != '\n' {
				j++
			}
			blank(b[i:j])
			i = j
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			j := bytes.Index(b[i+2:], []byte("*/"))
			end := len(b)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			blank(b[i:end])
			i = end - 1
		}
	}
	return string(b)
}

// blank replaces bytes by spaces, keeping line breaks.
func blank(b []byte) {
	for i := range b {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// Templates calls fn for every piece of entity text holding template
// code (<% %>): element texts and attribute values, with their parts.
func Templates(p *audit.Pass, fn func(c *acc.Code, parts []jsscan.Part)) {
	for _, c := range p.Code() {
		if c.Lang == acc.JS || !jsscan.HasTemplate(c.Text) {
			continue
		}
		fn(c, c.Parts())
	}
}

// CodeRange returns the file range naming a code block: its attribute,
// or the start tag of its element.
func CodeRange(c *acc.Code) (int64, int64) {
	if c.Attr != nil {
		return audit.AttrRange(c.Attr)
	}
	return c.Elem.Start, c.Elem.Start + 1 + int64(len(c.Elem.Name))
}

// HasFold reports whether s contains one of the lower-case ASCII
// needles, ignoring case. Rules call it before their regular expressions:
// most values hold none of the words they look for.
func HasFold(s string, needles ...string) bool {
	if len(needles) > 2 {
		return hasAnyFold(s, needles)
	}
	for _, n := range needles {
		if len(n) == 0 || len(n) > len(s) {
			continue
		}
		first := n[0]
		for i := 0; i+len(n) <= len(s); i++ {
			if Lower(s[i]) == first && HasPrefixFold(s[i+1:], n[1:]) {
				return true
			}
		}
	}
	return false
}

// hasAnyFold is HasFold for many needles: one pass over s, where a pass
// per needle would read s as many times.
func hasAnyFold(s string, needles []string) bool {
	var first [256]bool
	for _, n := range needles {
		if n != "" {
			first[n[0]] = true
		}
	}
	for i := 0; i < len(s); i++ {
		c := Lower(s[i])
		if !first[c] {
			continue
		}
		for _, n := range needles {
			if n != "" && n[0] == c && len(n) <= len(s)-i && HasPrefixFold(s[i+1:], n[1:]) {
				return true
			}
		}
	}
	return false
}

// HasPrefixFold reports whether s starts with the lower-case ASCII n,
// ignoring ASCII case.
func HasPrefixFold(s, n string) bool {
	if len(s) < len(n) {
		return false
	}
	for j := 0; j < len(n); j++ {
		if Lower(s[j]) != n[j] {
			return false
		}
	}
	return true
}

func Lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
