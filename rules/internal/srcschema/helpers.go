// Package srcschema holds what the schema-based families share: element and
// SQL-text helpers, the catalogue of built-in schemas, and the collectors of
// schema facts.
package srcschema

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/query"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

func IsWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Or returns s, or def when s is empty.
func Or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// InRanges reports whether i lies in one of the ranges.
func InRanges(rs [][2]int, i int) bool {
	for _, r := range rs {
		if i >= r[0] && i < r[1] {
			return true
		}
	}
	return false
}

// A Site is a piece of an entity's text that the searches of these rules
// look at: a non-descriptive attribute value, the text of an element, or a
// block of code whose comments are listed in skip (positions in text).
type Site struct {
	Text string
	Span xmltree.Span
	El   *xmltree.Element
	attr *xmltree.Attr // set for attribute values
	Code *acc.Code     // set for code blocks
	skip [][2]int
}

// Where names the site in a message.
func (s Site) Where() string {
	switch {
	case s.attr != nil:
		return "attribute " + s.attr.Name + " of <" + s.El.Name + ">"
	case s.Code != nil:
		return s.Code.Lang.String() + " of <" + s.El.Name + ">"
	}
	return "the text of <" + s.El.Name + ">"
}

// Skipped reports whether position i of the site's text is inside a
// comment.
func (s Site) Skipped(i int) bool {
	for _, r := range s.skip {
		if i >= r[0] && i < r[1] {
			return true
		}
	}
	return false
}

// Sites calls fn for every piece of text of the entity except labels,
// descriptions, help texts, XML comments and the comments of code. E4X
// literals and templates are seen through the text of the code holding
// them, so that every byte maps back to the file.
func Sites(p *audit.Pass, fn func(s Site)) {
	if IsHeader(p) {
		return
	}
	codes := map[*xmltree.Element]*acc.Code{}
	for _, c := range p.Code() {
		if c.Attr == nil {
			codes[c.Elem] = c
		}
	}
	comments := map[*acc.Code][][2]int{}
	for _, s := range p.Scripts() {
		for _, t := range s.JS().Tokens {
			if t.Kind == jsscan.Comment {
				comments[s.Code] = append(comments[s.Code], [2]int{t.Start, t.End})
			}
		}
	}
	root := p.Entity.Root
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Expr {
				continue
			}
			fn(Site{Text: a.Value, Span: a.ValueSpan, El: el, attr: a})
		}
		if c := codes[el]; c != nil {
			skip := comments[c]
			if c.Lang == acc.SQL {
				skip = append(skip, sqlComments(c.Text)...)
			}
			fn(Site{Text: c.Text, Span: c.Span, El: el, Code: c, skip: skip})
			return true
		}
		for _, ch := range el.Children {
			if t, ok := ch.(*xmltree.Text); ok && !t.Expr && strings.TrimSpace(t.Data) != "" {
				fn(Site{Text: t.Data, Span: t.Span, El: el})
			}
		}
		return true
	})
}

// IsHeader reports whether the pass is on the package header
// pseudo-entity, whose tree holds only the envelope (the <entities> groups
// without their entities) and whose positions cover only its start tag.
func IsHeader(p *audit.Pass) bool { return p.Entity.Schema == audit.SchemaPackage }

// sqlComments returns the ranges of the "--" and "/* */" comments of SQL
// text, string literals respected.
func sqlComments(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j
		case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			out = append(out, [2]int{i, i + j})
			i += j
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			end := len(s)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			out = append(out, [2]int{i, end})
			i = end - 1
		}
	}
	return out
}

// SQLText is raw SQL found in an entity.
type SQLText struct {
	Text  string
	Span  xmltree.Span
	Where string
	// External is set for a JavaScript string sent to a connection to an
	// external account (application.getConnection("erp").query(…)): that
	// SQL runs on another database than Campaign's.
	External bool
}

