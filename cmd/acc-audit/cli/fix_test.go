package cli

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixTwins rewrites every input of fixtures/_fix and compares the
// result byte for byte with its .fixed twin (no twin: nothing may change),
// then checks that a second run changes nothing.
func TestFixTwins(t *testing.T) {
	src := filepath.Join("..", "..", "..", "fixtures", "_fix")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		name := e.Name()
		if strings.HasSuffix(name, ".fixed") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(src, name))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(src, name+".fixed"))
			if err != nil {
				want = in
			}
			dir := t.TempDir()
			f := writeFile(t, dir, name, in)
			args := []string{"fix", "--no-config"}
			if strings.Contains(name, ".unsafe.") {
				args = append(args, "--unsafe")
			}
			// The default prints the diff and writes nothing.
			r := runCLI(t, "", nil, append(args, f)...)
			if got, _ := os.ReadFile(f); !bytes.Equal(got, in) {
				t.Fatal("fix without --write changed the file")
			}
			if !bytes.Equal(want, in) && !strings.Contains(r.stdout, "+++ ") {
				t.Errorf("no diff printed:\n%s%s", r.stdout, r.stderr)
			}
			if r := runCLI(t, "", nil, append(args, "--check", f)...); bytes.Equal(want, in) != (r.code == ExitOK) {
				t.Errorf("--check exit %d", r.code)
			}
			r = runCLI(t, "", nil, append(args, "--write", f)...)
			if r.code != ExitOK {
				t.Fatalf("--write exit %d\n%s", r.code, r.stderr)
			}
			got, _ := os.ReadFile(f)
			if !bytes.Equal(got, want) {
				t.Fatalf("fixed file differs from %s.fixed:\n%s", name, got)
			}
			// Idempotence: a second run finds nothing left to fix.
			r = runCLI(t, "", nil, append(args, "--write", f)...)
			if again, _ := os.ReadFile(f); !bytes.Equal(again, want) || !strings.Contains(r.stderr, "nothing to fix") {
				t.Errorf("second run changed the file or found more to fix: %s", r.stderr)
			}
			if r := runCLI(t, "", nil, append(args, "--check", f)...); r.code != ExitOK {
				t.Errorf("--check after --write: exit %d", r.code)
			}
		})
	}
	if n < 6 {
		t.Fatalf("only %d inputs in fixtures/_fix", n)
	}
}

// TestFixSuggestionsNeedUnsafe: a fix marked as a suggestion is applied
// with --unsafe only.
func TestFixSuggestionsNeedUnsafe(t *testing.T) {
	in := []byte(`<% loadLibraryDebug("cus:a.js"); %>` + "\n")
	f := writeFile(t, t.TempDir(), "page.jssp", in)
	r := runCLI(t, "", nil, "fix", "--no-config", "--write", f)
	if got, _ := os.ReadFile(f); !bytes.Equal(got, in) || !strings.Contains(r.stderr, "--unsafe") {
		t.Errorf("a suggestion was applied without --unsafe, or not announced: %s", r.stderr)
	}
}

// TestFixNeverWritesArchivesOrStdin: both only get the diff.
func TestFixNeverWritesArchivesOrStdin(t *testing.T) {
	doc := "<queryFilter name=\"f\" schema=\"nms:recipient\" xtkschema=\"xtk:queryFilter\"><where><condition expr=\"count(*) &gt; 1\"/></where></queryFilter>\n"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("export/filter.xml")
	w.Write([]byte(doc))
	zw.Close()
	z := writeFile(t, t.TempDir(), "export.zip", buf.Bytes())
	r := runCLI(t, "", nil, "fix", "--no-config", "--write", z)
	if got, _ := os.ReadFile(z); !bytes.Equal(got, buf.Bytes()) {
		t.Error("the archive was modified")
	}
	if !strings.Contains(r.stdout, "countall()") || !strings.Contains(r.stderr, "not written") {
		t.Errorf("archive: no diff or no notice:\n%s\n%s", r.stdout, r.stderr)
	}
	r = runCLI(t, doc, nil, "fix", "--no-config", "--write", "-")
	if !strings.Contains(r.stdout, "countall()") || !strings.Contains(r.stderr, "not written") {
		t.Errorf("stdin: no diff or no notice:\n%s\n%s", r.stdout, r.stderr)
	}
}

// TestFixRefusesAChangedFile: a file changed between the scan and the
// write is left alone.
func TestFixRefusesAChangedFile(t *testing.T) {
	f := writeFile(t, t.TempDir(), "a.xml", []byte("new"))
	if err := rewriteFile(f, []byte("old"), []byte("fixed")); err == nil {
		t.Fatal("a file changed since the scan was overwritten")
	}
	if got, _ := os.ReadFile(f); string(got) != "new" {
		t.Fatalf("file now holds %q", got)
	}
}

func TestFixFlags(t *testing.T) {
	if r := runCLI(t, "", nil, "fix", "--write", "--check", "x.xml"); r.code != ExitUsage {
		t.Errorf("--write --check: exit %d", r.code)
	}
	if r := runCLI(t, "", nil, "fix"); r.code != ExitUsage {
		t.Errorf("no path: exit %d", r.code)
	}
}
