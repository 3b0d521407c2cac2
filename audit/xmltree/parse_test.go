package xmltree

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// posOf returns the 1-based line and character column of the first
// occurrence of needle in src, computed independently of the parser.
func posOf(t *testing.T, src, needle string) (int, int) {
	t.Helper()
	i := strings.Index(src, needle)
	if i < 0 {
		t.Fatalf("needle %q not in source", needle)
	}
	before := src[:i]
	line := strings.Count(before, "\n") + 1
	col := len([]rune(before[strings.LastIndexByte(before, '\n')+1:])) + 1
	return line, col
}

type collected struct {
	subtrees []Subtree
	locs     []*Locator
}

func parseAll(t *testing.T, r io.Reader, split func([]*Element) bool) (*Document, *collected, error) {
	t.Helper()
	c := &collected{}
	doc, err := Parse(r, Options{
		Split: split,
		OnSubtree: func(st Subtree) error {
			st.Window.Data = bytes.Clone(st.Window.Data)
			c.subtrees = append(c.subtrees, st)
			c.locs = append(c.locs, NewLocator(st.Window))
			return nil
		},
	})
	return doc, c, err
}

const sample = "<?xml version='1.0'?>\n" +
	"<package author=\"Cédric Rey (crey)\" buildNumber=\"9349\">\n" +
	"  <entities schema=\"xtk:workflow\">\n" +
	"    <!-- acc-audit:ignore SQL-001 reviewed -->\n" +
	"    <workflow internalName=\"WKF1\"\n" +
	"              label=\"Début &amp; fin\">\n" +
	"      <activities>\n" +
	"        <js name=\"js1\"><script>var q = &lt;queryDef/&gt;;\nlogInfo(\"é\");</script></js>\n" +
	"        <js name=\"js2\"><script><![CDATA[var a = 1;\n  eval(\"x\");]]></script></js>\n" +
	"        <query name=\"q\"><where><condition expr=\"@id &gt; 0 AND [SQLDATA[x]]\"/></where></query>\n" +
	"      </activities>\n" +
	"    </workflow>\n" +
	"  </entities>\n" +
	"  <entities schema=\"xtk:option\"><option name=\"o1\" stringValue=\"v\"/></entities>\n" +
	"</package>\n"

func splitEntities(stack []*Element) bool {
	return len(stack) == 3 && stack[1].Name == "entities"
}

func TestPositionsAcrossReaders(t *testing.T) {
	readers := map[string]func() io.Reader{
		"whole":   func() io.Reader { return strings.NewReader(sample) },
		"onebyte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(sample)) },
		"halves":  func() io.Reader { return iotest.HalfReader(strings.NewReader(sample)) },
	}
	for name, mk := range readers {
		t.Run(name, func(t *testing.T) {
			doc, c, err := parseAll(t, mk(), splitEntities)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Root == nil || doc.Root.Name != "package" {
				t.Fatalf("root = %v", doc.Root)
			}
			if len(c.subtrees) != 2 {
				t.Fatalf("got %d subtrees, want 2", len(c.subtrees))
			}
			// Split subtrees are dropped from the skeleton.
			for _, ents := range doc.Root.Elements() {
				if len(ents.Elements()) != 0 {
					t.Errorf("skeleton still holds children of %s", ents.Name)
				}
			}
			wf, loc := c.subtrees[0].Root, c.locs[0]
			check := func(what string, off int64, needle string) {
				t.Helper()
				wl, wc := posOf(t, sample, needle)
				gl, gc := loc.Position(off)
				if gl != wl || gc != wc {
					t.Errorf("%s at %d:%d, want %d:%d", what, gl, gc, wl, wc)
				}
			}
			check("workflow start", wf.Start, "<workflow")
			lab := wf.AttrNode("label")
			if lab.Value != "Début & fin" {
				t.Errorf("label = %q", lab.Value)
			}
			check("label name", lab.NameOff, "label=")
			check("'fin' inside decoded label", lab.ValueSpan.File(strings.Index(lab.Value, "fin")), "fin\"")
			if len(c.subtrees[0].Leading) != 1 || !strings.Contains(c.subtrees[0].Leading[0].Data, "acc-audit:ignore") {
				t.Errorf("leading comments = %v", c.subtrees[0].Leading)
			}
			var scripts []*Element
			wf.Walk(func(e *Element) bool {
				if e.Name == "script" {
					scripts = append(scripts, e)
				}
				return true
			})
			if len(scripts) != 2 {
				t.Fatalf("found %d scripts", len(scripts))
			}
			s1, sp1, _ := scripts[0].Text()
			if !strings.HasPrefix(s1, "var q = <queryDef/>;") {
				t.Errorf("script 1 = %q", s1)
			}
			check("logInfo in escaped script", sp1.File(strings.Index(s1, "logInfo")), "logInfo")
			check("queryDef after &lt;", sp1.File(strings.Index(s1, "queryDef")), "queryDef/")
			s2, sp2, _ := scripts[1].Text()
			check("eval in CDATA", sp2.File(strings.Index(s2, "eval")), "eval")
			cond := c.subtrees[0].Root.Innermost(sp2.File(0))
			if cond == nil || cond.Name != "script" {
				t.Errorf("innermost element of script text = %v", cond)
			}
			var expr *Attr
			wf.Walk(func(e *Element) bool {
				if e.Name == "condition" {
					expr = e.AttrNode("expr")
				}
				return true
			})
			check("SQLDATA in decoded expr", expr.ValueSpan.File(strings.Index(expr.Value, "[SQLDATA[")), "[SQLDATA[")
			text, at := loc.LineAt(expr.ValueSpan.File(0))
			if !strings.Contains(text, "<condition expr=") || text[at:at+3] != "@id" {
				t.Errorf("LineAt = %q @%d", text, at)
			}
		})
	}
}

