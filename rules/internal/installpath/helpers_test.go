package installpath

import (
	"testing"
)

func TestOpsNL5Match(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"/usr/local/neolane/nl5/var/prod/", true},
		{"/usr/local/neolane/nl5", true},
		{"nl5/var/export.csv", true},
		{`C:\Program Files\Neolane v5\var\`, true},
		{"/usr/local/neolane/nl5.back/var", true},
		{"nl5", false},                  // a bare word is no path
		{"/exports/nl5.csv", false},     // a file named nl5
		{"/data/nl5-archive/", false},   // another directory
		{"Qm9uam91cm5l5nl5Zm9v", false}, // base64
		{"abc/nl5+xyz", false},          // base64 with a separator
		{"/usr/local/neolane/nl6/", false},
		{"migrated from Neolane v5", false},
	}
	for _, c := range cases {
		got := false
		for _, m := range NL5.FindAllStringIndex(c.text, -1) {
			got = got || Match(c.text, m[0], m[1])
		}
		if got != c.want {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}
