package cli

import (
	"path/filepath"
	"testing"
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
