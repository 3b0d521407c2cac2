package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Info describes how a file was decoded.
type Info struct {
	Encoding string // canonical name of the encoding used, "UTF-8" for UTF-8
	Declared string // the encoding named in the XML declaration, as written
	BOM      bool   // the file starts with a byte order mark
	// Note, when set, is a warning about how the file was decoded, at
	// NoteLine:NoteCol (a declaration the content contradicts).
	Note              string
	NoteLine, NoteCol int
	// Late, once the reader is read to the end, points to a note found
	// while reading (UTF-16 only), or to nil.
	Late **LateNote
}

// sniffLen is how much of the file is examined for a byte order mark and the
// XML declaration. A declaration is always at the very start.
const sniffLen = 1024

var declEncoding = regexp.MustCompile(`^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// Decode returns a reader of r's content as UTF-8. The encoding comes, in
// order of precedence, from a byte order mark, from the zero-byte pattern of
// BOM-less UTF-16, from the XML declaration, else UTF-8 (the XML default).
// UTF-8 input is passed through untouched, byte for byte, so that offsets in
// the decoded stream are offsets in the file; its byte order mark is left
// for the parser to skip.
func Decode(r io.Reader) (io.Reader, Info, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, Info{}, err
	}
	var info Info
	switch {
	case bytes.HasPrefix(head, []byte{0x00, 0x00, 0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return nil, Info{BOM: true}, errors.New("UTF-32 is not supported: convert the file to UTF-8")
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		info.BOM = true
		info.Encoding = "UTF-8"
		info.Declared = declared(head[3:])
		return br, info, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		info.BOM = true
		e := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
		info.Encoding = "UTF-16BE"
		if head[0] == 0xFF {
			e = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
			info.Encoding = "UTF-16LE"
		}
		info.Declared = declared(utf16Head(head[2:], head[0] == 0xFF))
		info.Late = new(*LateNote)
		return transform.NewReader(newSurrogateWatch(br, head[0] == 0xFF, true, info.Late), e.NewDecoder()), info, nil
	case len(head) >= 4 && head[0] == 0 && head[1] == '<' && head[2] == 0:
		info.Encoding = "UTF-16BE"
		info.Declared = declared(utf16Head(head, false))
		info.Late = new(*LateNote)
		return transform.NewReader(newSurrogateWatch(br, false, false, info.Late), unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()), info, nil
	case len(head) >= 4 && head[0] == '<' && head[1] == 0 && head[3] == 0:
		info.Encoding = "UTF-16LE"
		info.Declared = declared(utf16Head(head, true))
		info.Late = new(*LateNote)
		return transform.NewReader(newSurrogateWatch(br, true, false, info.Late), unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()), info, nil
	}
	info.Declared = declared(head)
	if info.Declared == "" {
		info.Encoding = "UTF-8"
		return br, info, nil
	}
	enc, name, err := lookup(info.Declared)
	if err != nil {
		return nil, info, err
	}
	info.Encoding = name
	if enc == nil {
		return br, info, nil
	}
	// A file that declares a one-byte encoding but holds valid multi-byte
	// UTF-8 was converted without its declaration being updated: decoding
	// it as declared would turn "é" into "Ã©". Read it as UTF-8, and say
	// where the first such character is.
	if look, _ := br.Peek(mismatchLook); utf8Mismatch(look, &info) {
		info.Encoding = "UTF-8"
		return br, info, nil
	}
	return transform.NewReader(br, enc.NewDecoder()), info, nil
}

// mismatchLook is how much of a file is read to tell UTF-8 content under
// a one-byte declaration.
const mismatchLook = 64 << 10

// utf8Mismatch reports whether b holds multi-byte UTF-8 and nothing that
// is not UTF-8 (a sequence cut at the end of b is fine), and records the
// position of the first multi-byte character in info.
func utf8Mismatch(b []byte, info *Info) bool {
	first := -1
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return len(b)-i < utf8.UTFMax && first >= 0 && !utf8.FullRune(b[i:])
		}
		if first < 0 {
			first = i
		}
		i += n
	}
	if first < 0 {
		return false
	}
	before := b[:first]
	info.NoteLine = bytes.Count(before, []byte{'\n'}) + 1
	info.NoteCol = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	r, _ := utf8.DecodeRune(b[first:])
	info.Note = fmt.Sprintf("the file declares %s but holds UTF-8 (%q here); read as UTF-8: correct the XML declaration", info.Declared, string(r))
	return true
}

// DecodeFallback reads r as windows-1252, the encoding of most Campaign
// exports that claim UTF-8 but are not: every byte decodes, so the scan can
// go on and report what it finds.
func DecodeFallback(r io.Reader) io.Reader {
	return transform.NewReader(r, charmap.Windows1252.NewDecoder())
}

// lookup resolves a declared encoding name. A nil encoding means UTF-8,
// passed through.
func lookup(name string) (encoding.Encoding, string, error) {
	switch strings.ToLower(name) {
	case "utf-8", "utf8":
		return nil, "UTF-8", nil
	case "utf-16", "utf-16le", "utf-16be", "ucs-2":
		// Without a byte order mark or the zero-byte pattern of a '<', the
		// bytes seen cannot be UTF-16 whatever the declaration says.
		return nil, "", fmt.Errorf("the XML declaration says %s but the file is not UTF-16 (no byte order mark)", name)
	case "utf-32", "ucs-4":
		return nil, "", errors.New("UTF-32 is not supported: convert the file to UTF-8")
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return nil, "", fmt.Errorf("unknown encoding %q in the XML declaration", name)
	}
	canon, _ := htmlindex.Name(enc)
	if canon == "utf-8" {
		return nil, "UTF-8", nil
	}
	return enc, canon, nil
}

func declared(head []byte) string {
	m := declEncoding.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// utf16Head turns the ASCII part of a UTF-16 header into bytes, enough to read
// the XML declaration.
func utf16Head(b []byte, little bool) []byte {
	out := make([]byte, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		hi, lo := b[i], b[i+1]
		if little {
			hi, lo = lo, hi
		}
		if hi != 0 || lo >= 0x80 {
			break
		}
		out = append(out, lo)
	}
	return out
}
