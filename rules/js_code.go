package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// The JavaScript rules need more than a token search and less than a
// parser: they follow member chains (`query.ExecuteQuery().recipient[0]`),
// split call arguments, and ask where a variable got its value. jsCode
// gives them that over the comment-free tokens of one script. E4X literals
// are single tokens; the code of their {expressions} follows them in the
// token slice with a greater Depth, so every walk below stays at the depth
// it started from.

// jsCode is one script prepared for expression-level rules. Its tokens
// include comments, which every walk steps over (next, prev, end): a
// comment-free copy of a large script costs more than the skipping.
type jsCode struct {
	s     *acc.Script
	t     []jsscan.Token
	match []int32 // index of the matching bracket, -1 for other tokens
	kind  jsKind
	env   *jsEnv
}

func jsNewCode(s *acc.Script, kind jsKind) *jsCode {
	t := s.JS.Tokens
	c := &jsCode{s: s, t: t, match: make([]int32, len(t)), kind: kind}
	var stacks [][]int // open brackets by depth
	for i := range t {
		c.match[i] = -1
		if t[i].Kind != jsscan.Punct {
			continue
		}
		d := int(t[i].Depth)
		for len(stacks) <= d {
			stacks = append(stacks, nil)
		}
		switch t[i].Text {
		case "(", "[", "{":
			stacks[d] = append(stacks[d], i)
		case ")", "]", "}":
			st := stacks[d]
			if len(st) == 0 {
				continue
			}
			o := st[len(st)-1]
			if jsCloser(t[o].Text) != t[i].Text {
				continue
			}
			stacks[d] = st[:len(st)-1]
			c.match[o], c.match[i] = int32(i), int32(o)
		}
	}
	return c
}

// jsCodeKey keys the prepared view of a script in its memo.
type jsCodeKey struct{ kind jsKind }

// jsCodeOf returns the prepared view of a script, shared by the rules of
// its entity.
func jsCodeOf(s *acc.Script, kind jsKind) *jsCode {
	return s.Memo(jsCodeKey{kind}, func() any { return jsNewCode(s, kind) }).(*jsCode)
}

func jsCloser(open string) string {
	switch open {
	case "(":
		return ")"
	case "[":
		return "]"
	case "{":
		return "}"
	}
	return ""
}

// next returns the index of the token after i at the same depth, or -1
// when the code at that depth ends first.
func (c *jsCode) next(i int) int {
	if i < 0 || i >= len(c.t) {
		return -1
	}
	d := c.t[i].Depth
	for k := i + 1; k < len(c.t); k++ {
		switch {
		case c.t[k].Kind == jsscan.Comment:
		case c.t[k].Depth == d:
			return k
		case c.t[k].Depth < d:
			return -1
		}
	}
	return -1
}

// prev returns the index of the token before i at the same depth, or -1.
func (c *jsCode) prev(i int) int {
	if i <= 0 || i >= len(c.t) {
		return -1
	}
	d := c.t[i].Depth
	for k := i - 1; k >= 0; k-- {
		switch {
		case c.t[k].Kind == jsscan.Comment:
		case c.t[k].Depth == d:
			return k
		case c.t[k].Depth < d:
			return -1
		}
	}
	return -1
}

func (c *jsCode) is(i int, text string) bool {
	return i >= 0 && i < len(c.t) && c.t[i].Kind == jsscan.Punct && c.t[i].Text == text
}

// isName reports whether token i is an identifier that is not a reserved
// word.
func (c *jsCode) isName(i int) bool {
	return i >= 0 && i < len(c.t) && c.t[i].Kind == jsscan.Ident && !c.t[i].Keyword
}

func (c *jsCode) isKeyword(i int, word string) bool {
	return i >= 0 && i < len(c.t) && c.t[i].Kind == jsscan.Ident && c.t[i].Keyword && c.t[i].Text == word
}

