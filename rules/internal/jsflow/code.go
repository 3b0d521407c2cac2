// Package jsflow is the JavaScript machinery of the rules: a prepared token
// view of each script (Code), member chains, scopes, assignments and a small
// type inference, the kinds of code by entity, and the libraries each entity
// loads.
package jsflow

import (
	"path"
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// PathText renders a path argument: literal pieces as written, the
// installation folder as $(XTK_INSTALL_DIR), anything else as "*".
func (c *Code) PathText(r [2]int, at int) string {
	var b strings.Builder
	for _, part := range c.ConcatParts(r) {
		if v, ok := c.Literal(part); ok {
			b.WriteString(v)
			continue
		}
		txt := c.Text(part[0], part[1])
		if strings.Contains(txt, "XTK_INSTALL_DIR") {
			b.WriteString("$(XTK_INSTALL_DIR)")
			continue
		}
		if c.IsName(part[0]) && c.End(part[0]) == part[1] {
			if a, _ := c.LastAssign(c.T[part[0]].Text, at); a != nil && a.Kind == AssignValue && a.Lo < at {
				if inner := c.PathText([2]int{a.Lo, a.Hi}, a.Lo); inner != "" && !strings.HasPrefix(inner, "*") {
					b.WriteString(inner)
					continue
				}
			}
		}
		b.WriteString("*")
	}
	return b.String()
}

// WriteDocuments returns the elements of a write document that may
// name a schema: the root, and the items of a collection.
func WriteDocuments(root *xmltree.Element) []*xmltree.Element {
	out := []*xmltree.Element{root}
	if strings.HasSuffix(root.Name, "-collection") {
		out = append(out, root.Elements()...)
	}
	return out
}

// XMLArgument returns the E4X literal an argument is, or holds through
// its last assignment, or -1.
func (c *Code) XMLArgument(r [2]int) int {
	if r[0] >= 0 && c.T[r[0]].Kind == jsscan.XML && c.End(r[0]) == r[1] {
		return r[0]
	}
	if c.IsName(r[0]) && c.End(r[0]) == r[1] {
		if a, _ := c.LastAssign(c.T[r[0]].Text, r[0]); a != nil && a.Kind == AssignValue &&
			a.Lo >= 0 && c.T[a.Lo].Kind == jsscan.XML && c.End(a.Lo) == a.Hi {
			return a.Lo
		}
	}
	return -1
}

// CommandName returns the program an execCommand argument starts with.
func (c *Code) CommandName(r [2]int, at int) string {
	v := ""
	if parts := c.ConcatParts(r); len(parts) > 0 {
		if s, ok := c.Literal(parts[0]); ok {
			v = s
		} else if c.IsName(parts[0][0]) && c.End(parts[0][0]) == parts[0][1] {
			// var cmd = 'gpg '; cmd += ...; execCommand(cmd)
			name := c.T[parts[0][0]].Text
			scope := c.ScopeOf(name, at)
			for _, a := range c.flow().Assigns[name] {
				if a.At < at && a.scope == scope && a.Kind == AssignValue {
					if ps := c.ConcatParts([2]int{a.Lo, a.Hi}); len(ps) > 0 {
						if s, ok := c.Literal(ps[0]); ok {
							v = s
						}
					}
					break
				}
			}
		}
	}
	f := strings.Fields(v)
	if len(f) == 0 {
		return ""
	}
	return path.Base(strings.ReplaceAll(strings.Trim(f[0], "\"'"), "\\", "/"))
}

// The JavaScript rules need more than a token search and less than a
// parser: they follow member chains (`query.ExecuteQuery().recipient[0]`),
// split call arguments, and ask where a variable got its value. jsCode
// gives them that over the comment-free tokens of one script. E4X literals
// are single tokens; the code of their {expressions} follows them in the
// token slice with a greater Depth, so every walk below stays at the depth
// it started from.

// Code is one script prepared for expression-level rules. Its tokens
// include comments, which every walk steps over (next, prev, end): a
// comment-free copy of a large script costs more than the skipping.
type Code struct {
	S *acc.Script
	T []jsscan.Token
	// match holds one more than the index of the matching bracket, 0 for
	// other tokens: a slice fresh from make needs no filling.
	match []int32
	Kind  kind
	Env   *env

	// declares caches DeclaresFunction: the rules ask it at every call
	// site of a name, and each answer is a walk over all the tokens.
	declares map[string]bool
}

func newCode(s *acc.Script, kind kind) *Code {
	t := s.JS().Tokens
	c := &Code{S: s, T: t, match: make([]int32, len(t)), Kind: kind}
	var stacks [][]int32 // open brackets by depth
	for i := range t {
		tk := &t[i]
		if tk.Kind != jsscan.Punct || len(tk.Text) != 1 {
			continue
		}
		b := tk.Text[0]
		if b != '(' && b != ')' && b != '[' && b != ']' && b != '{' && b != '}' {
			continue
		}
		d := int(tk.Depth)
		for len(stacks) <= d {
			stacks = append(stacks, nil)
		}
		switch b {
		case '(', '[', '{':
			stacks[d] = append(stacks[d], int32(i))
		default:
			st := stacks[d]
			if len(st) == 0 {
				continue
			}
			o := st[len(st)-1]
			if closer(t[o].Text[0]) != b {
				continue
			}
			stacks[d] = st[:len(st)-1]
			c.match[o], c.match[i] = int32(i)+1, o+1
		}
	}
	return c
}

// codeKey keys the prepared view of a script in its memo.
type codeKey struct{ kind kind }

// CodeOf returns the prepared view of a script, shared by the rules of
// its entity.
func CodeOf(s *acc.Script, kind kind) *Code {
	return s.Memo(codeKey{kind}, func() any { return newCode(s, kind) }).(*Code)
}

func closer(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// Next returns the index of the token after i at the same depth, or -1
// when the code at that depth ends first.
func (c *Code) Next(i int) int {
	if i < 0 || i >= len(c.T) {
		return -1
	}
	d := c.T[i].Depth
	for k := i + 1; k < len(c.T); k++ {
		switch {
		case c.T[k].Kind == jsscan.Comment:
		case c.T[k].Depth == d:
			return k
		case c.T[k].Depth < d:
			return -1
		}
	}
	return -1
}

// Prev returns the index of the token before i at the same depth, or -1.
func (c *Code) Prev(i int) int {
	if i <= 0 || i >= len(c.T) {
		return -1
	}
	d := c.T[i].Depth
	for k := i - 1; k >= 0; k-- {
		switch {
		case c.T[k].Kind == jsscan.Comment:
		case c.T[k].Depth == d:
			return k
		case c.T[k].Depth < d:
			return -1
		}
	}
	return -1
}

func (c *Code) Is(i int, text string) bool {
	return i >= 0 && i < len(c.T) && c.T[i].Kind == jsscan.Punct && c.T[i].Text == text
}

// IsName reports whether token i is an identifier that is not a reserved
// word.
func (c *Code) IsName(i int) bool {
	return i >= 0 && i < len(c.T) && c.T[i].Kind == jsscan.Ident && !c.T[i].Keyword
}

func (c *Code) IsKeyword(i int, word string) bool {
	return i >= 0 && i < len(c.T) && c.T[i].Kind == jsscan.Ident && c.T[i].Keyword && c.T[i].Text == word
}

// IsMember reports whether the identifier at i is a property name (after
// "." or "..") rather than a variable.
func (c *Code) IsMember(i int) bool {
	p := c.Prev(i)
	return c.Is(p, ".") || c.Is(p, "..") || c.Is(p, "::") || c.Is(p, "@")
}

// End returns the index following token i at its depth, len(t) at the end.
func (c *Code) End(i int) int {
	if n := c.Next(i); n >= 0 {
		return n
	}
	return len(c.T)
}

// Args splits the arguments of the call whose "(" is at open into token
// ranges [lo, hi).
func (c *Code) Args(open int) [][2]int {
	m := c.M(open)
	if m < 0 {
		return nil
	}
	var out [][2]int
	lo := c.Next(open)
	if lo == m {
		return nil
	}
	for k := lo; k >= 0 && k < m; {
		if c.Is(k, ",") {
			out = append(out, [2]int{lo, k})
			lo = c.Next(k)
			k = lo
			continue
		}
		if mk := c.M(k); mk > k {
			k = c.End(mk)
			continue
		}
		k = c.End(k)
	}
	if lo >= 0 && lo < m {
		out = append(out, [2]int{lo, m})
	}
	return out
}

// ExprEnd returns the end of the expression starting at lo: the first ",",
// ";" or unmatched closing bracket at its depth, or the start of the next
// statement on a new line.
func (c *Code) ExprEnd(lo int) int {
	t := c.T
	prevEnds := false
	for k := lo; k >= 0 && k < len(t); {
		tk := &t[k]
		if tk.Kind == jsscan.Punct {
			switch tk.Text {
			case ",", ";", ")", "]", "}":
				// groups opened inside the expression were skipped whole
				return k
			}
			if mk := c.M(k); mk > k {
				prevEnds = true
				k = c.End(mk)
				continue
			}
			prevEnds = tk.Text == "++" || tk.Text == "--"
			k = c.End(k)
			continue
		}
		if k > lo && tk.NLBefore && prevEnds {
			return k
		}
		prevEnds = !(tk.Kind == jsscan.Ident && tk.Keyword && !valueWord(tk.Text))
		k = c.End(k)
	}
	return len(t)
}

func valueWord(w string) bool {
	return w == "this" || w == "null" || w == "true" || w == "false"
}

// Text returns the source of tokens [lo, hi) of a script, for messages,
// cut to a readable length.
func (c *Code) Text(lo, hi int) string {
	if lo < 0 || lo >= len(c.T) || hi <= lo {
		return ""
	}
	last := hi - 1
	if last >= len(c.T) {
		last = len(c.T) - 1
	}
	s := c.S.Src()[c.T[lo].Start:c.T[last].End]
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// report reports tokens [lo, hi] (both included) of the script.
func (c *Code) Span(lo, hi int) (int64, int64) {
	sp := c.S.JS().Span
	return sp.File(c.T[lo].Start), sp.File(c.T[hi].End-1) + 1
}

// Calls calls fn for every call of a function or method named name:
// i is the name token, open its "(" and member whether it is called as a
// method (x.name()).
func (c *Code) Calls(name string, fn func(i, open int, member bool)) {
	// A token's text is a piece of the source: a name the source does
	// not hold is called nowhere, and the byte search is much cheaper
	// than the walk over the tokens.
	if !holds(c.S, name) {
		return
	}
	for i := c.nextIdent(name, 0); i >= 0; i = c.nextIdent(name, i+1) {
		open := c.Next(i)
		if !c.Is(open, "(") || c.M(open) < 0 {
			continue
		}
		member := c.IsMember(i)
		if !member {
			if p := c.Prev(i); c.IsKeyword(p, "function") {
				continue // a declaration of a function of that name
			}
		}
		fn(i, open, member)
	}
}

// nextIdent returns the index of the first identifier token named name
// at or after token from, or -1. A name is rare among the tokens of a
// script that holds it: the occurrences of its bytes in the source, each
// looked up among the tokens, are far fewer than the tokens a walk would
// read.
func (c *Code) nextIdent(name string, from int) int {
	if from >= len(c.T) || name == "" {
		return -1
	}
	src := c.S.Src()
	for off := c.T[from].Start; ; off++ {
		k := index(src[off:], name)
		if k < 0 {
			return -1
		}
		off += k
		i, ok := c.TokenAt(off, from)
		if i == len(c.T) {
			return -1
		}
		if tk := &c.T[i]; ok && tk.Kind == jsscan.Ident && tk.Text == name {
			return i
		}
		from = i
	}
}

// TokenAt is jsscan.TokenAt over the code's tokens.
func (c *Code) TokenAt(off, from int) (int, bool) { return jsscan.TokenAt(c.T, off, from) }

// Literal returns the value of an argument that is one string literal.
func (c *Code) Literal(r [2]int) (string, bool) {
	if r[0] < 0 || c.T[r[0]].Kind != jsscan.String || c.End(r[0]) != r[1] {
		return "", false
	}
	return c.T[r[0]].Value, true
}

// ConcatParts splits an argument at its top-level "+" operators.
func (c *Code) ConcatParts(r [2]int) [][2]int {
	var out [][2]int
	lo := r[0]
	for k := r[0]; k >= 0 && k < r[1]; {
		if c.Is(k, "+") {
			out = append(out, [2]int{lo, k})
			lo = c.End(k)
			k = lo
			continue
		}
		if mk := c.M(k); mk > k {
			k = c.End(mk)
			continue
		}
		k = c.End(k)
	}
	if lo >= 0 && lo < r[1] {
		out = append(out, [2]int{lo, r[1]})
	}
	return out
}

// DeclaresFunction reports whether the script declares a function name
// (function name(...) or name = function / name: function).
func (c *Code) DeclaresFunction(name string) bool {
	d, ok := c.declares[name]
	if !ok {
		d = c.declaresFunction(name)
		if c.declares == nil {
			c.declares = map[string]bool{}
		}
		c.declares[name] = d
	}
	return d
}

func (c *Code) declaresFunction(name string) bool {
	if !holds(c.S, name) {
		return false // see Calls
	}
	for i := c.nextIdent(name, 0); i >= 0; i = c.nextIdent(name, i+1) {
		if c.IsKeyword(c.Prev(i), "function") {
			return true
		}
		n := c.Next(i)
		if (c.Is(n, "=") || c.Is(n, ":")) && c.IsKeyword(c.Next(n), "function") {
			return true
		}
	}
	return false
}

// M returns the index of the bracket matching token i, or -1.
func (c *Code) M(i int) int { return int(c.match[i]) - 1 }
