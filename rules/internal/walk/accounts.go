package walk

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// Unquote removes the XTK string quotes a default value may keep
// ('auto') and surrounding spaces.
func Unquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '\'' && v[len(v)-1] == '\'' || v[0] == '"' && v[len(v)-1] == '"') {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

// AccountName names an external account for a message.
func AccountName(p *audit.Pass) string {
	r := p.Entity.Root
	s := "external account"
	if n := r.AttrValue("name"); n != "" {
		s += " \"" + n + "\""
	}
	if l := strings.TrimSpace(r.AttrValue("label")); l != "" {
		s += " (" + Shorten(l, 60) + ")"
	}
	return s
}
