package v8

import (
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// v8Receiver returns the name a method call at name token i is made on
// (session for xtk.session.Write), or "".
func v8Receiver(c *jsflow.Code, i int) string {
	dot := c.Prev(i)
	if !c.Is(dot, ".") {
		return ""
	}
	if r := c.Prev(dot); c.IsName(r) {
		return c.T[r].Text
	}
	return ""
}

// v8SessionReceivers are the names the session object is reached through.
var v8SessionReceivers = map[string]bool{"session": true, "xtkSession": true}
