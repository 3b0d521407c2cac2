package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNeverOverwritesCollectedInput: every command refuses, with
// exit 2 and a message naming both, an output that is one of the files
// collected from a scanned directory or archive, and leaves it untouched.
func TestOutputNeverOverwritesCollectedInput(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "export")
	victim := writeFile(t, exp, "sub/filter.xml", []byte(sqlDataFilter))
	writeFile(t, exp, "other.xml", []byte(cleanFilter))
	archive := filepath.Join(dir, "pkg.zip")
	writeZip(t, archive, map[string]string{"in/filter.xml": sqlDataFilter})
	link := filepath.Join(dir, "hardlink.xml")
	if err := os.Link(victim, link); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(mustGetwd(t), victim)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		target string // the input the output would replace
		args   []string
	}{
		{"scan -o", victim, []string{"scan", "-f", "json", "-o", victim, exp}},
		{"scan --format X=FILE", victim, []string{"scan", "--format", "sarif=" + victim, exp}},
		{"scan --format X=FILE, relative path", victim, []string{"scan", "--format", "junit=" + rel, exp}},
		{"scan -o, hard link", victim, []string{"scan", "-f", "json", "-o", link, exp}},
		{"scan -o, unclean path", victim, []string{"scan", "-f", "json", "-o", filepath.Join(exp, "sub", "..", "sub", ".", "filter.xml"), exp}},
		{"report -o", victim, []string{"report", "-f", "md", "-o", victim, exp}},
		{"baseline -o", victim, []string{"baseline", "-o", victim, exp}},
		{"inventory -o", victim, []string{"inventory", "-o", victim, exp}},
		{"scan -o archive", archive, []string{"scan", "-f", "json", "-o", archive, dir}},
		{"report -o archive", archive, []string{"report", "-f", "csv", "-o", archive, archive}},
		{"baseline -o archive", archive, []string{"baseline", "-o", archive, dir}},
		{"inventory -o archive", archive, []string{"inventory", "-f", "json", "-o", archive, dir}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile(c.target)
			r := runCLI(t, "", nil, c.args...)
			if r.code != ExitUsage {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitUsage, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, "would overwrite the input "+c.target) {
				t.Errorf("message does not name the input %s:\n%s", c.target, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("something was written to stdout:\n%s", r.stdout)
			}
			if after, _ := os.ReadFile(c.target); !bytes.Equal(before, after) {
				t.Errorf("%s was modified", c.target)
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(c.target), ".acc-audit-*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	// An output beside the inputs, or an input left out by --exclude, is
	// written as usual.
	out := filepath.Join(exp, "report.json")
	if r := runCLI(t, "", nil, "scan", "--fail-on", "none", "-f", "json", "-o", out, exp); r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "scan", "--fail-on", "none", "--exclude", "sub/**", "-f", "json", "-o", victim, exp); r.code != ExitOK {
		t.Fatalf("excluded file: exit %d\n%s", r.code, r.stderr)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cancelOnRead is standard input that interrupts the command once read,
// as a Ctrl-C during the scan would.
type cancelOnRead struct {
	r      *strings.Reader
	cancel context.CancelFunc
}

func (c *cancelOnRead) Read(b []byte) (int, error) {
	c.cancel()
	return c.r.Read(b)
}

// TestInterruptWritesNothing: an interrupted command exits 130 and
// writes no report, neither to a file (an older one is kept) nor to
// standard output.
func TestInterruptWritesNothing(t *testing.T) {
	dir := t.TempDir()
	out := writeFile(t, dir, "old-report.json", []byte("previous report\n"))
	for _, args := range [][]string{
		{"scan", "-f", "json", "-o", out, "-"},
		{"scan", "-"},
		{"scan", "--format", "sarif=" + out, "--format", "text", "-"},
		{"report", "-o", out, "-"},
		{"baseline", "-o", out, "-"},
		{"inventory", "-o", out, "-"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr bytes.Buffer
			code := Main(args, Env{
				Stdin:  &cancelOnRead{strings.NewReader(sqlDataFilter), cancel},
				Stdout: &stdout, Stderr: &stderr,
				Getenv: func(string) string { return "" }, Ctx: ctx,
			})
			if code != ExitInterrupted {
				t.Fatalf("exit %d, want %d\n%s%s", code, ExitInterrupted, stdout.String(), stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("partial output on stdout:\n%s", stdout.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say the command was interrupted:\n%s", stderr.String())
			}
			if data, _ := os.ReadFile(out); string(data) != "previous report\n" {
				t.Errorf("the report file was replaced: %q", data)
			}
		})
	}
}

// TestStderrShowsControlsEscaped: messages on standard error name files
// whose names hold terminal escapes; they reach the terminal escaped.
func TestStderrShowsControlsEscaped(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "evil\x1b]0;title\x07.xml", []byte("<a>\n<b></a>"))
	for _, args := range [][]string{
		{"scan", "-f", "json", "-o", filepath.Join(dir, "out.json"), dir},
		{"scan", "-f", "json", "-o", bad, dir},
		{"baseline", "-o", filepath.Join(dir, "bl.json"), dir},
		{"inventory", "-o", filepath.Join(dir, "inv.txt"), dir},
		{"report", "-o", filepath.Join(dir, "r.html"), dir},
	} {
		r := runCLI(t, "", nil, args...)
		if strings.ContainsAny(r.stderr, "\x1b\x07") {
			t.Errorf("%v: raw control characters on stderr: %q", args[:2], r.stderr)
		}
		if !strings.Contains(r.stderr, `evil\x1b]0;title\x07.xml`) {
			t.Errorf("%v: the file is not named: %q", args[:2], r.stderr)
		}
	}
}

// TestSeveralReportsAllOrNone: when one of several reports cannot be
// written, the others are not replaced either.
func TestSeveralReportsAllOrNone(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in/f.xml", []byte(sqlDataFilter))
	old := writeFile(t, dir, "a.sarif", []byte("old\n"))
	r := runCLI(t, "", nil, "scan", "--format", "sarif="+old, "--format", "junit="+filepath.Join(dir, "missing", "b.xml"), in)
	if r.code != ExitUsage {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(old); string(data) != "old\n" {
		t.Errorf("the sarif report was replaced although the junit one failed")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".acc-audit-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestOutputNeverOverwritesSettings: the configuration, suppression,
// custom rule and baseline files a command reads are protected too.
func TestOutputNeverOverwritesSettings(t *testing.T) {
	root := t.TempDir()
	exp := filepath.Join(root, "export")
	writeFile(t, exp, "f.xml", []byte(sqlDataFilter))
	cfg := writeFile(t, root, ".acc-audit.yaml", []byte("custom-rules: [rules/custom.yaml]\n"))
	custom := writeFile(t, root, "rules/custom.yaml", []byte(customRules))
	sup := writeFile(t, root, ".acc-audit-suppressions.yaml", []byte("suppressions:\n  - rule: SQL-001\n    entity: xtk:queryFilter f\n    reason: checked\n"))
	bl := filepath.Join(root, "bl.json")
	if r := runCLI(t, "", nil, "baseline", "-o", bl, exp); r.code != ExitOK {
		t.Fatalf("baseline: exit %d\n%s", r.code, r.stderr)
	}
	for _, c := range []struct {
		target string
		args   []string
	}{
		{cfg, []string{"scan", "-f", "json", "-o", cfg, exp}},
		{custom, []string{"report", "-o", custom, exp}},
		{sup, []string{"inventory", "-o", sup, exp}},
		{bl, []string{"scan", "--baseline", bl, "--format", "sarif=" + bl, exp}},
		{custom, []string{"baseline", "-o", custom, exp}},
	} {
		before, _ := os.ReadFile(c.target)
		r := runCLI(t, "", nil, c.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "would overwrite the input "+c.target) {
			t.Errorf("%v: exit %d\n%s", c.args, r.code, r.stderr)
		}
		if after, _ := os.ReadFile(c.target); !bytes.Equal(before, after) {
			t.Errorf("%s was modified", c.target)
		}
	}
}

// TestInterruptWhileReadingStdin: an interruption while standard input is
// still open stops the command instead of waiting for its end.
func TestInterruptWhileReadingStdin(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := Main([]string{"scan", "-"}, Env{Stdin: pr, Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, Ctx: ctx})
	if code != ExitInterrupted || stdout.Len() > 0 {
		t.Errorf("exit %d, stdout %q", code, stdout.String())
	}
}
