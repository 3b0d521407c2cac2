package source

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func write(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(ins []*Input) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Name)
	}
	return out
}

func read(t *testing.T, in *Input) string {
	t.Helper()
	rc, err := in.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCollectDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.xml"), []byte("<b/>"))
	write(t, filepath.Join(dir, "a/c.xml"), []byte("<c/>"))
	write(t, filepath.Join(dir, "a/notes.txt"), []byte("x"))
	write(t, filepath.Join(dir, ".git/x.xml"), []byte("<x/>"))
	write(t, filepath.Join(dir, "vendor/v.xml"), []byte("<v/>"))
	write(t, filepath.Join(dir, "a/skip_me.xml"), []byte("<s/>"))

	ins, errs := Collect([]string{dir, filepath.Join(dir, "b.xml"), filepath.Join(dir, "a/notes.txt")},
		Options{Exclude: []string{"vendor/**", "skip_*.xml"}})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := []string{filepath.Join(dir, "a/c.xml"), filepath.Join(dir, "a/notes.txt"), filepath.Join(dir, "b.xml")}
	if got := names(ins); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	if first, second := read(t, ins[2]), read(t, ins[2]); first != "<b/>" || second != first {
		t.Fatal("input must be re-openable")
	}
}

func TestCollectMissingPathAndStdin(t *testing.T) {
	ins, errs := Collect([]string{"does-not-exist.xml", "-", "-"}, Options{Stdin: strings.NewReader("<x/>")})
	if len(errs) != 1 {
		t.Fatalf("errs = %v", errs)
	}
	var se *Error
	if !errors.As(errs[0], &se) || se.Path != "does-not-exist.xml" || !errors.Is(errs[0], os.ErrNotExist) {
		t.Fatalf("error %v does not name the path", errs[0])
	}
	if len(ins) != 1 || ins[0].Name != StdinName || read(t, ins[0]) != "<x/>" || read(t, ins[0]) != "<x/>" {
		t.Fatalf("stdin input: %v", names(ins))
	}
}

func makeZip(t *testing.T, p string, entries map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	for _, k := range keys {
		w, err := zw.Create(k)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, entries[k])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	write(t, p, buf.Bytes())
}

func TestCollectZip(t *testing.T) {
	dir := t.TempDir()
	z := filepath.Join(dir, "export.zip")
	makeZip(t, z, map[string]string{
		"pkg/wf.xml":        "<package/>",
		"../evil.xml":       "<x/>",
		"/abs.xml":          "<x/>",
		"readme.txt":        "x",
		"__MACOSX/._wf.xml": "junk",
	})
	ins, errs := Collect([]string{z}, Options{})
	// readme.txt is read to be classified (a text file can hold an option
	// value or a personalisation block); the engine lists it as not read.
	if got := names(ins); len(got) != 2 || got[0] != z+"!/pkg/wf.xml" || got[1] != z+"!/readme.txt" {
		t.Fatalf("inputs %v", got)
	}
	if first, second := read(t, ins[0]), read(t, ins[0]); first != "<package/>" || second != first {
		t.Fatal("zip entry not re-readable")
	}
	if len(errs) != 2 {
		t.Fatalf("want 2 unsafe-name errors, got %v", errs)
	}
	for _, e := range errs {
		if !strings.Contains(e.Error(), "unsafe entry name") {
			t.Errorf("unexpected error %v", e)
		}
	}
}

func TestZipBombGuards(t *testing.T) {
	dir := t.TempDir()
	z := filepath.Join(dir, "bomb.zip")
	makeZip(t, z, map[string]string{"big.xml": "<a>" + strings.Repeat(" ", 4<<20) + "</a>"})
	_, errs := Collect([]string{z}, Options{MaxZipRatio: 100})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "zip bomb") {
		t.Fatalf("ratio guard: %v", errs)
	}
	_, errs = Collect([]string{z}, Options{MaxFileSize: 1 << 20, MaxZipRatio: 2000})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "limit") {
		t.Fatalf("size guard: %v", errs)
	}
	_, errs = Collect([]string{z}, Options{MaxZipTotal: 1 << 20, MaxZipRatio: 2000})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "in total") {
		t.Fatalf("total guard: %v", errs)
	}
	notZip := filepath.Join(dir, "broken.zip")
	write(t, notZip, []byte("PK\x03\x04 truncated"))
	_, errs = Collect([]string{notZip}, Options{})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "zip") {
		t.Fatalf("broken zip: %v", errs)
	}
}

func TestLimitedReaderRefusesInflation(t *testing.T) {
	l := &limitedReader{r: strings.NewReader("0123456789"), left: 4}
	_, err := io.ReadAll(l)
	if err == nil || !strings.Contains(err.Error(), "declared size") {
		t.Fatalf("err = %v", err)
	}
}

func decodeAll(t *testing.T, data []byte) (string, Info, error) {
	t.Helper()
	r, info, err := Decode(bytes.NewReader(data))
	if err != nil {
		return "", info, err
	}
	b, err := io.ReadAll(r)
	return string(b), info, err
}

func TestDecode(t *testing.T) {
	latin := []byte("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>")
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="UTF-16"?><a>é</a>`))
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(`<a>é</a>`))
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="windows-1252"?><a>€</a>`))
	tests := []struct {
		name     string
		in       []byte
		want     string // substring of the decoded text
		encoding string
		bom      bool
		err      string
	}{
		{"utf8 no decl", []byte("<a>é</a>"), "<a>é</a>", "UTF-8", false, ""},
		{"utf8 bom kept for the parser", []byte("\xEF\xBB\xBF<a/>"), "\xEF\xBB\xBF<a/>", "UTF-8", true, ""},
		{"latin1", latin, "café", "windows-1252", false, ""},
		{"cp1252", cp1252, "€", "windows-1252", false, ""},
		{"utf16le bom", utf16le, "<a>é</a>", "UTF-16LE", true, ""},
		{"utf16be no bom", utf16be, "<a>é</a>", "UTF-16BE", false, ""},
		{"utf32", []byte{0xFF, 0xFE, 0, 0, '<', 0, 0, 0}, "", "", true, "UTF-32"},
		{"unknown", []byte(`<?xml version="1.0" encoding="klingon"?><a/>`), "", "", false, "unknown encoding"},
		{"utf16 claimed", []byte(`<?xml version="1.0" encoding="UTF-16"?><a/>`), "", "", false, "not UTF-16"},
		{"empty", nil, "", "UTF-8", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, info, err := decodeAll(t, tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) || info.Encoding != tt.encoding || info.BOM != tt.bom {
				t.Fatalf("got %q %+v", got, info)
			}
		})
	}
}

func TestDecodeFallback(t *testing.T) {
	b, _ := io.ReadAll(DecodeFallback(strings.NewReader("caf\xe9 \x80")))
	if string(b) != "café €" {
		t.Fatalf("got %q", b)
	}
}