// schSQLVerbs start the SQL statements these rules read.
var schSQLVerbs = []string{"select", "insert", "update", "delete", "alter", "create", "drop", "merge"}

// hasSQLVerb reports whether s holds an SQL verb as a whole word; it is
// called on every string literal of every script, so it does not allocate,
// and reads s once: at each start of a word, the verbs of its first letter.
func hasSQLVerb(s string) bool {
	for i := 0; i < len(s); i++ {
		if i > 0 && IsWordByte(s[i-1]) {
			continue
		}
		c := Lower(s[i])
		if c < 'a' || c > 'z' {
			continue
		}
		for _, v := range sqlVerbsByLetter[c-'a'] {
			j := i + len(v)
			if j <= len(s) && (j == len(s) || !IsWordByte(s[j])) && walk.HasPrefixFold(s[i:], v) {
				return true
			}
		}
	}
	return false
}

// sqlVerbsByLetter lists schSQLVerbs by first letter.
var sqlVerbsByLetter = func() (t [26][]string) {
	for _, v := range schSQLVerbs {
		t[v[0]-'a'] = append(t[v[0]-'a'], v)
	}
	return t
}()

// IndexFold returns the index of the first ASCII case-insensitive match
// of the lower-case needle in s at or after from, or -1.
func IndexFold(s, needle string, from int) int {
	if needle == "" {
		return from
	}
	c0 := needle[0]
	for i := from; i+len(needle) <= len(s); i++ {
		if Lower(s[i]) != c0 {
			continue
		}
		k := 1
		for k < len(needle) && Lower(s[i+k]) == needle[k] {
			k++
		}
		if k == len(needle) {
			return i
		}
	}
	return -1
}

// ContainsFold reports whether s contains the lower-case needle, ASCII
// case-insensitively.
func ContainsFold(s, needle string) bool { return IndexFold(s, needle, 0) >= 0 }

func Lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// SQLTexts returns the raw SQL of an entity: SQL scripts (xtk:sql
// entities, SQL activities of workflows) and the JavaScript string literals
// that hold SQL statements (sqlExec("ALTER TABLE ..."), queries built in
// strings).
// Three rules read them: they are listed once per entity, and callers
// must not modify them.
func SQLTexts(p *audit.Pass) []SQLText {
	return p.Memo(sqlTextsKey{}, func() any { return sqlTexts(p) }).([]SQLText)
}

type sqlTextsKey struct{}

func sqlTexts(p *audit.Pass) []SQLText {
	var out []SQLText
	for _, c := range p.Code() {
		if c.Lang == acc.SQL && c.Attr == nil {
			out = append(out, SQLText{Text: c.Text, Span: c.Span, Where: "SQL of <" + c.Elem.Name + ">"})
		}
	}
	query.StringLiterals(p, func(s *acc.Script, t jsscan.Token, f query.Fragment) {
		if hasSQLVerb(f.Text) {
			ext := jsflow.ToExternalConnection(s, jsflow.KindOf(p.Entity, s.Code.Elem), t)
			out = append(out, SQLText{Text: f.Text, Span: f.Span, Where: "a JavaScript string", External: ext})
		}
	})
	return out
}

// MaskSQL returns s with its comments and template blocks (<% %>)
// replaced by spaces, and with its string literals too when literals is
// set, every other byte at its offset.
func MaskSQL(s string, literals bool) string {
	b := []byte(s)
	blankRange := func(i, j int) {
		for k := i; k < j && k < len(b); k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
	}
	if jsscan.HasTemplate(s) {
		for _, part := range jsscan.SplitTemplate(s) {
			if part.Kind != jsscan.TextPart {
				blankRange(part.Start, part.End)
			}
		}
	}
	masked := string(b)
	for _, r := range sqlComments(masked) {
		blankRange(r[0], r[1])
	}
	if literals {
		for i := 0; i < len(b); i++ {
			if b[i] != '\'' {
				continue
			}
			j := i + 1
			for j < len(b) && b[j] != '\'' {
				j++
			}
			blankRange(i+1, j)
			i = j
		}
	}
	return string(b)
}

