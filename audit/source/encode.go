package source

import (
	"bytes"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// DecodeAll decodes a whole file as the scan reads it (Decode, or
// DecodeFallback when fallback is set), and returns the function that
// encodes text back into the file's encoding (with its byte order mark),
// for rewriting the file.
func DecodeAll(raw []byte, fallback bool) (text []byte, encode func([]byte) ([]byte, error), info Info, err error) {
	var r io.Reader
	var enc encoding.Encoding
	if fallback {
		r, info = DecodeFallback(bytes.NewReader(raw)), Info{Encoding: "windows-1252"}
		enc = charmap.Windows1252
	} else {
		r, info, err = Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, nil, info, err
		}
		switch name := strings.ToUpper(info.Encoding); {
		case name == "UTF-8":
		case strings.HasPrefix(name, "UTF-16"):
			endian := unicode.LittleEndian
			if name == "UTF-16BE" {
				endian = unicode.BigEndian
			}
			bom := unicode.IgnoreBOM
			if info.BOM {
				bom = unicode.UseBOM
			}
			enc = unicode.UTF16(endian, bom)
		default:
			e, _, err := lookup(info.Encoding)
			if err != nil {
				return nil, nil, info, err
			}
			enc = e
		}
	}
	text, err = io.ReadAll(r)
	if err != nil {
		return nil, nil, info, err
	}
	encode = func(b []byte) ([]byte, error) { return bytes.Clone(b), nil }
	if enc != nil {
		encode = func(b []byte) ([]byte, error) { return enc.NewEncoder().Bytes(b) }
	}
	return text, encode, info, nil
}
