package dlv

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// The byte loops of DLV-005 find what its regexps find.
func TestURLLoopsMatchRegexps(t *testing.T) {
	cases := []string{
		"", `<a href="https://x">`, `<a HREF = 'http://x'>`, "src=\x01", "xsrc=a _href=b -action =\n\"c",
		"srcset=x", "ſrc=x https://", "HTTPS://a ftp://b http:://c xhttp://d https:/e httpſ://", "http://ftp://x",
		"hrefhref=", "href\v=x", "href\f=\f'x", "ftps://x", "Http://é", "éhttp://x", ":///", "action=",
	}
	r := rand.New(rand.NewSource(5))
	pieces := []string{"href", "SRC", "action", "=", " ", "\t", "\"", "'", "http", "s", "S", "ftp", "://", ":", "/", "x", "_", "é", "\x01", "\x02", "ſ"}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.Intn(10); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := urlAttrMatches(s), urlAttr.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("link attributes of %q: got %v, the regexp finds %v", s, got, want)
		}
		if got, want := urlSchemeMatches(s), urlScheme.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("schemes of %q: got %v, the regexp finds %v", s, got, want)
		}
	}
}
