package jsflow

import "github.com/acc-audit/acc-audit/audit/jsscan"

// TypeOf answers with the last assignment of each variable, which needs
// the scopes and assignments of the whole script (flow): most of what a
// rule asking about one receiver pays. Most receivers cannot be
// JavaScript objects whatever their variables hold, and a rule that
// reports only objects can tell so from the expression and the
// assignments of its names alone, without flow.
//
// MayBeObject returns a test over-approximating TypeOf(lo, hi, 0).Kind
// == Object: when the test returns false TypeOf cannot return an Object.
// It holds only where no value is a "deep" object (one whose members are
// objects as well): outside delivery personalisation, in a script that
// never names JSON. Elsewhere MayBeObject returns nil and the caller asks
// TypeOf.
func (c *Code) MayBeObject() func(lo, hi int) bool {
	if c.Kind == KindDelivery || holds(c.S, "JSON") {
		return nil
	}
	m := &may{c: c, vars: map[string]bool{}}
	return func(lo, hi int) bool { return m.rng(lo, hi, nil) }
}

// may holds the answers for the variables of one script: a variable's
// answer does not depend on where it is read, and the uses of a script
// mostly read the same few variables.
type may struct {
	c    *Code
	vars map[string]bool // variable name: may hold an Object
}

// rng is MayBeObject for tokens [lo, hi): like TypeOf, only one
// member chain has a type.
func (m *may) rng(lo, hi int, seen map[string]bool) bool {
	c := m.c
	if lo < 0 || hi <= lo {
		return false
	}
	var buf [8]step
	steps, end, ok := c.parseChain(buf[:], lo, hi)
	if !ok || end != hi {
		return false
	}
	return m.chain(steps, seen)
}

// chain follows chainType. Without deep objects a member or an
// index of an object is not an object, so every step after the first
// decides the type on its own; only a lone primary depends on what it
// names.
func (m *may) chain(steps []step, seen map[string]bool) bool {
	c := m.c
	s0 := steps[0]
	may := false
	// every step after the first sets may: what the first names
	// matters only when it stands alone
	switch kind := s0.Kind; {
	case len(steps) > 1:
	case kind == StepNew:
		may = s0.Name != "XML" && s0.Name != "XMLList"
	case kind == StepPrimary:
		switch tk := c.T[s0.At]; {
		case tk.Kind == jsscan.XML:
		case tk.Kind == jsscan.String, tk.Kind == jsscan.Number, tk.Kind == jsscan.Regex:
			may = true
		case s0.Name == "(":
			may = m.rng(c.Next(s0.Open), s0.close, seen)
		case s0.Name == "[", s0.Name == "{", s0.Name == "function":
			may = true
		case tk.Keyword:
		default:
			may = m.variable(tk.Text, seen)
		}
	}
	for k := 1; k < len(steps); k++ {
		st := steps[k]
		switch st.Kind {
		case StepMember:
			if k+1 < len(steps) && steps[k+1].Kind == StepCall {
				// methodType: objects come from text methods,
				// JSON.parse() and entity factories (ns.schema.load())
				n := st.Name
				may = textMethods[n] || k == 1 && n == "parse" ||
					k == 2 && (n == "load" || n == "get" || n == "create" || n == "getIfExists" || n == "loadIfExists")
				k++
				continue
			}
			may = false
		case StepAttr, stepFilter, stepIndex:
			may = false
		case StepCall:
			may = false
			if k == 1 && s0.Kind == StepPrimary {
				switch s0.Name {
				case "String", "Number", "parseInt", "parseFloat", "Boolean":
					may = true
				}
			}
		}
	}
	return may
}

// variable reports whether a variable may hold an Object (VarType): the
// globals of code outside delivery personalisation are never objects, so
// only its assignments can make one. It looks at every token that may be
// one of the assignments flow records for the name, whatever its scope.
func (m *may) variable(name string, seen map[string]bool) bool {
	if v, ok := m.vars[name]; ok {
		return v
	}
	if seen == nil {
		// A variable asked for by a use: its answer, once known, holds
		// for every use. Those of the variables it follows are kept
		// only when true: a cycle cut short below may answer false
		// for a variable that another path makes an object.
		v := m.variable(name, map[string]bool{})
		m.vars[name] = v
		return v
	}
	if seen[name] {
		return false // already being followed: a cycle makes no object
	}
	seen[name] = true
	v := m.assigns(name, seen)
	if v {
		m.vars[name] = true
	}
	return v
}

// assigns reports whether an assignment of name may make an Object.
func (m *may) assigns(name string, seen map[string]bool) bool {
	c := m.c
	t := c.T
	for p := range t {
		if t[p].Kind != jsscan.Ident || t[p].Keyword || t[p].Text != name {
			continue
		}
		if c.IsKeyword(c.Prev(p), "function") {
			return true // function name() {}: a function
		}
		n := c.Next(p)
		switch {
		case c.IsKeyword(n, "in"):
			// for (x in o) makes a key, a string; for each (x in o)
			// an element, never an object without deep objects
			open := c.Prev(p)
			if c.IsKeyword(open, "var") || c.IsKeyword(open, "let") || c.IsKeyword(open, "const") {
				open = c.Prev(open)
			}
			if e := c.Prev(open); !(c.Is(open, "(") && c.IsName(e) && t[e].Text == "each") {
				return true
			}
		case c.Is(n, "="):
			lo := c.Next(n)
			if m.rng(lo, c.ExprEnd(lo), seen) {
				return true
			}
		}
	}
	return false
}
