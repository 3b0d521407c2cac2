package jsflow

import (
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// Where does a variable get its value? Campaign scripts are short, mostly
// straight-line code, so the rules answer with the last assignment that
// precedes the use in the text, within the function that declares the
// variable. Loops and branches make this an approximation; every rule that
// builds on it only reports what the approximation proves (a value made by
// `nms.recipient.get()` or `JSON.parse()`), never what it cannot tell.

type env struct {
	Scopes  []scope
	Assigns map[string][]assign
}

// A scope is the body of a function: its braces and the names it
// declares (parameters, var, let, const, inner function names).
type scope struct {
	lo, Hi int
	parent int
	names  map[string]bool
}

type assignKind uint8

const (
	AssignValue   assignKind = iota + 1 // x = value
	assignEach                          // for each (x in value)
	assignKey                           // for (x in value)
	assignUnknown                       // x += ..., catch (x)
	assignFunc                          // function x() {}
)

type assign struct {
	At     int // the name token
	Lo, Hi int // the value tokens
	Kind   assignKind
	scope  int
}

// flow returns the scopes and assignments of the script, computed once.
func (c *Code) flow() *env {
	if c.Env != nil {
		return c.Env
	}
	env := &env{}
	c.Env = env
	t := c.T
	// Function bodies first: declarations are attached to them.
	for i := range t {
		if !c.IsKeyword(i, "function") {
			continue
		}
		k := c.Next(i)
		if c.IsName(k) {
			k = c.Next(k)
		}
		if !c.Is(k, "(") || c.M(k) < 0 {
			continue
		}
		b := c.Next(c.M(k))
		if !c.Is(b, "{") || c.M(b) < 0 {
			continue
		}
		sc := scope{lo: b, Hi: c.M(b), parent: -1, names: map[string]bool{}}
		for p := c.Next(k); p >= 0 && p < c.M(k); p = c.Next(p) {
			if c.IsName(p) {
				sc.names[t[p].Text] = true
			}
		}
		env.Scopes = append(env.Scopes, sc)
	}
	for s := range env.Scopes {
		env.Scopes[s].parent = c.Innermost(env.Scopes[s].lo, s)
	}
	declare := func(name string, at int) {
		if s := c.Innermost(at, -1); s >= 0 {
			env.Scopes[s].names[name] = true
		}
	}
	// handled marks the name tokens already read as assigned or
	// declared (a slice: a map here was most of the cost of flow).
	handled := make([]bool, len(t))
	var pending []assign // scopes are resolved once every declaration is known
	add := func(a assign) {
		pending = append(pending, a)
		handled[a.At] = true
	}
	for i := range t {
		tk := &t[i]
		if tk.Kind != jsscan.Ident {
			continue
		}
		if tk.Keyword {
			switch tk.Text {
			case "var", "let", "const":
				for k := c.Next(i); c.IsName(k); {
					declare(t[k].Text, k)
					eq := c.Next(k)
					if !c.Is(eq, "=") {
						handled[k] = true
						if c.Is(eq, ",") {
							k = c.Next(eq)
							continue
						}
						break
					}
					lo := c.Next(eq)
					hi := c.ExprEnd(lo)
					add(assign{At: k, Lo: lo, Hi: hi, Kind: AssignValue})
					if !c.Is(hi, ",") {
						break
					}
					k = c.Next(hi)
				}
			case "function":
				if n := c.Next(i); c.IsName(n) {
					declare(t[n].Text, i)
					add(assign{At: n, Lo: i, Hi: c.End(i), Kind: assignFunc})
				}
			case "for":
				open := c.Next(i)
				each := false
				if c.IsName(open) && t[open].Text == "each" {
					each = true
					open = c.Next(open)
				}
				if !c.Is(open, "(") || c.M(open) < 0 {
					continue
				}
				n := c.Next(open)
				if c.IsKeyword(n, "var") || c.IsKeyword(n, "let") || c.IsKeyword(n, "const") {
					n = c.Next(n)
					if c.IsName(n) {
						declare(t[n].Text, n)
					}
				}
				in := c.Next(n)
				if !c.IsName(n) || !c.IsKeyword(in, "in") {
					continue
				}
				kind := assignKey
				if each {
					kind = assignEach
				}
				add(assign{At: n, Lo: c.Next(in), Hi: c.M(open), Kind: kind})
			case "catch":
				open := c.Next(i)
				if n := c.Next(open); c.Is(open, "(") && c.IsName(n) {
					declare(t[n].Text, n)
					add(assign{At: n, Lo: -1, Hi: -1, Kind: assignUnknown})
				}
			}
			continue
		}
		if handled[i] || c.IsMember(i) {
			continue
		}
		op := c.Next(i)
		if op < 0 || t[op].Kind != jsscan.Punct {
			continue
		}
		switch op2 := t[op].Text; {
		case op2 == "=":
			lo := c.Next(op)
			add(assign{At: i, Lo: lo, Hi: c.ExprEnd(lo), Kind: AssignValue})
		case len(op2) >= 2 && op2[len(op2)-1] == '=' && op2 != "==" && op2 != "===" &&
			op2 != "!=" && op2 != "!==" && op2 != "<=" && op2 != ">=":
			add(assign{At: i, Lo: -1, Hi: -1, Kind: assignUnknown})
		}
	}
	for k := range pending {
		pending[k].scope = c.ScopeOf(t[pending[k].At].Text, pending[k].At)
	}
	// The assignments of each name are a run of one sorted slice (a
	// stable sort keeps them in the order found): an append per name
	// was most of what flow allocated.
	slices.SortStableFunc(pending, func(a, b assign) int { return strings.Compare(t[a.At].Text, t[b.At].Text) })
	runs := 0
	for k := range pending {
		if k == 0 || t[pending[k].At].Text != t[pending[k-1].At].Text {
			runs++
		}
	}
	env.Assigns = make(map[string][]assign, runs)
	for lo := 0; lo < len(pending); {
		name := t[pending[lo].At].Text
		hi := lo + 1
		for hi < len(pending) && t[pending[hi].At].Text == name {
			hi++
		}
		env.Assigns[name] = pending[lo:hi:hi]
		lo = hi
	}
	return env
}

// Innermost returns the innermost function scope whose body contains token
// index at (other than skip), or -1.
func (c *Code) Innermost(at, skip int) int {
	env := c.Env
	for s := len(env.Scopes) - 1; s >= 0; s-- {
		sc := env.Scopes[s]
		if s != skip && sc.lo < at && at < sc.Hi {
			return s
		}
	}
	return -1
}

// ScopeOf returns the scope that declares name as seen from token at, or
// -1 for a global.
func (c *Code) ScopeOf(name string, at int) int {
	env := c.flow()
	for s := c.Innermost(at, -1); s >= 0; s = env.Scopes[s].parent {
		if env.Scopes[s].names[name] {
			return s
		}
	}
	return -1
}

// LastAssign returns the assignment of name that reaches token at, and
// the declaring scope.
func (c *Code) LastAssign(name string, at int) (*assign, int) {
	env := c.flow()
	scope := c.ScopeOf(name, at)
	as := env.Assigns[name]
	for k := len(as) - 1; k >= 0; k-- {
		if as[k].At < at && as[k].scope == scope {
			return &as[k], scope
		}
	}
	return nil, scope
}

// SameFunction reports whether tokens a and b lie in the same function
// body (or both at top level).
func (c *Code) SameFunction(a, b int) bool {
	c.flow()
	return c.Innermost(a, -1) == c.Innermost(b, -1)
}

// Types, as far as the rules need them.
type typeKind uint8

const (
	Unknown typeKind = iota
	XMLValue
	Object // a JavaScript value that is not XML
)

type jsType struct {
	Kind typeKind
	deep bool   // its members are JavaScript values as well
	What string // how it was made, for messages
}

var unknownType = jsType{}

// TypeOf returns the type of the expression in tokens [lo, hi) when it is
// one member chain.
func (c *Code) TypeOf(lo, hi, guard int) jsType {
	if lo < 0 || hi <= lo || guard > 40 {
		return unknownType
	}
	var buf [8]step
	steps, end, ok := c.parseChain(buf[:], lo, hi)
	if !ok || end != hi {
		return unknownType
	}
	ch := chain{Steps: steps, lo: lo, End: end}
	return c.chainType(&ch, len(ch.Steps), guard)
}

// EntityNamespaces are the namespaces whose `ns.schema.load()` factories
// return JavaScript entity objects.
var EntityNamespaces = map[string]bool{"xtk": true, "nms": true, "ncm": true, "nl": true, "crm": true, "cus": true, "NLWS": true}

// xmlMethods return XML when called on XML; textMethods return strings or
// numbers.
var (
	xmlMethods = map[string]bool{
		"copy": true, "parent": true, "children": true, "child": true, "elements": true,
		"attributes": true, "attribute": true, "descendants": true, "comments": true, "text": true,
		"processingInstructions": true,
	}
	textMethods = map[string]bool{
		"toString": true, "toXMLString": true, "name": true, "localName": true, "length": true,
		"toUpperCase": true, "toLowerCase": true, "substring": true, "substr": true, "trim": true,
		"charAt": true, "indexOf": true, "lastIndexOf": true, "split": true, "join": true,
		"toFixed": true, "nodeKind": true,
	}
)

// chainType evaluates the first n steps of a chain.
func (c *Code) chainType(ch *chain, n, guard int) jsType {
	t := c.T
	var ty jsType
	s0 := ch.Steps[0]
	switch s0.Kind {
	case StepNew:
		if s0.Name == "XML" || s0.Name == "XMLList" {
			ty = jsType{Kind: XMLValue, What: "new " + s0.Name + "()"}
		} else {
			ty = jsType{Kind: Object, What: "an object made by new " + s0.Name + "()"}
		}
	case StepPrimary:
		tk := t[s0.At]
		switch {
		case tk.Kind == jsscan.XML:
			ty = jsType{Kind: XMLValue, What: "an E4X literal"}
		case tk.Kind == jsscan.String, tk.Kind == jsscan.Number, tk.Kind == jsscan.Regex:
			ty = jsType{Kind: Object, What: "a " + map[jsscan.Kind]string{jsscan.String: "string", jsscan.Number: "number", jsscan.Regex: "regular expression"}[tk.Kind]}
		case s0.Name == "(":
			ty = c.TypeOf(c.Next(s0.Open), s0.close, guard+1)
		case s0.Name == "[":
			ty = jsType{Kind: Object, What: "an array literal"}
		case s0.Name == "{":
			ty = jsType{Kind: Object, What: "an object literal"}
		case s0.Name == "function":
			ty = jsType{Kind: Object, What: "a function"}
		case tk.Keyword:
			ty = unknownType
		default:
			ty = c.VarType(tk.Text, s0.At, guard+1)
		}
	}
	for k := 1; k < n; k++ {
		st := ch.Steps[k]
		switch st.Kind {
		case StepMember:
			if k+1 < n && ch.Steps[k+1].Kind == StepCall {
				ty = c.methodType(ch, k, ty)
				k++
				continue
			}
			switch {
			case ty.Kind == XMLValue:
			case ty.Kind == Object && ty.deep:
			default:
				ty = unknownType
			}
		case StepAttr, stepFilter:
			if st.Kind == stepFilter || ty.Kind == XMLValue {
				ty = jsType{Kind: XMLValue, What: "XML"}
			} else {
				ty = unknownType
			}
		case stepIndex:
			if !(ty.Kind == XMLValue || ty.Kind == Object && ty.deep) {
				ty = unknownType
			}
		case StepCall:
			ty = unknownType
			if k == 1 && s0.Kind == StepPrimary && t[s0.At].Kind == jsscan.Ident && c.ScopeOf(s0.Name, s0.At) < 0 {
				switch s0.Name {
				case "XML", "XMLList":
					ty = jsType{Kind: XMLValue, What: s0.Name + "()"}
				case "String", "Number", "parseInt", "parseFloat", "Boolean":
					ty = jsType{Kind: Object, What: "the value of " + s0.Name + "()"}
				}
			}
		}
	}
	return ty
}

// methodType is the type of the call of method steps[k] on a receiver of
// type recv.
func (c *Code) methodType(ch *chain, k int, recv jsType) jsType {
	m := ch.Steps[k].Name
	switch {
	case m == "ExecuteQuery":
		return jsType{Kind: XMLValue, What: "the result of ExecuteQuery()"}
	case recv.Kind == XMLValue && xmlMethods[m]:
		return jsType{Kind: XMLValue, What: "XML"}
	case textMethods[m]:
		return jsType{Kind: Object, What: "the value of " + m + "()"}
	}
	if k == 1 && ch.Steps[0].Kind == StepPrimary && c.T[ch.Steps[0].At].Kind == jsscan.Ident {
		root := ch.Steps[0].Name
		if root == "JSON" && m == "parse" && c.ScopeOf(root, ch.Steps[0].At) < 0 {
			return jsType{Kind: Object, deep: true, What: "an object made by JSON.parse()"}
		}
	}
	if k == 2 && ch.Steps[0].Kind == StepPrimary && c.T[ch.Steps[0].At].Kind == jsscan.Ident {
		root := ch.Steps[0].Name
		if EntityNamespaces[root] && c.ScopeOf(root, ch.Steps[0].At) < 0 {
			if a, _ := c.LastAssign(root, ch.Steps[0].At); a == nil {
				switch m {
				case "load", "get", "create", "getIfExists", "loadIfExists":
					return jsType{Kind: Object, What: "a JavaScript entity made by " + root + "." + ch.Steps[1].Name + "." + m + "()"}
				}
			}
		}
	}
	return unknownType
}

// Personalisation describes the objects delivery content is
// personalised with.
const Personalisation = "personalisation data, a JavaScript object"

// personalisationObjects are the JavaScript objects delivery content is
// personalised with.
var personalisationObjects = map[string]bool{
	"recipient": true, "delivery": true, "message": true, "provider": true, "targetData": true,
}

// VarType is the type of variable name as read at token at.
func (c *Code) VarType(name string, at, guard int) jsType {
	if guard > 40 {
		return unknownType
	}
	a, scope := c.LastAssign(name, at)
	if a == nil {
		if scope >= 0 {
			return unknownType
		}
		return c.globalType(name)
	}
	switch a.Kind {
	case AssignValue:
		return c.TypeOf(a.Lo, a.Hi, guard+1)
	case assignEach:
		ty := c.TypeOf(a.Lo, a.Hi, guard+1)
		if ty.Kind == XMLValue || ty.Kind == Object && ty.deep {
			return ty
		}
	case assignKey:
		return jsType{Kind: Object, What: "a for-in key (a string)"}
	case assignFunc:
		return jsType{Kind: Object, What: "a function"}
	}
	return unknownType
}

// globalType is the type of a name the script uses without declaring it:
// the objects Campaign provides to the code of each context.
func (c *Code) globalType(name string) jsType {
	switch c.Kind {
	case KindDelivery:
		if personalisationObjects[name] {
			return jsType{Kind: Object, deep: true, What: Personalisation}
		}
		if name == "content" {
			return jsType{Kind: XMLValue, What: "the content document"}
		}
	case kindJST:
		if name == "content" {
			return jsType{Kind: XMLValue, What: "the content document"}
		}
	case KindWebApp, KindReport:
		if name == "ctx" {
			return jsType{Kind: XMLValue, What: "the web application context"}
		}
	}
	return unknownType
}
