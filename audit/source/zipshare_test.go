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

// TestZipEntryNames: a name that stays inside once cleaned is read; an
// encrypted entry is named as such; a nested archive is listed as not
// read.
func TestZipEntryNames(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(h *zip.FileHeader, body string) {
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	add(&zip.FileHeader{Name: "a/./b/../c.xml", Method: zip.Deflate}, "<option name=\"c\"/>")
	add(&zip.FileHeader{Name: "a/b/../../../escape.xml", Method: zip.Deflate}, "<x/>")
	add(&zip.FileHeader{Name: "secret.xml", Method: zip.Store, Flags: 0x1}, "<x/>")
	add(&zip.FileHeader{Name: "inner.zip", Method: zip.Store}, "PK")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "names.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	col := CollectAll([]string{p}, Options{})
	if len(col.Inputs) != 1 || col.Inputs[0].Name != p+"!/a/./b/../c.xml" {
		t.Errorf("inputs %v", names(col.Inputs))
	}
	var msgs []string
	for _, e := range col.Errors {
		msgs = append(msgs, e.Error())
	}
	all := fmt.Sprint(msgs)
	if len(msgs) != 2 || !bytes.Contains([]byte(all), []byte("path traversal")) || !bytes.Contains([]byte(all), []byte("secret.xml: encrypted entry, not read")) {
		t.Errorf("errors %v", msgs)
	}
	if len(col.Skipped) != 1 || col.Skipped[0].Name != p+"!/inner.zip" {
		t.Errorf("skipped %v", col.Skipped)
	}
}
