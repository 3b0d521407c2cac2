package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --cpuprofile and --memprofile write profiles pprof reads (gzipped
// protocol buffers) and stay out of the help of scan.
func TestProfileFlags(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "f.xml", []byte(cleanFilter))
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	if r := runCLI(t, "", nil, "scan", "--cpuprofile", cpu, "--memprofile", mem, in); r.code != ExitOK {
		t.Fatalf("scan with profiles: exit %d\n%s", r.code, r.stderr)
	}
	for _, p := range []string{cpu, mem} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s is not a gzipped profile (%d bytes)", filepath.Base(p), len(data))
		}
	}
	r := runCLI(t, "", nil, "scan", "--cpuprofile", filepath.Join(dir, "missing", "cpu.prof"), in)
	if r.code != ExitOK || !strings.Contains(r.stderr, "--cpuprofile") {
		t.Errorf("unwritable profile: exit %d, stderr %q; want the scan done and the problem told", r.code, r.stderr)
	}
	if h := runCLI(t, "", nil, "help", "scan"); strings.Contains(h.stdout, "profile") {
		t.Errorf("help scan lists the hidden profile flags:\n%s", h.stdout)
	}
}
