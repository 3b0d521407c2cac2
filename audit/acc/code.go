package acc

import (
	"strings"
	"sync"

	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Lang is the language of a piece of code stored in an entity.
type Lang uint8

const (
	// JS is server-side JavaScript (SpiderMonkey with E4X).
	JS Lang = iota + 1
	// Template is JST/JSSP text: markup or text with <% %> server code and
	// possibly <script> elements run by the browser.
	Template
	// SQL is raw SQL, possibly holding <% %> template code.
	SQL
)

func (l Lang) String() string {
	switch l {
	case JS:
		return "JavaScript"
	case Template:
		return "template"
	case SQL:
		return "SQL"
	}
	return "?"
}

// A Code is one block of code found in an entity.
type Code struct {
	Lang Lang
	Text string
	Span xmltree.Span     // maps Text offsets to file offsets
	Elem *xmltree.Element // element holding the code, or the owner of Attr
	Attr *xmltree.Attr    // set when the code is an attribute value

	parts []jsscan.Part
	split bool
}

// Parts returns the template parts of Text (jsscan.SplitTemplate), nil
// when it holds no template block. They are split once: the scripts of
// the entity, the collectors and several rules read them. Callers must
// not modify them.
func (c *Code) Parts() []jsscan.Part {
	if !c.split {
		c.split = true
		if jsscan.HasTemplate(c.Text) {
			c.parts = jsscan.SplitTemplate(c.Text)
		}
	}
	return c.parts
}

// entityCode names the element that holds the code of code-library
// entities.
var entityCode = map[string]struct {
	elem string
	lang Lang
}{
	"xtk:javascript": {"data", JS},
	"xtk:jssp":       {"data", Template},
	"xtk:jst":        {"code", Template},
	"xtk:sql":        {"data", SQL},
}

// scriptElements hold JavaScript in workflows, web applications and
// reports (activity scripts, init scripts, advanced JavaScript call/recall,
// SOAP loading hooks).
var scriptElements = map[string]bool{
	"script": true, "initScript": true, "call": true, "recall": true,
	"soapInit": true, "soapCall": true, "soapEnd": true,
}

// IsDescriptiveElement reports whether an element holds prose for
// humans, never code. It is asked of every element a rule walks: a switch
// is cheaper than a map lookup.
func IsDescriptiveElement(localName string) bool {
	switch localName {
	case "desc", "help", "comment", "humanCond", "label":
		return true
	}
	return false
}

// markupElements hold page markup in web applications, reports, deliveries
// and personalisation blocks; they are templates even without <% %>,
// because their <script> elements run in the browser.
var markupElements = map[string]bool{"source": true, "html": true, "htmlSource": true}

// IsDescriptiveAttr reports whether an attribute holds prose or display
// text (labels, descriptions, generated human-readable filters) rather than
// an expression or code. Rules looking for code patterns skip them.
func IsDescriptiveAttr(name string) bool {
	switch name {
	case "label", "desc", "help", "img", "displayFilter", "humanCond", "labelSingular",
		"title", "promptLabel", "toolTip", "tooltip", "comment", "_cs", "revLabel", "revDesc",
		"author", "buildDate", "created", "lastModified", "md5":
		return true
	}
	return strings.HasSuffix(name, "-cs")
}

// CodeOf lists the code blocks of an entity in document order.
func CodeOf(e *Entity) []*Code {
	var els []*xmltree.Element
	e.Root.Walk(func(el *xmltree.Element) bool {
		if IsDescriptiveElement(el.LocalName()) && el != e.Root {
			return false
		}
		els = append(els, el)
		return true
	})
	return CodeIn(e, els)
}

// CodeIn is CodeOf for callers that already hold the elements of the
// entity in document order, without the subtrees of descriptive elements
// (the root is kept whatever its name).
func CodeIn(e *Entity, elements []*xmltree.Element) []*Code {
	var out []*Code
	main := entityCode[e.Schema]
	add := func(lang Lang, el *xmltree.Element) {
		text, span, ok := el.Text()
		if !ok || strings.TrimSpace(text) == "" {
			return
		}
		out = append(out, &Code{Lang: lang, Text: text, Span: span, Elem: el})
	}
	for _, el := range elements {
		name := el.LocalName()
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if strings.Contains(a.Value, "<%") && !IsDescriptiveAttr(a.Name) {
				out = append(out, &Code{Lang: Template, Text: a.Value, Span: a.ValueSpan, Elem: el, Attr: a})
			}
		}
		if el == e.Root {
			continue
		}
		switch {
		case main.elem != "" && name == main.elem && el.Parent == e.Root:
			add(main.lang, el)
		case scriptElements[name] && !hasElementChildren(el):
			if name == "script" && el.Parent != nil && el.Parent.LocalName() == "sql" {
				add(SQL, el)
			} else {
				add(JS, el)
			}
		case name == "condition" && el.Parent != nil && el.Parent.LocalName() == "test" && !hasElementChildren(el):
			add(JS, el) // jstest transition condition: a JavaScript boolean expression
		default:
			text, _, ok := el.Text()
			if !ok {
				continue
			}
			if strings.Contains(text, "<%") || (markupElements[name] && strings.TrimSpace(text) != "") {
				add(Template, el)
			}
		}
	}
	return out
}

