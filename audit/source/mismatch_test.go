package source

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestDeclaredLatin1HoldingUTF8: the content wins over a one-byte
// declaration when it is valid multi-byte UTF-8, with a note at the first
// such character; real ISO-8859-1 bytes are decoded as declared.
func TestDeclaredLatin1HoldingUTF8(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<package\n  label=\"Opérations\"/>"
	r, info, err := Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if string(got) != doc || info.Encoding != "UTF-8" || info.NoteLine != 3 || info.NoteCol != 12 || !strings.Contains(info.Note, "ISO-8859-1") {
		t.Errorf("got %q, %+v", got, info)
	}
	latin := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><package label=\"Op\xe9rations\"/>")
	r, info, err = Decode(bytes.NewReader(latin))
	if err != nil {
		t.Fatal(err)
	}
	got, _ = io.ReadAll(r)
	if !strings.Contains(string(got), "Opérations") || info.Note != "" {
		t.Errorf("latin-1: %q, %+v", got, info)
	}
	// ASCII only: nothing to say.
	if _, info, _ := Decode(strings.NewReader("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>")); info.Note != "" || info.Encoding == "UTF-8" {
		t.Errorf("ascii: %+v", info)
	}
}

// TestUnpairedSurrogateIsNoted: the decoder replaces an unpaired UTF-16
// surrogate with U+FFFD; the note says where.
func TestUnpairedSurrogateIsNoted(t *testing.T) {
	utf16le := func(s string, extra ...uint16) []byte {
		var b []byte
		b = append(b, 0xFF, 0xFE)
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		for _, u := range extra {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	doc := append(utf16le("<a>\n  x"), 0x00, 0xD8) // a lone high surrogate
	doc = append(doc, utf16le("</a>")[2:]...)
	r, info, err := Decode(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if !strings.Contains(string(got), "\uFFFD") {
		t.Fatalf("decoded %q", got)
	}
	if info.Late == nil || *info.Late == nil || (*info.Late).Line != 2 || (*info.Late).Col != 4 {
		t.Fatalf("note %+v", info.Late)
	}
	clean := utf16le("<a>é</a>")
	r, info, _ = Decode(bytes.NewReader(clean))
	io.ReadAll(r)
	if *info.Late != nil {
		t.Errorf("note on a clean file: %+v", *info.Late)
	}
}
