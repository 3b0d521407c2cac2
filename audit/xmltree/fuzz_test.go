package xmltree

import (
	"bytes"
	"errors"
	"testing"
	"testing/iotest"
)

// FuzzParse checks that no input makes the parser panic or loop, that
// errors carry a position inside the input, and that a document parses the
// same whether read at once or byte by byte (the buffer refills at every
// byte, the hardest case for offsets).
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`<a/>`,
		`<?xml version="1.0"?><package><entities schema="xtk:workflow"><workflow internalName="w"><script><![CDATA[if (a < b) x = "]]>";]]></script></workflow></entities></package>`,
		"<a b='&lt;&#x41;&amp;'>t&gt;<!-- c --><?pi x?></a>",
		"<a>\r\n<b>x</b>\r\n</a>",
		"\xEF\xBB\xBF<a/>",
		`<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`,
		"<a><b></a>",
		"<a attr=\"unterminated></a>",
		"<a>\x00</a>",
		"<a><![CDATA[unterminated",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc1, err1 := ParseBytes(data)
		doc2, err2 := Parse(iotest.OneByteReader(bytes.NewReader(data)), Options{})
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("whole read err=%v, byte-by-byte err=%v", err1, err2)
		}
		var se *SyntaxError
		if errors.As(err1, &se) {
			if se.Offset < 0 || se.Offset > int64(len(data)) || se.Line < 1 || se.Col < 1 {
				t.Fatalf("error position out of range: %+v (len %d)", se, len(data))
			}
		}
		if err1 == nil && doc1.Root != nil && doc2.Root != nil {
			if doc1.Root.Start != doc2.Root.Start || doc1.Root.End != doc2.Root.End || doc1.Root.Name != doc2.Root.Name {
				t.Fatalf("root differs: %+v vs %+v", doc1.Root, doc2.Root)
			}
			doc1.Root.Walk(func(el *Element) bool {
				if el.Start < 0 || el.End > int64(len(data)) || el.Start > el.End {
					t.Fatalf("element %s span [%d,%d) outside input", el.Name, el.Start, el.End)
				}
				for _, a := range el.Attrs {
					if len(a.Value) > 0 {
						if off := a.ValueSpan.File(len(a.Value) - 1); off < 0 || off >= int64(len(data)) {
							t.Fatalf("attribute %s maps to %d outside input", a.Name, off)
						}
					}
				}
				return true
			})
		}
	})
}
