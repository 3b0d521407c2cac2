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
