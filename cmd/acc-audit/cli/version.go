package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Version overrides the version taken from the build information, for
// packagers: -ldflags "-X github.com/acc-audit/acc-audit/cmd/acc-audit/cli.Version=...".
// Left empty, `go install ...@v1.2.3` reports v1.2.3, and `go build` in a
// clone reports the tag of the commit built, or a pseudo-version naming
// the commit (Go stamps both since 1.24).
var Version = ""

// buildVersion is what a binary knows about its own build.
type buildVersion struct {
	Version  string // module version, "devel" when unknown
	Revision string // VCS commit, "" when unknown
	Time     string // commit time
	Modified bool   // built from a tree with uncommitted changes
	Go       string
}

// readBuildVersion reads the version from -ldflags or from the build
// information.
func readBuildVersion(ldflag string, bi *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: "devel"}
	if ok && bi != nil {
		v.Go = bi.GoVersion
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
			v.Version = mv
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if ldflag != "" {
		v.Version = ldflag
	}
	return v
}

// short is the version reports carry (JSON, SARIF, the migration report):
// the module version, and for a build of no tag the commit it was built
// from, so that a report can always be traced to the code.
func (v buildVersion) short() string {
	if v.Version != "devel" || v.Revision == "" {
		return v.Version
	}
	s := "devel+" + abbrev(v.Revision)
	if v.Modified {
		s += ".dirty"
	}
	return s
}

// long is what `acc-audit version` prints.
func (v buildVersion) long() string {
	var b strings.Builder
	fmt.Fprintf(&b, "acc-audit %s\n", v.short())
	if v.Revision != "" {
		fmt.Fprintf(&b, "commit %s", v.Revision)
		if v.Time != "" {
			fmt.Fprintf(&b, " (%s)", v.Time)
		}
		if v.Modified {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	}
	if v.Go != "" {
		fmt.Fprintf(&b, "built with %s\n", v.Go)
	}
	return b.String()
}

func abbrev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// version is this binary's build version.
func version() buildVersion {
	bi, ok := debug.ReadBuildInfo()
	return readBuildVersion(Version, bi, ok)
}

// toolVersion is the version reports carry.
func toolVersion() string { return version().short() }
