package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestZipEntriesShareOneOpenArchive: entries are read through the archive
// opened when it was listed, not by opening it and reading its index again
// for each entry (quadratic on 100,000 entries). Removing the file after
// collection proves it: the entries still read.
func TestZipEntriesShareOneOpenArchive(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	const n = 2000
	for i := 0; i < n; i++ {
		w, err := zw.Create(fmt.Sprintf("e/%05d.xml", i))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "<option name=\"o%d\"/>", i)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "many.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, errs := Collect([]string{p}, Options{})
	if len(errs) > 0 || len(ins) != n {
		t.Fatalf("%d inputs, errors %v", len(ins), errs)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		rc, err := ins[i].Open()
		if err != nil {
			t.Fatalf("entry %d: %v (the archive was opened again)", i, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Contains(data, []byte(fmt.Sprintf("o%d\"", i))) {
			t.Fatalf("entry %d: %q, %v", i, data, err)
		}
	}
}
