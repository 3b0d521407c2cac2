package cli

import (
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-02T18:00:00Z"}, {Key: "vcs.modified", Value: "true"}}
	for _, c := range []struct {
		name   string
		ldflag string
		bi     *debug.BuildInfo
		ok     bool
		short  string
		long   []string
	}{
		{"go install @tag", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}}, true, "v1.2.3", []string{"acc-audit v1.2.3\n", "built with go1.26.8"}},
		{"clone, pseudo-version", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261202180000-0123456789ab+dirty"}, Settings: vcs}, true,
			"v0.1.1-0.20261202180000-0123456789ab+dirty", []string{"commit 0123456789abcdef0123 (2026-12-02T18:00:00Z), with uncommitted changes"}},
		{"clone, no version stamped", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, true, "devel+0123456789ab.dirty", nil},
		{"ldflags win", "v9.9.9", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "v9.9.9", nil},
		{"no build information", "", nil, false, "devel", []string{"acc-audit devel\n"}},
	} {
		v := readBuildVersion(c.ldflag, c.bi, c.ok)
		if v.short() != c.short {
			t.Errorf("%s: version %q, want %q", c.name, v.short(), c.short)
		}
		for _, w := range c.long {
			if !strings.Contains(v.long(), w) {
				t.Errorf("%s: %q lacks %q", c.name, v.long(), w)
			}
		}
	}
}

// TestVersionEverywhere: the version command and the reports give the
// same version, read from the build.
func TestVersionEverywhere(t *testing.T) {
	want := toolVersion()
	if want == "0.1.0-dev" || want == "" {
		t.Fatalf("version %q", want)
	}
	r := runCLI(t, "", nil, "version")
	if !strings.HasPrefix(r.stdout, "acc-audit "+want+"\n") {
		t.Errorf("version prints %q, want acc-audit %s", r.stdout, want)
	}
	for _, f := range []string{"json", "sarif"} {
		r := runCLI(t, cleanFilter, nil, "scan", "--no-config", "-f", f, "-")
		var doc struct {
			Tool struct{ Version string } `json:"tool"`
			Runs []struct {
				Tool struct{ Driver struct{ Version string } } `json:"tool"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		got := doc.Tool.Version
		if f == "sarif" {
			got = doc.Runs[0].Tool.Driver.Version
		}
		if got != want {
			t.Errorf("%s report: version %q, want %q", f, got, want)
		}
	}
}
