package serverconf

import (
	"net/netip"
	"testing"
)

func TestSrvParseMask(t *testing.T) {
	for _, c := range []struct {
		in                             string
		all, ok, public, broad, narrow bool
	}{
		{"*", true, false, true, true, false},
		{"0.0.0.0/0", true, true, true, true, false},
		{"192.168.0.0/16", false, true, false, false, false},
		{"127.0.0.1/16", false, true, false, false, false}, // documented, not canonical
		{"10.131.193.182", false, true, false, false, true},
		{"203.0.113.0/24", false, true, true, false, true},
		{"198.51.0.0/16", false, true, true, false, false},
		{"62.0.0.0/8", false, true, true, true, false},
		{"0.0.0.0/1", false, true, true, true, false},
		{"192.168.*.*", false, true, false, false, false},
		{"fc00::/7", false, true, false, false, false},
		{"::1/128", false, true, false, false, true},
		{"2001:db8::/16", false, true, true, true, false},
		{"a.b.c.d/xx", false, false, false, false, false},
		{"", false, false, false, false, false},
	} {
		m := parseMask(c.in)
		if m.All != c.all || m.Ok != c.ok || m.Public() != c.public || m.Broad() != c.broad || m.Narrow() != c.narrow {
			t.Errorf("%q: all=%v ok=%v public=%v broad=%v narrow=%v", c.in, m.All, m.Ok, m.Public(), m.Broad(), m.Narrow())
		}
	}
	if !parseMask("127.0.0.1/16").Contains(netip.MustParseAddr("127.0.200.1")) {
		t.Error("127.0.0.1/16 must contain 127.0.200.1")
	}
	if parseMask("10.0.0.0/8").Contains(netip.MustParseAddr("::1")) {
		t.Error("an IPv4 mask contains no IPv6 address")
	}
}

func TestSrvGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, url string
		want         bool
	}{
		{"*.jssp", "/cus/page.jssp", true},
		{"*/cus/page.jssp", "/cus/page.jssp", true},
		{"*/sc.jssp", "/nms/sc.jssp", true},
		{"/nl/jsp/*.jsp", "/nl/jsp/soaprouter.jsp", true},
		{"/webApp/pub*", "/webApp/pubForm", true},
		{"/webApp/pub*", "/webApp/private", false},
		{"*ooconv.jsp*", "/nl/jsp/ooconv.jsp?x=1", true},
		{"/favicon.*", "/favicon.ico", true},
		{"/jssp/*", "/cus/page.jssp", false},
		{"m.jsp", "/nl/jsp/m.jsp", false},
		{"/nl/jsp/?.jsp", "/nl/jsp/m.jsp", true},
	} {
		if got := Glob(c.pattern, c.url); got != c.want {
			t.Errorf("srvGlob(%q, %q) = %v", c.pattern, c.url, got)
		}
	}
}
