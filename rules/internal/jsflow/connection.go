package jsflow

import (
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// ToExternalConnection reports whether the string literal token tok of
// script s is (part of) an argument of a method called on a connection
// to an external account: `application.getConnection("erp").query("…")`,
// or a variable holding such a connection (`var cnx =
// application.getConnection(vars.account); cnx.execute("…")`). The SQL of
// those calls runs on another database than Campaign's. getConnection()
// without an account name is the Campaign database, and a connection whose
// origin the script does not show (a parameter) is not one either: the
// answer is false whenever the destination cannot be told.
func ToExternalConnection(s *acc.Script, kind kind, tok jsscan.Token) bool {
	if !mayConnect(s) {
		return false // the cheap test: most scripts hold no connection at all
	}
	t := s.JS().Tokens
	i, ok := jsscan.TokenAt(t, tok.Start, 0)
	if !ok {
		return false
	}
	c := CodeOf(s, kind)
	if open := c.enclosingCall(i); open >= 0 {
		return c.externalReceiver(open)
	}
	// var sql = "SELECT …"; cnx.query(sql): every read of the variable
	// that this assignment reaches is inside the arguments of such a call
	// (a read elsewhere, sql += …, may send it anywhere).
	a := c.assignHolding(i)
	if a == nil {
		return false
	}
	name, reads := c.T[a.At].Text, 0
	for j := a.Hi; j < len(c.T); j++ {
		if c.T[j].Kind != jsscan.Ident || c.T[j].Text != name || !c.IsName(j) || c.IsMember(j) {
			continue
		}
		if r, _ := c.LastAssign(name, j); r != a {
			continue
		}
		if open := c.enclosingCall(j); open < 0 || !c.externalReceiver(open) {
			return false
		}
		reads++
	}
	return reads > 0
}

// externalReceiver reports whether the call whose "(" is at open is a
// method call on a connection to an external account.
func (c *Code) externalReceiver(open int) bool {
	// recv.method( … )
	m := c.Prev(open)
	dot := c.Prev(m)
	if !c.IsName(m) || !c.Is(dot, ".") {
		return false
	}
	recvEnd := c.Prev(dot)
	lo := c.ChainStart(recvEnd)
	if lo < 0 {
		return false
	}
	if lo == recvEnd && c.IsName(lo) {
		a, _ := c.LastAssign(c.T[lo].Text, lo)
		return a != nil && a.Kind == AssignValue && c.isExternalConnection(a.Lo, a.Hi)
	}
	return c.isExternalConnection(lo, c.End(recvEnd))
}

// assignHolding returns the assignment `name = …` whose value holds token
// i outside any bracket, or nil.
func (c *Code) assignHolding(i int) *assign {
	for k := c.Prev(i); k >= 0; k = c.Prev(k) {
		switch {
		case c.Is(k, ")") || c.Is(k, "]"):
			if c.M(k) < 0 {
				return nil
			}
			k = c.M(k)
		case c.Is(k, "="):
			n := c.Prev(k)
			if !c.IsName(n) {
				return nil
			}
			for x, as := range c.flow().Assigns[c.T[n].Text] {
				if as.At == n && as.Kind == AssignValue && as.Lo <= i && i < as.Hi {
					return &c.Env.Assigns[c.T[n].Text][x]
				}
			}
			return nil
		case c.T[k].Kind == jsscan.Punct && c.T[k].Text != "+" && c.T[k].Text != ".":
			return nil
		}
	}
	return nil
}

// enclosingCall returns the "(" of the innermost call whose argument list
// holds token i, or -1 when i is not inside parentheses at its statement.
func (c *Code) enclosingCall(i int) int {
	for k := c.Prev(i); k >= 0; k = c.Prev(k) {
		switch {
		case c.Is(k, ")") || c.Is(k, "]") || c.Is(k, "}"):
			if c.M(k) < 0 {
				return -1
			}
			k = c.M(k)
		case c.Is(k, "("):
			if c.M(k) > i {
				return k
			}
		case c.Is(k, "[") || c.Is(k, "{") || c.Is(k, ";"):
			return -1
		}
	}
	return -1
}

// isExternalConnection reports whether tokens [lo, hi) are a call of
// getConnection with an account name: an argument other than "", null or
// undefined.
func (c *Code) isExternalConnection(lo, hi int) bool {
	ch := c.Chain(lo, hi)
	if ch == nil || ch.End != hi || len(ch.Steps) < 2 {
		return false
	}
	call, name := ch.Steps[len(ch.Steps)-1], ch.Steps[len(ch.Steps)-2]
	if call.Kind != StepCall || name.Kind != StepMember || name.Name != "getConnection" {
		return false
	}
	args := c.Args(call.Open)
	if len(args) == 0 {
		return false
	}
	if v, ok := c.Literal(args[0]); ok && v == "" {
		return false
	}
	a := args[0]
	return !(c.End(a[0]) == a[1] && (c.IsKeyword(a[0], "null") || c.T[a[0]].Text == "undefined"))
}

type connectKey struct{}

// mayConnect reports whether script s names getConnection. The question
// comes for every SQL string of a script, and a search of a long script
// costs more than the memo.
func mayConnect(s *acc.Script) bool {
	return s.Memo(connectKey{}, func() any { return holds(s, "getConnection") }).(bool)
}
