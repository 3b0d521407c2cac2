package jsflow

import (
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// A step is one link of a member chain.
type step struct {
	Kind  stepKind
	Name  string // property, attribute or method name
	At    int    // first token of the step
	Open  int    // "(" or "[" of a call or an index
	close int    // its matching token
}

type stepKind uint8

const (
	StepPrimary stepKind = iota + 1
	StepNew              // new X(...): name is X's last identifier
	StepMember           // .name or ..name
	StepAttr             // .@name, .@[...], .@*, ..@name
	stepIndex            // [...]
	StepCall             // (...)
	stepFilter           // .( ... )
)

// A chain is a primary expression with its member, index and call
// suffixes: `xtk.queryDef.create(q).ExecuteQuery().recipient[0]`.
type chain struct {
	Steps []step
	lo    int // first token
	End   int // index after the last token (len(t) at the end)
}

// Chain parses the chain starting at i, not past stop (an index, or -1 for
// no limit). It returns nil when no primary expression starts at i.
func (c *Code) Chain(i, stop int) *chain {
	steps, end, ok := c.parseChain(nil, i, stop)
	if !ok {
		return nil
	}
	return &chain{Steps: steps, lo: i, End: end}
}

// parseChain is Chain appending the steps to buf[:0], returning them and
// the chain's end: type inference parses a chain per use of a variable,
// and steps in a buffer on its stack cost no allocation.
func (c *Code) parseChain(buf []step, i, stop int) (steps []step, end int, ok bool) {
	if stop < 0 {
		stop = len(c.T)
	}
	if i < 0 || i >= stop {
		return nil, 0, false
	}
	ch := struct{ Steps []step }{buf[:0]}
	t := c.T
	j := -1
	switch tk := &t[i]; {
	case tk.Kind == jsscan.Ident && tk.Keyword:
		switch tk.Text {
		case "new":
			k := c.Next(i)
			if !c.IsName(k) {
				return nil, 0, false
			}
			name := t[k].Text
			k2 := c.End(k)
			for c.Is(k2, ".") && c.IsName(c.Next(k2)) {
				k = c.Next(k2)
				name = t[k].Text
				k2 = c.End(k)
			}
			step := step{Kind: StepNew, Name: name, At: i, Open: -1, close: -1}
			if c.Is(k2, "(") && c.M(k2) > k2 && c.M(k2) < stop {
				step.Open, step.close = k2, c.M(k2)
				k2 = c.End(c.M(k2))
			}
			ch.Steps = append(ch.Steps, step)
			j = k2
		case "this", "null", "true", "false":
			ch.Steps = append(ch.Steps, step{Kind: StepPrimary, Name: tk.Text, At: i})
			j = c.End(i)
		case "function":
			k := c.Next(i)
			if c.IsName(k) {
				k = c.Next(k)
			}
			if !c.Is(k, "(") || c.M(k) < 0 {
				return nil, 0, false
			}
			b := c.Next(c.M(k))
			if !c.Is(b, "{") || c.M(b) < 0 {
				return nil, 0, false
			}
			ch.Steps = append(ch.Steps, step{Kind: StepPrimary, Name: "function", At: i})
			j = c.End(c.M(b))
		default:
			return nil, 0, false
		}
	case tk.Kind == jsscan.Ident, tk.Kind == jsscan.XML, tk.Kind == jsscan.String,
		tk.Kind == jsscan.Number, tk.Kind == jsscan.Regex:
		ch.Steps = append(ch.Steps, step{Kind: StepPrimary, Name: tk.Text, At: i})
		j = c.End(i)
	case tk.Kind == jsscan.Punct && (tk.Text == "(" || tk.Text == "[" || tk.Text == "{"):
		m := c.M(i)
		if m < 0 || m >= stop {
			return nil, 0, false
		}
		ch.Steps = append(ch.Steps, step{Kind: StepPrimary, Name: tk.Text, At: i, Open: i, close: m})
		j = c.End(m)
	default:
		return nil, 0, false
	}
	for j >= 0 && j < stop {
		tk := &t[j]
		if tk.Kind != jsscan.Punct {
			break
		}
		switch tk.Text {
		case ".", "..":
			k := c.Next(j)
			switch {
			case k >= stop || k < 0:
			case t[k].Kind == jsscan.Ident:
				ch.Steps = append(ch.Steps, step{Kind: StepMember, Name: t[k].Text, At: j})
				j = c.End(k)
				continue
			case c.Is(k, "@"):
				a := c.Next(k)
				switch {
				case a < 0 || a >= stop:
				case t[a].Kind == jsscan.Ident || c.Is(a, "*"):
					ch.Steps = append(ch.Steps, step{Kind: StepAttr, Name: t[a].Text, At: j, Open: -1, close: a})
					j = c.End(a)
					continue
				case c.Is(a, "[") && c.M(a) > a && c.M(a) < stop:
					name := ""
					if s := c.Next(a); s >= 0 && t[s].Kind == jsscan.String && c.Next(s) == c.M(a) {
						name = t[s].Value
					}
					ch.Steps = append(ch.Steps, step{Kind: StepAttr, Name: name, At: j, Open: a, close: c.M(a)})
					j = c.End(c.M(a))
					continue
				}
			case c.Is(k, "(") && c.M(k) > k && c.M(k) < stop:
				ch.Steps = append(ch.Steps, step{Kind: stepFilter, At: j, Open: k, close: c.M(k)})
				j = c.End(c.M(k))
				continue
			case c.Is(k, "*"):
				ch.Steps = append(ch.Steps, step{Kind: StepMember, Name: "*", At: j})
				j = c.End(k)
				continue
			}
		case "[", "(":
			m := c.M(j)
			if m > j && m < stop {
				kind := stepIndex
				if tk.Text == "(" {
					kind = StepCall
				}
				ch.Steps = append(ch.Steps, step{Kind: kind, At: j, Open: j, close: m})
				j = c.End(m)
				continue
			}
		}
		break
	}
	if j < 0 {
		j = len(t)
	}
	return ch.Steps, j, true
}

// ChainStart walks back from the last token of an expression (an
// identifier, a literal, or a closing bracket) to the first token of its
// member chain.
func (c *Code) ChainStart(k int) int {
	t := c.T
	for k >= 0 {
		first := k
		if t[k].Kind == jsscan.Punct {
			if t[k].Text != ")" && t[k].Text != "]" {
				return -1
			}
			first = c.M(k)
			if first < 0 {
				return -1
			}
			if t[k].Text == "]" {
				// x.@["a"]: the bracket belongs to the attribute step
				if p := c.Prev(first); c.Is(p, "@") {
					first = p
				}
			}
		} else if c.Is(c.Prev(k), "@") || c.Is(c.Prev(k), "::") {
			first = c.Prev(k)
		}
		p := c.Prev(first)
		switch {
		case p < 0:
			return first
		case c.Is(p, ".") || c.Is(p, ".."):
			k = c.Prev(p)
			if k < 0 {
				return -1
			}
			continue
		case c.IsKeyword(p, "new"):
			return p
		case t[first].Kind == jsscan.Punct && (t[first].Text == "(" || t[first].Text == "["):
			// a call or an index continues the chain of what precedes it;
			// after an operator it is a parenthesised expression or an
			// array literal
			if t[p].Kind == jsscan.Ident && !t[p].Keyword || t[p].Kind == jsscan.XML ||
				c.Is(p, ")") || c.Is(p, "]") || c.IsKeyword(p, "this") {
				k = p
				continue
			}
			return first
		}
		return first
	}
	return -1
}
