package web

import (
	"github.com/acc-audit/acc-audit/audit"
)

// hasCustomJS reports whether a web application carries JavaScript of
// its own: script activities, server code in pages, or browser scripts.
func hasCustomJS(p *audit.Pass) bool {
	for _, s := range p.Scripts() {
		if len(s.JS().Code()) > 0 {
			return true
		}
	}
	return false
}
