package web

import (
	"testing"
)

func TestSrvCSSRefs(t *testing.T) {
	css := `/* #old */ #a, .b #c > d { color: #fff; background: url(x.png#y) }
@media screen and (max-width: 600px) { #m { display: none } }
@font-face { font-family: x; src: url(f.woff#iefix) }
a[href="#skip"] { }`
	var got []string
	for _, r := range cssRefs(css) {
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