// isMember reports whether the identifier at i is a property name (after
// "." or "..") rather than a variable.
func (c *jsCode) isMember(i int) bool {
	p := c.prev(i)
	return c.is(p, ".") || c.is(p, "..") || c.is(p, "::") || c.is(p, "@")
}

// end returns the index following token i at its depth, len(t) at the end.
func (c *jsCode) end(i int) int {
	if n := c.next(i); n >= 0 {
		return n
	}
	return len(c.t)
}

// A jsStep is one link of a member chain.
type jsStep struct {
	kind  jsStepKind
	name  string // property, attribute or method name
	at    int    // first token of the step
	open  int    // "(" or "[" of a call or an index
	close int    // its matching token
}

type jsStepKind uint8

const (
	stepPrimary jsStepKind = iota + 1
	stepNew                // new X(...): name is X's last identifier
	stepMember             // .name or ..name
	stepAttr               // .@name, .@[...], .@*, ..@name
	stepIndex              // [...]
	stepCall               // (...)
	stepFilter             // .( ... )
)

// A jsChain is a primary expression with its member, index and call
// suffixes: `xtk.queryDef.create(q).ExecuteQuery().recipient[0]`.
type jsChain struct {
	steps []jsStep
	lo    int // first token
	end   int // index after the last token (len(t) at the end)
}

// chain parses the chain starting at i, not past stop (an index, or -1 for
// no limit). It returns nil when no primary expression starts at i.
func (c *jsCode) chain(i, stop int) *jsChain {
	if stop < 0 {
		stop = len(c.t)
	}
	if i < 0 || i >= stop {
		return nil
	}
	ch := &jsChain{lo: i}
	t := c.t
	j := -1
	switch tk := t[i]; {
	case tk.Kind == jsscan.Ident && tk.Keyword:
		switch tk.Text {
		case "new":
			k := c.next(i)
			if !c.isName(k) {
				return nil
			}
			name := t[k].Text
			k2 := c.end(k)
			for c.is(k2, ".") && c.isName(c.next(k2)) {
				k = c.next(k2)
				name = t[k].Text
				k2 = c.end(k)
			}
			step := jsStep{kind: stepNew, name: name, at: i, open: -1, close: -1}
			if c.is(k2, "(") && c.m(k2) > k2 && c.m(k2) < stop {
				step.open, step.close = k2, c.m(k2)
				k2 = c.end(c.m(k2))
			}
			ch.steps = append(ch.steps, step)
			j = k2
		case "this", "null", "true", "false":
			ch.steps = append(ch.steps, jsStep{kind: stepPrimary, name: tk.Text, at: i})
			j = c.end(i)
		case "function":
			k := c.next(i)
			if c.isName(k) {
				k = c.next(k)
			}
			if !c.is(k, "(") || c.m(k) < 0 {
				return nil
			}
			b := c.next(c.m(k))
			if !c.is(b, "{") || c.m(b) < 0 {
				return nil
			}
			ch.steps = append(ch.steps, jsStep{kind: stepPrimary, name: "function", at: i})
			j = c.end(c.m(b))
		default:
			return nil
		}
	case tk.Kind == jsscan.Ident, tk.Kind == jsscan.XML, tk.Kind == jsscan.String,
		tk.Kind == jsscan.Number, tk.Kind == jsscan.Regex:
		ch.steps = append(ch.steps, jsStep{kind: stepPrimary, name: tk.Text, at: i})
		j = c.end(i)
	case tk.Kind == jsscan.Punct && (tk.Text == "(" || tk.Text == "[" || tk.Text == "{"):
		m := c.m(i)
		if m < 0 || m >= stop {
			return nil
		}
		ch.steps = append(ch.steps, jsStep{kind: stepPrimary, name: tk.Text, at: i, open: i, close: m})
		j = c.end(m)
	default:
		return nil
	}
	for j >= 0 && j < stop {
		tk := t[j]
		if tk.Kind != jsscan.Punct {
			break
		}
		switch tk.Text {
		case ".", "..":
			k := c.next(j)
			switch {
			case k >= stop || k < 0:
			case t[k].Kind == jsscan.Ident:
				ch.steps = append(ch.steps, jsStep{kind: stepMember, name: t[k].Text, at: j})
				j = c.end(k)
				continue
			case c.is(k, "@"):
				a := c.next(k)
				switch {
				case a < 0 || a >= stop:
				case t[a].Kind == jsscan.Ident || c.is(a, "*"):
					ch.steps = append(ch.steps, jsStep{kind: stepAttr, name: t[a].Text, at: j, open: -1, close: a})
					j = c.end(a)
					continue
				case c.is(a, "[") && c.m(a) > a && c.m(a) < stop:
					name := ""
					if s := c.next(a); s >= 0 && t[s].Kind == jsscan.String && c.next(s) == c.m(a) {
						name = t[s].Value
					}
					ch.steps = append(ch.steps, jsStep{kind: stepAttr, name: name, at: j, open: a, close: c.m(a)})
					j = c.end(c.m(a))
					continue
				}
			case c.is(k, "(") && c.m(k) > k && c.m(k) < stop:
				ch.steps = append(ch.steps, jsStep{kind: stepFilter, at: j, open: k, close: c.m(k)})
				j = c.end(c.m(k))
				continue
			case c.is(k, "*"):
				ch.steps = append(ch.steps, jsStep{kind: stepMember, name: "*", at: j})
				j = c.end(k)
				continue
			}
		case "[", "(":
			m := c.m(j)
			if m > j && m < stop {
				kind := stepIndex
				if tk.Text == "(" {
					kind = stepCall
				}
				ch.steps = append(ch.steps, jsStep{kind: kind, at: j, open: j, close: m})
				j = c.end(m)
				continue
			}
		}
		break
	}
	if j < 0 {
		j = len(t)
	}
	ch.end = j
	return ch
}

