package rules

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
		m := srvParseMask(c.in)
		if m.all != c.all || m.ok != c.ok || m.public() != c.public || m.broad() != c.broad || m.narrow() != c.narrow {
			t.Errorf("%q: all=%v ok=%v public=%v broad=%v narrow=%v", c.in, m.all, m.ok, m.public(), m.broad(), m.narrow())
		}
	}
	if !srvParseMask("127.0.0.1/16").contains(netip.MustParseAddr("127.0.200.1")) {
		t.Error("127.0.0.1/16 must contain 127.0.200.1")
	}
	if srvParseMask("10.0.0.0/8").contains(netip.MustParseAddr("::1")) {
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
		if got := srvGlob(c.pattern, c.url); got != c.want {
			t.Errorf("srvGlob(%q, %q) = %v", c.pattern, c.url, got)
		}
	}
}

func TestSrvCSSRefs(t *testing.T) {
	css := `/* #old */ #a, .b #c > d { color: #fff; background: url(x.png#y) }
@media screen and (max-width: 600px) { #m { display: none } }
@font-face { font-family: x; src: url(f.woff#iefix) }
a[href="#skip"] { }`
	var got []string
	for _, r := range srvCSSRefs(css) {
		got = append(got, css[r[0]:r[1]])
	}
	want := []string{"a", "c", "m"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestSrvLiteralTokens(t *testing.T) {
	for _, c := range []struct {
		text, value, path string
	}{
		{"/view/recipientOverview?__sessiontoken=extranet", "extranet", "/view/recipientOverview"},
		{`href="https://h/view/x?lang=en&amp;__sessiontoken=p1">`, "p1", "/view/x"},
		{"/x?__SessionToken=crm%2Fpwd&y=1", "crm/pwd", "/x"},
		{"/x?__sessiontoken=<%= document.controller.getSessionToken() %>", "", ""},
		{"/x?__sessiontoken=", "", ""},
		{"/x?__sessiontoken=$(token)", "", ""},
		{"<__sessiontoken xsi:type='xsd:string'/>", "", ""},
	} {
		toks := srvLiteralTokens(c.text)
		if c.value == "" {
			if len(toks) != 0 {
				t.Errorf("%q: unexpected token %q", c.text, toks[0].value)
			}
			continue
		}
		if len(toks) != 1 || toks[0].value != c.value || toks[0].urlPath != c.path {
			t.Errorf("%q: got %+v", c.text, toks)
		}
	}
}

func TestSrvHasFold(t *testing.T) {
	if !srvHasFold("a?__SessionToken=x", "__sessiontoken=") || srvHasFold("__sessiontoke", "__sessiontoken=") ||
		!srvHasFold("/xtk/css/DropDownMenu.css", "dropdownmenu.") || srvHasFold("", "x") {
		t.Error("srvHasFold")
	}
}
