package xmltree

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// A DecodeError is a bad entity or character reference.
type DecodeError struct {
	Offset int64
	Msg    string
}

func (e *DecodeError) Error() string { return e.Msg }

var predefined = map[string]byte{"lt": '<', "gt": '>', "amp": '&', "quot": '"', "apos": '\''}

// DecodeEntities decodes raw character data found at file offset start:
// entity and character references are resolved and line ends normalised to
// "\n". In attribute values (attr) tabs and newlines become spaces, as XML
// requires. The returned span maps every decoded byte back to the file.
func DecodeEntities(raw []byte, start int64, attr bool) (string, Span, error) {
	out := make([]byte, 0, len(raw))
	var b spanBuilder
	b.add(0, start)
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			semi := bytes.IndexByte(raw[i:], ';')
			if semi < 0 || semi > 12 {
				return "", Span{}, &DecodeError{start + int64(i), "'&' must start an entity reference (write &amp;)"}
			}
			ref := string(raw[i+1 : i+semi])
			var r rune
			if ch, ok := predefined[ref]; ok {
				r = rune(ch)
			} else if len(ref) > 1 && ref[0] == '#' {
				var n uint64
				var err error
				if ref[1] == 'x' {
					n, err = strconv.ParseUint(ref[2:], 16, 32)
				} else {
					n, err = strconv.ParseUint(ref[1:], 10, 32)
				}
				if err != nil || !isXMLChar(rune(n)) {
					return "", Span{}, &DecodeError{start + int64(i), fmt.Sprintf("invalid character reference &%s;", ref)}
				}
				r = rune(n)
			} else {
				return "", Span{}, &DecodeError{start + int64(i), fmt.Sprintf("undefined entity &%s;", ref)}
			}
			b.add(len(out), start+int64(i))
			out = utf8.AppendRune(out, r)
			i += semi + 1
			b.add(len(out), start+int64(i))
		case c == '\r':
			b.add(len(out), start+int64(i))
			if attr {
				out = append(out, ' ')
			} else {
				out = append(out, '\n')
			}
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			b.add(len(out), start+int64(i))
		case attr && (c == '\n' || c == '\t'):
			out = append(out, ' ')
			i++
		default:
			// The run up to the next byte that needs work is copied at once.
			stop := &decodeStops[0]
			if attr {
				stop = &decodeStops[1]
			}
			j := i + 1
			for j < len(raw) && !stop[raw[j]] {
				j++
			}
			out = append(out, raw[i:j]...)
			i = j
		}
	}
	return string(out), b.span(), nil
}

// decodeStops are the bytes DecodeEntities handles one by one, in text
// ([0]) and in attribute values ([1]).
var decodeStops = [2][256]bool{
	{'&': true, '\r': true},
	{'&': true, '\r': true, '\n': true, '\t': true},
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// normalizeNewlines turns CRLF and lone CR into LF, keeping the span exact.
func normalizeNewlines(raw []byte, start int64) (string, Span) {
	out := make([]byte, 0, len(raw))
	var b spanBuilder
	b.add(0, start)
	for i := 0; i < len(raw); {
		if raw[i] == '\r' {
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			b.add(len(out), start+int64(i))
			continue
		}
		out = append(out, raw[i])
		i++
	}
	return string(out), b.span()
}