// TopElements returns the <element> children of a srcSchema root: the
// main element (named like the schema) and auxiliary definitions.
func TopElements(root *xmltree.Element) []*xmltree.Element {
	var out []*xmltree.Element
	for _, el := range root.Elements() {
		if el.LocalName() == "element" {
			out = append(out, el)
		}
	}
	return out
}

// MainElement returns the top <element> named name, or nil.
func MainElement(root *xmltree.Element, name string) *xmltree.Element {
	for _, el := range TopElements(root) {
		if el.AttrValue("name") == name {
			return el
		}
	}
	return nil
}

// Extended returns the trimmed extendedSchema of a srcSchema root and
// its attribute, or "" and nil.
func Extended(root *xmltree.Element) (string, *xmltree.Attr) {
	a := root.AttrNode("extendedSchema")
	if a == nil || strings.TrimSpace(a.Value) == "" {
		return "", nil
	}
	return strings.Join(strings.Fields(a.Value), ""), a
}

// IsTrue reads a boolean XML attribute value.
func IsTrue(v string) bool {
	v = strings.TrimSpace(v)
	return v == "1" || strings.EqualFold(v, "true")
}

// Deleted reports whether an element carries _operation="delete".
func Deleted(el *xmltree.Element) bool {
	return strings.EqualFold(strings.TrimSpace(el.AttrValue("_operation")), "delete")
}

// UnchangedSinceCreation reports whether the console export of an
// entity shows it was never modified after its creation: created and
// lastModified are both present and equal. Package exports carry neither.
func UnchangedSinceCreation(root *xmltree.Element) bool {
	c, ok1 := root.Attr("created")
	m, ok2 := root.Attr("lastModified")
	return ok1 && ok2 && strings.TrimSpace(c) != "" && strings.TrimSpace(c) == strings.TrimSpace(m)
}

// EntityOptionValue returns the value of an xtk:option entity, whatever
// its type: options store it in the attribute matching their data type, or
// in a memoValue child for long texts.
func EntityOptionValue(e *acc.Entity) string {
	for _, a := range []string{"stringValue", "longValue", "doubleValue", "timeStampValue", "memoValue"} {
		if v, ok := e.Root.Attr(a); ok {
			return v
		}
	}
	if m := e.Root.Child("memoValue"); m != nil {
		t, _, _ := m.Text()
		return t
	}
	return ""
}

// OptionValue returns the value of an xtk:option entity and the file
// range to report it at: the value attribute, else the name attribute (a
// package omits values equal to 0 or "").
func OptionValue(p *audit.Pass) (v string, start, end int64) {
	e := p.Entity
	v = EntityOptionValue(e)
	for _, n := range []string{"stringValue", "longValue", "doubleValue", "timeStampValue", "memoValue", "name"} {
		if a := e.Root.AttrNode(n); a != nil {
			start, end = audit.AttrRange(a)
			return v, start, end
		}
	}
	el := e.Root
	if m := e.Root.Child("memoValue"); m != nil {
		el = m
	}
	return v, el.Start, el.Start + 1 + int64(len(el.Name))
}

// BuiltinExtension returns the schema a live (not deleted) extension of
// a reserved-namespace schema extends.
func BuiltinExtension(root *xmltree.Element) (string, bool) {
	target, _ := Extended(root)
	tns, _, _ := strings.Cut(target, ":")
	if target == "" || !IsReserved(tns) || Deleted(root) {
		return "", false
	}
	return target, true
}

// IsReference reports whether an entity element only reconciles with an
// existing object (_operation="none") rather than carrying its content.
func IsReference(el *xmltree.Element) bool {
	return strings.EqualFold(strings.TrimSpace(el.AttrValue("_operation")), "none")
}