// chainStart walks back from the last token of an expression (an
// identifier, a literal, or a closing bracket) to the first token of its
// member chain.
func (c *jsCode) chainStart(k int) int {
	t := c.t
	for k >= 0 {
		first := k
		if t[k].Kind == jsscan.Punct {
			if t[k].Text != ")" && t[k].Text != "]" {
				return -1
			}
			first = c.m(k)
			if first < 0 {
				return -1
			}
			if t[k].Text == "]" {
				// x.@["a"]: the bracket belongs to the attribute step
				if p := c.prev(first); c.is(p, "@") {
					first = p
				}
			}
		} else if c.is(c.prev(k), "@") || c.is(c.prev(k), "::") {
			first = c.prev(k)
		}
		p := c.prev(first)
		switch {
		case p < 0:
			return first
		case c.is(p, ".") || c.is(p, ".."):
			k = c.prev(p)
			if k < 0 {
				return -1
			}
			continue
		case c.isKeyword(p, "new"):
			return p
		case t[first].Kind == jsscan.Punct && (t[first].Text == "(" || t[first].Text == "["):
			// a call or an index continues the chain of what precedes it;
			// after an operator it is a parenthesised expression or an
			// array literal
			if t[p].Kind == jsscan.Ident && !t[p].Keyword || t[p].Kind == jsscan.XML ||
				c.is(p, ")") || c.is(p, "]") || c.isKeyword(p, "this") {
				k = p
				continue
			}
			return first
		}
		return first
	}
	return -1
}

// args splits the arguments of the call whose "(" is at open into token
// ranges [lo, hi).
func (c *jsCode) args(open int) [][2]int {
	m := c.m(open)
	if m < 0 {
		return nil
	}
	var out [][2]int
	lo := c.next(open)
	if lo == m {
		return nil
	}
	for k := lo; k >= 0 && k < m; {
		if c.is(k, ",") {
			out = append(out, [2]int{lo, k})
			lo = c.next(k)
			k = lo
			continue
		}
		if mk := c.m(k); mk > k {
			k = c.end(mk)
			continue
		}
		k = c.end(k)
	}
	if lo >= 0 && lo < m {
		out = append(out, [2]int{lo, m})
	}
	return out
}