func TestCRLFAndBOM(t *testing.T) {
	src := "\xEF\xBB\xBF<?xml version='1.0'?>\r\n<a x=\"1\r\n2\">\r\n  <b><![CDATA[l1\r\nl2]]>tail</b>\r\n</a>\r\n"
	doc, err := ParseBytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a := doc.Root
	if v := a.AttrValue("x"); v != "1 2" {
		t.Errorf("attr = %q, want whitespace normalised", v)
	}
	b := a.Child("b")
	txt, sp, _ := b.Text()
	if txt != "l1\nl2tail" {
		t.Errorf("text = %q", txt)
	}
	if got, want := sp.File(strings.Index(txt, "l2")), int64(strings.Index(src, "l2")); got != want {
		t.Errorf("l2 at %d, want %d", got, want)
	}
	if got, want := sp.File(strings.Index(txt, "tail")), int64(strings.Index(src, "tail")); got != want {
		t.Errorf("tail at %d, want %d", got, want)
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		name, src, msg string
		line, col      int
	}{
		{"mismatch", "<a>\n  <b></c>\n</a>", "element <b> (opened at 2:3) closed by </c>", 2, 6},
		{"unclosed", "<a>\n<b>\n", "element <b> is not closed", 3, 1},
		{"dup attr", "<a x='1'\n   x='2'/>", `duplicate attribute "x"`, 2, 4},
		{"entity", "<a>\n caf&eacute;</a>", "undefined entity &eacute;", 2, 5},
		{"bare amp", "<a t='A & B'/>", "'&' must start an entity reference", 1, 9},
		{"lt in attr", "<a t='a<b'/>", "'<' not allowed in attribute value", 1, 8},
		{"unquoted", "<a t=1/>", "must be quoted", 1, 6},
		{"two roots", "<a/><b/>", "second root element <b>", 1, 5},
		{"text after", "<a/>junk", "text outside the root element", 1, 5},
		{"empty", "   ", "no root element", 1, 4},
		{"control char", "<a>\x01</a>", "illegal character U+0001", 1, 4},
		{"comment dashes", "<a><!-- a -- b --></a>", "'--' is not allowed", 1, 11},
		{"truncated tag", "<a><b attr=\"x", "unexpected end of input inside a tag", 1, 4},
		{"truncated cdata", "<a><![CDATA[abc", "inside a CDATA section", 1, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(iotest.OneByteReader(strings.NewReader(tc.src)), Options{})
			var se *SyntaxError
			if !errors.As(err, &se) {
				var ee *EncodingError
				if errors.As(err, &ee) {
					se = &ee.SyntaxError
				} else {
					t.Fatalf("err = %v, want SyntaxError", err)
				}
			}
			if !strings.Contains(se.Msg, tc.msg) || se.Line != tc.line || se.Col != tc.col {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", se.Line, se.Col, se.Msg, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestInvalidUTF8IsEncodingError(t *testing.T) {
	_, err := ParseBytes([]byte("<a label=\"caf\xe9\"/>"))
	var ee *EncodingError
	if !errors.As(err, &ee) || ee.Col != 14 {
		t.Fatalf("err = %#v", err)
	}
}

func TestDepthLimit(t *testing.T) {
	src := strings.Repeat("<a>", 50) + strings.Repeat("</a>", 50)
	_, err := Parse(strings.NewReader(src), Options{MaxDepth: 10})
	if err == nil || !strings.Contains(err.Error(), "nested deeper than 10") {
		t.Fatalf("err = %v", err)
	}
}

func TestDoctypeEntitiesAreNotExpanded(t *testing.T) {
	src := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>`
	_, err := ParseBytes([]byte(src))
	if err == nil || !strings.Contains(err.Error(), "undefined entity &lol2;") {
		t.Fatalf("err = %v", err)
	}
}

func TestSpanCompose(t *testing.T) {
	// Outer: a script decoded from escaped text: "a<b" came from "a&lt;b" at 100.
	outer := Span{Segs: []Seg{{0, 100}, {1, 101}, {2, 105}}}
	// Inner: an attribute value "<b" found at buffer offset 1.
	inner := Span{Base: 1}
	c := Compose(inner, outer)
	if c.File(0) != 101 || c.File(1) != 105 {
		t.Errorf("compose: %d %d", c.File(0), c.File(1))
	}
	s := outer.Slice(1)
	if s.File(0) != 101 || s.File(1) != 105 {
		t.Errorf("slice: %d %d", s.File(0), s.File(1))
	}
}

// validate checks eight bytes at a time: a control character or a
// non-UTF-8 byte is found at any place of a word, and characters allowed
// beside them (DEL, tab, line breaks, multi-byte UTF-8) are not refused.
func TestValidateEveryOffset(t *testing.T) {
	for _, bad := range []string{"\x01", "\x1f", "\x00", "\xff", "\uFFFE"} {
		for at := 0; at < 24; at++ {
			src := "<a t='" + strings.Repeat("x", at) + bad + "'/>"
			_, err := ParseBytes([]byte(src))
			var se *SyntaxError
			if ee := (*EncodingError)(nil); errors.As(err, &ee) {
				se = &ee.SyntaxError
			} else if !errors.As(err, &se) {
				t.Fatalf("%q: err = %v, want a syntax or encoding error", src, err)
			}
			if want := int64(6 + at); se.Offset != want {
				t.Errorf("%q: error at offset %d, want %d", src, se.Offset, want)
			}
		}
	}
	for at := 0; at < 24; at++ {
		src := "<a t='" + strings.Repeat("x", at) + "\x7f\té\r\n" + strings.Repeat("y", 9) + "'/>"
		if _, err := ParseBytes([]byte(src)); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// A forbidden control character is found wherever it sits among the
// eight-byte words that validate reads at once, next to the tabs and line
// breaks an indented export is full of; those alone pass.
func TestControlCharacterInIndentedText(t *testing.T) {
	text := []byte("\n\t\tab\r\ncd\t\n  efgh\n\tij\n")
	if _, err := ParseBytes([]byte("<a>" + string(text) + "</a>")); err != nil {
		t.Fatalf("white space refused: %v", err)
	}
	for c := byte(0); c < 0x20; c++ {
		if c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		for at := range text {
			src := append([]byte("<a>"), text...)
			src[3+at] = c
			src = append(src, "</a>"...)
			_, err := ParseBytes(src)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, "illegal character") || se.Offset != int64(3+at) {
				t.Fatalf("U+%04X at %d: err = %v", c, 3+at, err)
			}
		}
	}
}
