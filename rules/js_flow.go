package rules

import (
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// Where does a variable get its value? Campaign scripts are short, mostly
// straight-line code, so the rules answer with the last assignment that
// precedes the use in the text, within the function that declares the
// variable. Loops and branches make this an approximation; every rule that
// builds on it only reports what the approximation proves (a value made by
// `nms.recipient.get()` or `JSON.parse()`), never what it cannot tell.

type jsEnv struct {
	scopes  []jsScope
	assigns map[string][]jsAssign
}

// A jsScope is the body of a function: its braces and the names it
// declares (parameters, var, let, const, inner function names).
type jsScope struct {
	lo, hi int
	parent int
	names  map[string]bool
}

type jsAssignKind uint8

const (
	assignValue   jsAssignKind = iota + 1 // x = value
	assignEach                            // for each (x in value)
	assignKey                             // for (x in value)
	assignUnknown                         // x += ..., catch (x)
	assignFunc                            // function x() {}
)

type jsAssign struct {
	at     int // the name token
	lo, hi int // the value tokens
	kind   jsAssignKind
	scope  int
}

// flow returns the scopes and assignments of the script, computed once.
func (c *jsCode) flow() *jsEnv {
	if c.env != nil {
		return c.env
	}
	env := &jsEnv{assigns: map[string][]jsAssign{}}
	c.env = env
	t := c.t
	// Function bodies first: declarations are attached to them.
	for i := range t {
		if !c.isKeyword(i, "function") {
			continue
		}
		k := c.next(i)
		if c.isName(k) {
			k = c.next(k)
		}
		if !c.is(k, "(") || c.m(k) < 0 {
			continue
		}
		b := c.next(c.m(k))
		if !c.is(b, "{") || c.m(b) < 0 {
			continue
		}
		sc := jsScope{lo: b, hi: c.m(b), parent: -1, names: map[string]bool{}}
		for p := c.next(k); p >= 0 && p < c.m(k); p = c.next(p) {
			if c.isName(p) {
				sc.names[t[p].Text] = true
			}
		}
		env.scopes = append(env.scopes, sc)
	}
	for s := range env.scopes {
		env.scopes[s].parent = c.innermost(env.scopes[s].lo, s)
	}
	declare := func(name string, at int) {
		if s := c.innermost(at, -1); s >= 0 {
			env.scopes[s].names[name] = true
		}
	}
	handled := map[int]bool{}
	var pending []jsAssign // scopes are resolved once every declaration is known
	add := func(a jsAssign) {
		pending = append(pending, a)
		handled[a.at] = true
	}
	for i := range t {
		tk := t[i]
		if tk.Kind != jsscan.Ident {
			continue
		}
		if tk.Keyword {
			switch tk.Text {
			case "var", "let", "const":
				for k := c.next(i); c.isName(k); {
					declare(t[k].Text, k)
					eq := c.next(k)
					if !c.is(eq, "=") {
						handled[k] = true
						if c.is(eq, ",") {
							k = c.next(eq)
							continue
						}
						break
					}
					lo := c.next(eq)
					hi := c.exprEnd(lo)
					add(jsAssign{at: k, lo: lo, hi: hi, kind: assignValue})
					if !c.is(hi, ",") {
						break
					}
					k = c.next(hi)
				}
			case "function":
				if n := c.next(i); c.isName(n) {
					declare(t[n].Text, i)
					add(jsAssign{at: n, lo: i, hi: c.end(i), kind: assignFunc})
				}
			case "for":
				open := c.next(i)
				each := false
				if c.isName(open) && t[open].Text == "each" {
					each = true
					open = c.next(open)
				}
				if !c.is(open, "(") || c.m(open) < 0 {
					continue
				}
				n := c.next(open)
				if c.isKeyword(n, "var") || c.isKeyword(n, "let") || c.isKeyword(n, "const") {
					n = c.next(n)
					if c.isName(n) {
						declare(t[n].Text, n)
					}
				}
				in := c.next(n)
				if !c.isName(n) || !c.isKeyword(in, "in") {
					continue
				}
				kind := assignKey
				if each {
					kind = assignEach
				}
				add(jsAssign{at: n, lo: c.next(in), hi: c.m(open), kind: kind})
			case "catch":
				open := c.next(i)
				if n := c.next(open); c.is(open, "(") && c.isName(n) {
					declare(t[n].Text, n)
					add(jsAssign{at: n, lo: -1, hi: -1, kind: assignUnknown})
				}
			}
			continue
		}
		if handled[i] || c.isMember(i) {
			continue
		}
		op := c.next(i)
		if op < 0 || t[op].Kind != jsscan.Punct {
			continue
		}
		switch op2 := t[op].Text; {
		case op2 == "=":
			lo := c.next(op)
			add(jsAssign{at: i, lo: lo, hi: c.exprEnd(lo), kind: assignValue})
		case len(op2) >= 2 && op2[len(op2)-1] == '=' && op2 != "==" && op2 != "===" &&
			op2 != "!=" && op2 != "!==" && op2 != "<=" && op2 != ">=":
			add(jsAssign{at: i, lo: -1, hi: -1, kind: assignUnknown})
		}
	}
	for _, a := range pending {
		name := t[a.at].Text
		a.scope = c.scopeOf(name, a.at)
		env.assigns[name] = append(env.assigns[name], a)
	}
	return env
}

// innermost returns the innermost function scope whose body contains token
// index at (other than skip), or -1.
func (c *jsCode) innermost(at, skip int) int {
	env := c.env
	for s := len(env.scopes) - 1; s >= 0; s-- {
		sc := env.scopes[s]
		if s != skip && sc.lo < at && at < sc.hi {
			return s
		}
	}
	return -1
}

// scopeOf returns the scope that declares name as seen from token at, or
// -1 for a global.
func (c *jsCode) scopeOf(name string, at int) int {
	env := c.flow()
	for s := c.innermost(at, -1); s >= 0; s = env.scopes[s].parent {
		if env.scopes[s].names[name] {
			return s
		}
	}
	return -1
}

// lastAssign returns the assignment of name that reaches token at, and
// the declaring scope.
func (c *jsCode) lastAssign(name string, at int) (*jsAssign, int) {
	env := c.flow()
	scope := c.scopeOf(name, at)
	as := env.assigns[name]
	for k := len(as) - 1; k >= 0; k-- {
		if as[k].at < at && as[k].scope == scope {
			return &as[k], scope
		}
	}
	return nil, scope
}

// sameFunction reports whether tokens a and b lie in the same function
// body (or both at top level).
func (c *jsCode) sameFunction(a, b int) bool {
	c.flow()
	return c.innermost(a, -1) == c.innermost(b, -1)
}

// Types, as far as the rules need them.
type jsTypeKind uint8

const (
	jsUnknown jsTypeKind = iota
	jsXMLValue
	jsObject // a JavaScript value that is not XML
)

type jsType struct {
	kind jsTypeKind
	deep bool   // its members are JavaScript values as well
	what string // how it was made, for messages
}

var jsUnknownType = jsType{}

// typeOf returns the type of the expression in tokens [lo, hi) when it is
// one member chain.
func (c *jsCode) typeOf(lo, hi, guard int) jsType {
	if lo < 0 || hi <= lo || guard > 40 {
		return jsUnknownType
	}
	ch := c.chain(lo, hi)
	if ch == nil || ch.end != hi {
		return jsUnknownType
	}
	return c.chainType(ch, len(ch.steps), guard)
}

// entityNamespaces are the namespaces whose `ns.schema.load()` factories
// return JavaScript entity objects.
var entityNamespaces = map[string]bool{"xtk": true, "nms": true, "ncm": true, "nl": true, "crm": true, "cus": true, "NLWS": true}

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
func (c *jsCode) chainType(ch *jsChain, n, guard int) jsType {
	t := c.t
	var ty jsType
	s0 := ch.steps[0]
	switch s0.kind {
	case stepNew:
		if s0.name == "XML" || s0.name == "XMLList" {
			ty = jsType{kind: jsXMLValue, what: "new " + s0.name + "()"}
		} else {
			ty = jsType{kind: jsObject, what: "an object made by new " + s0.name + "()"}
		}
	case stepPrimary:
		tk := t[s0.at]
		switch {
		case tk.Kind == jsscan.XML:
			ty = jsType{kind: jsXMLValue, what: "an E4X literal"}
		case tk.Kind == jsscan.String, tk.Kind == jsscan.Number, tk.Kind == jsscan.Regex:
			ty = jsType{kind: jsObject, what: "a " + map[jsscan.Kind]string{jsscan.String: "string", jsscan.Number: "number", jsscan.Regex: "regular expression"}[tk.Kind]}
		case s0.name == "(":
			ty = c.typeOf(c.next(s0.open), s0.close, guard+1)
		case s0.name == "[":
			ty = jsType{kind: jsObject, what: "an array literal"}
		case s0.name == "{":
			ty = jsType{kind: jsObject, what: "an object literal"}
		case s0.name == "function":
			ty = jsType{kind: jsObject, what: "a function"}
		case tk.Keyword:
			ty = jsUnknownType
		default:
			ty = c.varType(tk.Text, s0.at, guard+1)
		}
	}
	for k := 1; k < n; k++ {
		st := ch.steps[k]
		switch st.kind {
		case stepMember:
			if k+1 < n && ch.steps[k+1].kind == stepCall {
				ty = c.methodType(ch, k, ty)
				k++
				continue
			}
			switch {
			case ty.kind == jsXMLValue:
			case ty.kind == jsObject && ty.deep:
			default:
				ty = jsUnknownType
			}
		case stepAttr, stepFilter:
			if st.kind == stepFilter || ty.kind == jsXMLValue {
				ty = jsType{kind: jsXMLValue, what: "XML"}
			} else {
				ty = jsUnknownType
			}
		case stepIndex:
			if !(ty.kind == jsXMLValue || ty.kind == jsObject && ty.deep) {
				ty = jsUnknownType
			}
		case stepCall:
			ty = jsUnknownType
			if k == 1 && s0.kind == stepPrimary && t[s0.at].Kind == jsscan.Ident && c.scopeOf(s0.name, s0.at) < 0 {
				switch s0.name {
				case "XML", "XMLList":
					ty = jsType{kind: jsXMLValue, what: s0.name + "()"}
				case "String", "Number", "parseInt", "parseFloat", "Boolean":
					ty = jsType{kind: jsObject, what: "the value of " + s0.name + "()"}
				}
			}
		}
	}
	return ty
}

// methodType is the type of the call of method steps[k] on a receiver of
// type recv.
func (c *jsCode) methodType(ch *jsChain, k int, recv jsType) jsType {
	m := ch.steps[k].name
	switch {
	case m == "ExecuteQuery":
		return jsType{kind: jsXMLValue, what: "the result of ExecuteQuery()"}
	case recv.kind == jsXMLValue && xmlMethods[m]:
		return jsType{kind: jsXMLValue, what: "XML"}
	case textMethods[m]:
		return jsType{kind: jsObject, what: "the value of " + m + "()"}
	}
	if k == 1 && ch.steps[0].kind == stepPrimary && c.t[ch.steps[0].at].Kind == jsscan.Ident {
		root := ch.steps[0].name
		if root == "JSON" && m == "parse" && c.scopeOf(root, ch.steps[0].at) < 0 {
			return jsType{kind: jsObject, deep: true, what: "an object made by JSON.parse()"}
		}
	}
	if k == 2 && ch.steps[0].kind == stepPrimary && c.t[ch.steps[0].at].Kind == jsscan.Ident {
		root := ch.steps[0].name
		if entityNamespaces[root] && c.scopeOf(root, ch.steps[0].at) < 0 {
			if a, _ := c.lastAssign(root, ch.steps[0].at); a == nil {
				switch m {
				case "load", "get", "create", "getIfExists", "loadIfExists":
					return jsType{kind: jsObject, what: "a JavaScript entity made by " + root + "." + ch.steps[1].name + "." + m + "()"}
				}
			}
		}
	}
	return jsUnknownType
}

// jsPersonalisation describes the objects delivery content is
// personalised with.
const jsPersonalisation = "personalisation data, a JavaScript object"

// personalisationObjects are the JavaScript objects delivery content is
// personalised with.
var personalisationObjects = map[string]bool{
	"recipient": true, "delivery": true, "message": true, "provider": true, "targetData": true,
}

// varType is the type of variable name as read at token at.
func (c *jsCode) varType(name string, at, guard int) jsType {
	if guard > 40 {
		return jsUnknownType
	}
	a, scope := c.lastAssign(name, at)
	if a == nil {
		if scope >= 0 {
			return jsUnknownType
		}
		return c.globalType(name)
	}
	switch a.kind {
	case assignValue:
		return c.typeOf(a.lo, a.hi, guard+1)
	case assignEach:
		ty := c.typeOf(a.lo, a.hi, guard+1)
		if ty.kind == jsXMLValue || ty.kind == jsObject && ty.deep {
			return ty
		}
	case assignKey:
		return jsType{kind: jsObject, what: "a for-in key (a string)"}
	case assignFunc:
		return jsType{kind: jsObject, what: "a function"}
	}
	return jsUnknownType
}

// globalType is the type of a name the script uses without declaring it:
// the objects Campaign provides to the code of each context.
func (c *jsCode) globalType(name string) jsType {
	switch c.kind {
	case kindDelivery:
		if personalisationObjects[name] {
			return jsType{kind: jsObject, deep: true, what: jsPersonalisation}
		}
		if name == "content" {
			return jsType{kind: jsXMLValue, what: "the content document"}
		}
	case kindJST:
		if name == "content" {
			return jsType{kind: jsXMLValue, what: "the content document"}
		}
	case kindWebApp, kindReport:
		if name == "ctx" {
			return jsType{kind: jsXMLValue, what: "the web application context"}
		}
	}
	return jsUnknownType
}
