package report

import (
	"net/url"
	"testing"
)

func TestDisplayPathAndURI(t *testing.T) {
	opt := Options{BaseDir: "/repo", WorkDir: "/repo/sub"}
	tests := []struct {
		name     string
		path     string
		abs      bool
		uri      string
		uriIsAbs bool
	}{
		{"exports/a.xml", "sub/exports/a.xml", false, "sub/exports/a.xml", false},
		{"/repo/x/Clients à relancer.xml", "x/Clients à relancer.xml", false, "x/Clients%20%C3%A0%20relancer.xml", false},
		{"../other/b.xml", "other/b.xml", false, "other/b.xml", false},
		{"/elsewhere/c.xml", "/elsewhere/c.xml", true, "file:///elsewhere/c.xml", true},
		{"/repo/pkg.zip!/dir/e#1?.xml", "pkg.zip!/dir/e#1?.xml", false, "pkg.zip!/dir/e%231%3F.xml", false},
		{"/repo/c:weird.xml", "c:weird.xml", false, "c%3Aweird.xml", false},
		{"/repo/100%.xml", "100%.xml", false, "100%25.xml", false},
		{"<stdin>", "<stdin>", false, "%3Cstdin%3E", false},
	}
	for _, tt := range tests {
		p, abs := displayPath(tt.name, opt)
		if p != tt.path || abs != tt.abs {
			t.Errorf("displayPath(%q) = %q, %v; want %q, %v", tt.name, p, abs, tt.path, tt.abs)
		}
		a := sarifArtifact(tt.name, opt)
		if a.URI != tt.uri {
			t.Errorf("uri of %q = %q, want %q", tt.name, a.URI, tt.uri)
		}
		u, err := url.Parse(a.URI)
		if err != nil || u.IsAbs() != tt.uriIsAbs {
			t.Errorf("uri %q: parse %v, absolute %v", a.URI, err, u != nil && u.IsAbs())
			continue
		}
		if !tt.uriIsAbs && u.Path != tt.path {
			t.Errorf("uri %q decodes to %q, want %q", a.URI, u.Path, tt.path)
		}
	}
}