// exprEnd returns the end of the expression starting at lo: the first ",",
// ";" or unmatched closing bracket at its depth, or the start of the next
// statement on a new line.
func (c *jsCode) exprEnd(lo int) int {
	t := c.t
	prevEnds := false
	for k := lo; k >= 0 && k < len(t); {
		tk := t[k]
		if tk.Kind == jsscan.Punct {
			switch tk.Text {
			case ",", ";", ")", "]", "}":
				// groups opened inside the expression were skipped whole
				return k
			}
			if mk := c.m(k); mk > k {
				prevEnds = true
				k = c.end(mk)
				continue
			}
			prevEnds = tk.Text == "++" || tk.Text == "--"
			k = c.end(k)
			continue
		}
		if k > lo && tk.NLBefore && prevEnds {
			return k
		}
		prevEnds = !(tk.Kind == jsscan.Ident && tk.Keyword && !jsValueWord(tk.Text))
		k = c.end(k)
	}
	return len(t)
}

func jsValueWord(w string) bool {
	return w == "this" || w == "null" || w == "true" || w == "false"
}

// text returns the source of tokens [lo, hi) of a script, for messages,
// cut to a readable length.
func (c *jsCode) text(lo, hi int) string {
	if lo < 0 || lo >= len(c.t) || hi <= lo {
		return ""
	}
	last := hi - 1
	if last >= len(c.t) {
		last = len(c.t) - 1
	}
	s := c.s.JS.Src[c.t[lo].Start:c.t[last].End]
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// report reports tokens [lo, hi] (both included) of the script.
func (c *jsCode) span(lo, hi int) (int64, int64) {
	sp := c.s.JS.Span
	return sp.File(c.t[lo].Start), sp.File(c.t[hi].End-1) + 1
}

// calls calls fn for every call of a function or method named name:
// i is the name token, open its "(" and member whether it is called as a
// method (x.name()).
func (c *jsCode) calls(name string, fn func(i, open int, member bool)) {
	for i := range c.t {
		tk := c.t[i]
		if tk.Kind != jsscan.Ident || tk.Text != name {
			continue
		}
		open := c.next(i)
		if !c.is(open, "(") || c.m(open) < 0 {
			continue
		}
		member := c.isMember(i)
		if !member {
			if p := c.prev(i); c.isKeyword(p, "function") {
				continue // a declaration of a function of that name
			}
		}
		fn(i, open, member)
	}
}

// literal returns the value of an argument that is one string literal.
func (c *jsCode) literal(r [2]int) (string, bool) {
	if r[0] < 0 || c.t[r[0]].Kind != jsscan.String || c.end(r[0]) != r[1] {
		return "", false
	}
	return c.t[r[0]].Value, true
}

// concatParts splits an argument at its top-level "+" operators.
func (c *jsCode) concatParts(r [2]int) [][2]int {
	var out [][2]int
	lo := r[0]
	for k := r[0]; k >= 0 && k < r[1]; {
		if c.is(k, "+") {
			out = append(out, [2]int{lo, k})
			lo = c.end(k)
			k = lo
			continue
		}
		if mk := c.m(k); mk > k {
			k = c.end(mk)
			continue
		}
		k = c.end(k)
	}
	if lo >= 0 && lo < r[1] {
		out = append(out, [2]int{lo, r[1]})
	}
	return out
}

// declaresFunction reports whether the script declares a function name
// (function name(...) or name = function / name: function).
func (c *jsCode) declaresFunction(name string) bool {
	for i := range c.t {
		if c.t[i].Kind != jsscan.Ident || c.t[i].Text != name {
			continue
		}
		if c.isKeyword(c.prev(i), "function") {
			return true
		}
		n := c.next(i)
		if (c.is(n, "=") || c.is(n, ":")) && c.isKeyword(c.next(n), "function") {
			return true
		}
	}
	return false
}

// m returns the index of the bracket matching token i, or -1.
func (c *jsCode) m(i int) int { return int(c.match[i]) }