func hasElementChildren(el *xmltree.Element) bool {
	for _, c := range el.Children {
		if _, ok := c.(*xmltree.Element); ok {
			return true
		}
	}
	return false
}

// A Script is JavaScript ready for rules: its source, and on demand a
// scanned token stream with positions in the file. Templates yield up to
// two scripts: the server code of their <% %> blocks and the client code
// of their <script> elements.
type Script struct {
	Code   *Code
	Server bool // false for code the browser runs

	src  string
	once sync.Once
	js   *jsscan.Script
	memo Memo

	pairs *pairSet // see MayHold
}

// NewScript returns the script of src, JavaScript taken from code.
func NewScript(code *Code, src string, server bool) *Script {
	return &Script{Code: code, src: src, Server: server}
}

// Src is the JavaScript source of the script. Reading it costs nothing:
// a rule or collector that looks for a name checks it before asking for
// the tokens.
func (s *Script) Src() string { return s.src }

// JS returns the scanned script, tokenizing it on the first call: most
// scripts hold nothing that most rules look for, and a scan of every
// script of every entity was a sixth of a scan's time.
func (s *Script) JS() *jsscan.Script {
	s.once.Do(func() { s.js = jsscan.Scan(s.src, s.Code.Span) })
	return s.js
}

// Release hands the token slices of the script back for reuse, if it was
// tokenized; see jsscan.Script.Release.
func (s *Script) Release() {
	if s.js != nil {
		s.js.Release()
	}
}

// Memo returns the value stored under key, building it on first use. Rules
// share derived views of a script this way (bracket matching, data flow).
func (s *Script) Memo(key any, build func() any) any { return s.memo.Get(key, build) }

// HasScriptTag is strings.Contains(strings.ToLower(text), "<script")
// without the lower-cased copy of every template: an ASCII case-folded
// search, and the copy only for text holding U+0130, which lower-cases
// to i.
func HasScriptTag(text string) bool {
	const tag = "<script"
	if strings.Contains(text, "\u0130") {
		return strings.Contains(strings.ToLower(text), tag)
	}
	for i := strings.IndexByte(text, '<'); i >= 0; {
		if len(text)-i < len(tag) {
			return false
		}
		k := 1
		for k < len(tag) && text[i+k]|0x20 == tag[k] {
			k++
		}
		if k == len(tag) {
			return true
		}
		j := strings.IndexByte(text[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// ScriptsOf scans the JavaScript held by code blocks.
func ScriptsOf(codes []*Code) []*Script {
	var out []*Script
	for _, c := range codes {
		switch c.Lang {
		case JS:
			out = append(out, NewScript(c, c.Text, true))
		case Template, SQL:
			if jsscan.HasTemplate(c.Text) {
				out = append(out, NewScript(c, jsscan.TemplateJSOf(c.Text, c.Parts()), true))
			}
			if c.Lang == Template && HasScriptTag(c.Text) {
				out = append(out, NewScript(c, jsscan.ClientJSOf(c.Text, c.Parts()), false))
			}
		}
	}
	return out
}
