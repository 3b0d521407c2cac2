package js

import (
	"testing"

	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

func TestJSPlatformCommon(t *testing.T) {
	for ref, want := range map[string]bool{
		"xtk:common.js": true, "nms:common.js": true, "nms:common": true, "common.js": true,
		"/nl/core/common.js": true, "/xtk/js/common.js?v=2": true,
		"cus:common.js": false, "acme:common.js": false, "/cus/js/common.js": false,
		"https://cdn.example.com/common.js": false, "xtk:commons.js": false, "nms:common.jsx": false,
	} {
		if _, got := jsPlatformCommon(ref); got != want {
			t.Errorf("jsPlatformCommon(%q) = %v, want %v", ref, got, want)
		}
	}
}

func TestJSURLAllowed(t *testing.T) {
	entries := []serverconf.URLEntry{{DNSSuffix: "partner.com", URLRegEx: `https://api\.partner\.com/v1/.*`},
		{DNSSuffix: "abc.company1.com", URLRegEx: ".*"}, {DNSSuffix: "bad.example", URLRegEx: "(?<=x)"}}
	for _, c := range []struct {
		url    string
		prefix bool
		want   bool
	}{
		{"https://api.partner.com/v1/orders", false, true},
		{"https://api.partner.com/v2/orders", false, false},
		{"https://api.partner.com/v2/", true, true},
		{"https://x.abc.company1.com/anything", false, true},
		{"https://bad.example/x", false, true},
		{"https://other.org/", false, false},
	} {
		host, _ := serverconf.URLHost(c.url, c.prefix)
		if got := jsURLAllowed(entries, c.url, host, c.prefix); got != c.want {
			t.Errorf("jsURLAllowed(%q) = %v, want %v", c.url, got, c.want)
		}
	}
}
