package conf

import (
	"net/netip"
	"strings"

	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// When a connection comes from an address listed in the proxy attribute of
// a sub-network, the server checks the X-Forwarded-For address instead;
// when it comes from an address inside the mask of a sub-network that does
// not list it as a proxy, the connection itself belongs to the zone. So a
// reverse proxy (or the web relay, which connects from 127.0.0.1) whose
// address lies in a trusted sub-network without being declared as its
// proxy makes every visitor look like a member of that zone.

// loopbacks are the addresses the web relay connects from.
var loopbacks = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")}

// proxySuggestion proposes a proxy attribute value.
func proxySuggestion(have []serverconf.Mask, hits []string) string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, h := range hits {
		if p, ok := strings.CutPrefix(h, "proxy "); ok {
			add(p)
		}
	}
	for _, m := range have {
		add(m.Raw)
	}
	add("127.0.0.1")
	add("::1")
	return strings.Join(out, ", ")
}
