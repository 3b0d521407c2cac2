package xmltree

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"unicode/utf8"
)

// DecodeEntities, which copies the runs between the bytes it handles,
// gives the text, span and error of the byte-at-a-time decoder it
// replaced, in text and in attribute values.
func TestDecodeEntitiesMatchesBytewise(t *testing.T) {
	pieces := []string{"a", "bc", " ", "\t", "\n", "\r", "\r\n", "&amp;", "&lt;", "&#65;", "&#x42;", "&bad;", "&", "é", "&#0;", ";"}
	rnd := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var b []byte
		for range rnd.IntN(12) {
			b = append(b, pieces[rnd.IntN(len(pieces))]...)
		}
		for _, attr := range []bool{false, true} {
			s1, sp1, err1 := DecodeEntities(b, 100, attr)
			s2, sp2, err2 := decodeEntitiesBytewise(b, 100, attr)
			if s1 != s2 || !reflect.DeepEqual(sp1, sp2) || fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("%q attr=%v:\n got %q %+v %v\nwant %q %+v %v", b, attr, s1, sp1, err1, s2, sp2, err2)
			}
		}
	}
}

func decodeEntitiesBytewise(raw []byte, start int64, attr bool) (string, Span, error) {
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
			out = append(out, c)
			i++
		}
	}
	return string(out), b.span(), nil
}
