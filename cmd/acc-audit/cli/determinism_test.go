package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/report"
)

// TestOutputIsDeterministic scans the example export with one and with
// several workers, twice, in every format: the bytes must not change.
func TestOutputIsDeterministic(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	for _, format := range []string{"text", "json", "sarif", "junit", "gitlab", "checkstyle"} {
		t.Run(format, func(t *testing.T) {
			var first string
			for i, jobs := range []string{"1", "4", "4", "2"} {
				r := runCLI(t, "", nil, "scan", "--no-color", "-f", format, "-j", jobs, example)
				if r.code != ExitFindings {
					t.Fatalf("exit %d: %s", r.code, r.stderr)
				}
				if i == 0 {
					first = r.stdout
				} else if r.stdout != first {
					t.Fatalf("-j %s output differs from -j 1", jobs)
				}
			}
		})
	}
	for _, format := range []string{"md", "csv"} {
		var first string
		for i, jobs := range []string{"1", "4"} {
			r := runCLI(t, "", nil, "report", "-f", format, "-j", jobs, example)
			if i == 0 {
				first = r.stdout
			} else if r.stdout != first {
				t.Errorf("report -f %s differs between runs", format)
			}
		}
	}
}

// TestFixturesTreeIsDeterministic scans the whole fixtures tree, where
// entities of different files define the same options and decisions
// depend on other entities (JS-008 read an option whose value depended on
// which export the workers indexed last), many times with several worker
// counts: every format, the migration reports and the inventory must come
// out byte for byte the same.
func TestFixturesTreeIsDeterministic(t *testing.T) {
	fixtures := filepath.Join("..", "..", "..", "fixtures")
	repeats := 4
	if testing.Short() {
		repeats = 1
	}
	dir := t.TempDir()
	var first map[string]string
	var firstJobs string
	for round := range repeats {
		for _, jobs := range []string{"1", "2", "3", "8"} {
			got := map[string]string{}
			args := []string{"scan", "--no-color", "-j", jobs}
			for _, f := range report.Names() {
				args = append(args, "-f", f+"="+filepath.Join(dir, f))
			}
			r := runCLI(t, "", nil, append(args, fixtures)...)
			if r.code != ExitInput { // the tree holds deliberately broken inputs
				t.Fatalf("-j %s: exit %d: %s", jobs, r.code, r.stderr)
			}
			got["stderr"] = r.stderr
			for _, f := range report.Names() {
				data, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				got[f] = string(data)
			}
			// The migration reports and the inventory run a scan of
			// their own: once a round is enough to vary the workers.
			if round == 0 || jobs == "2" {
				for _, f := range []string{"md", "csv", "html"} {
					got["report "+f] = runCLI(t, "", nil, "report", "-f", f, "-j", jobs, fixtures).stdout
				}
				got["inventory"] = runCLI(t, "", nil, "inventory", "-f", "json", "-j", jobs, fixtures).stdout
			}
			if first == nil {
				first, firstJobs = got, jobs
				continue
			}
			for name, out := range got {
				want, ok := first[name]
				if ok && out != want {
					t.Errorf("round %d, -j %s: %s differs from -j %s:\n%s", round, jobs, name, firstJobs, firstDiff(want, out))
				}
			}
			if t.Failed() {
				return
			}
		}
	}
}

// firstDiff shows the first line where two outputs differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}
