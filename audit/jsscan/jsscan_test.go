package jsscan

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// render lists tokens as "Kind:text" for compact expectations.
func render(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%v:%s", t.Kind, t.Text)
	}
	return b.String()
}

func findToken(t *testing.T, s *Script, kind Kind, text string) Token {
	t.Helper()
	for _, tok := range s.Tokens {
		if tok.Kind == kind && tok.Text == text {
			return tok
		}
	}
	t.Fatalf("no %v token %q in %s", kind, text, render(s.Tokens))
	return Token{}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"for each", `for each (var r in res.recipient) logInfo(r.@email)`,
			`Ident:for Ident:each Punct:( Ident:var Ident:r Ident:in Ident:res Punct:. Ident:recipient Punct:) Ident:logInfo Punct:( Ident:r Punct:. Punct:@ Ident:email Punct:)`},
		{"attribute by string", `x.@["data-id"]`, `Ident:x Punct:. Punct:@ Punct:[ String:"data-id" Punct:]`},
		{"descendants", `a..b`, `Ident:a Punct:.. Ident:b`},
		{"namespace", `ns::x`, `Ident:ns Punct::: Ident:x`},
		{"attribute wildcard", `x.@*`, `Ident:x Punct:. Punct:@ Punct:*`},
		{"longest punctuators", `a>>>=b!==c<<=d&&e||f++`, `Ident:a Punct:>>>= Ident:b Punct:!== Ident:c Punct:<<= Ident:d Punct:&& Ident:e Punct:|| Ident:f Punct:++`},
		{"numbers", `x = 0x1F + 1.5e-3 + .5 + 3.`, `Ident:x Punct:= Number:0x1F Punct:+ Number:1.5e-3 Punct:+ Number:.5 Punct:+ Number:3.`},
		{"number method", `1..toString()`, `Number:1. Punct:. Ident:toString Punct:( Punct:)`},
		{"non-ASCII identifier", "var prénom = 1", `Ident:var Ident:prénom Punct:= Number:1`},
		{"unicode spaces", "a\u00a0b\ufeffc", `Ident:a Ident:b Ident:c`},
		{"comments", "a // line\n/* block */ b", `Ident:a Comment:// line Comment:/* block */ Ident:b`},
		// Regular expression or division.
		{"division chain", `a = b / c / d`, `Ident:a Punct:= Ident:b Punct:/ Ident:c Punct:/ Ident:d`},
		{"regex with flags", `x = /ab+c/gi.test(s)`, `Ident:x Punct:= Regex:/ab+c/gi Punct:. Ident:test Punct:( Ident:s Punct:)`},
		{"regex in condition", `if (/x/.test(y))`, `Ident:if Punct:( Regex:/x/ Punct:. Ident:test Punct:( Ident:y Punct:) Punct:)`},
		{"regex after return", `return /a/`, `Ident:return Regex:/a/`},
		{"division after paren", `(a)/2`, `Punct:( Ident:a Punct:) Punct:/ Number:2`},
		{"division after bracket", `a[0]/2`, `Ident:a Punct:[ Number:0 Punct:] Punct:/ Number:2`},
		{"regex after brace", `} /re/`, `Punct:} Regex:/re/`},
		{"regex class with slash", `x = /[/]+\//`, `Ident:x Punct:= Regex:/[/]+\//`},
		{"division after this", `this / 2`, `Ident:this Punct:/ Number:2`},
		{"division after postfix", `i++ / 2`, `Ident:i Punct:++ Punct:/ Number:2`},
		{"divide-assign", `a /= 2`, `Ident:a Punct:/= Number:2`},
		// '<' that is a comparison, not XML.
		{"less in condition", `if (a < b)`, `Ident:if Punct:( Ident:a Punct:< Ident:b Punct:)`},
		{"less in for", `for (i=0;i<n;i++)`, `Ident:for Punct:( Ident:i Punct:= Number:0 Punct:; Ident:i Punct:< Ident:n Punct:; Ident:i Punct:++ Punct:)`},
		{"less tight", `x<y`, `Ident:x Punct:< Ident:y`},
		{"less before name", `a <b`, `Ident:a Punct:< Ident:b`},
		{"less after paren", `(a) <b`, `Punct:( Ident:a Punct:) Punct:< Ident:b`},
		{"shift after operand", `1 <<b`, `Number:1 Punct:<< Ident:b`},
		{"less-equal", `x = a <=b`, `Ident:x Punct:= Ident:a Punct:<= Ident:b`},
		// XML literals where an operand is expected.
		{"xml after assign", `x = <a/>;`, `Ident:x Punct:= XML:<a/> Punct:;`},
		{"xml list", `x = <><a/><b/></>.length()`, `Ident:x Punct:= XML:<><a/><b/></> Punct:. Ident:length Punct:( Punct:)`},
		{"xml cdata", `s = <![CDATA[a<b]]>.toString()`, `Ident:s Punct:= XML:<![CDATA[a<b]]> Punct:. Ident:toString Punct:( Punct:)`},
		{"xml after return", `return <r>{x}</r>`, `Ident:return XML:<r>{x}</r> Ident:x`},
		{"xml attribute access", `<a b="1"/>.@b`, `XML:<a b="1"/> Punct:. Punct:@ Ident:b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Scan(tt.src, xmltree.Identity(0))
			checkScript(t, s)
			if got := render(s.Tokens); got != tt.want {
				t.Errorf("Scan(%q)\n got %s\nwant %s", tt.src, got, tt.want)
			}
			if len(s.Errors) > 0 {
				t.Errorf("unexpected errors %v", s.Errors)
			}
		})
	}
}

func TestKeywords(t *testing.T) {
	s := Scan(`var each = typeof x; if (null) return this`, xmltree.Identity(0))
	want := map[string]bool{"var": true, "each": false, "typeof": true, "x": false, "if": true, "null": true, "return": true, "this": true}
	for _, tok := range s.Code() {
		if w, ok := want[tok.Text]; ok && tok.Keyword != w {
			t.Errorf("%q: Keyword = %v, want %v", tok.Text, tok.Keyword, w)
		}
	}
}

func TestStrings(t *testing.T) {
	tests := []struct {
		src, value string
	}{
		{`"plain"`, "plain"},
		{`'single'`, "single"},
		{`"a\nb\tc"`, "a\nb\tc"},
		{`'it\'s'`, "it's"},
		{`"say \"hi\""`, `say "hi"`},
		{`"back\\slash"`, `back\slash`},
		{`"\x41\u00e9"`, "Aé"},
		{`"\ud83d\ude00"`, "\U0001F600"},
		{"\"line\\\ncontinued\"", "linecontinued"},
		{"\"crlf\\\r\ncontinued\"", "crlfcontinued"},
		{`"\101\0"`, "A\x00"},
		{`"\q\xZZ"`, "qxZZ"},
		{`"é\é"`, "éé"},
	}
	for _, tt := range tests {
		s := Scan(tt.src, xmltree.Identity(0))
		if len(s.Tokens) != 1 || s.Tokens[0].Kind != String {
			t.Errorf("Scan(%q) = %s, want one string", tt.src, render(s.Tokens))
			continue
		}
		if got := s.Tokens[0].Value; got != tt.value {
			t.Errorf("Scan(%q).Value = %q, want %q", tt.src, got, tt.value)
		}
		if s.Tokens[0].Text != tt.src {
			t.Errorf("Scan(%q).Text = %q", tt.src, s.Tokens[0].Text)
		}
	}
}

func TestUnterminated(t *testing.T) {
	tests := []struct {
		name, src, want, err string
	}{
		{"string at newline", "x = \"abc\ny", `Ident:x Punct:= String:"abc Ident:y`, "unterminated string"},
		{"string at EOF", `x = 'abc`, `Ident:x Punct:= String:'abc`, "unterminated string"},
		{"string ending in backslash", `'abc\`, `String:'abc\`, "unterminated string"},
		{"block comment", "a /* never closed\n b", "Ident:a Comment:/* never closed\n b", "unterminated block comment"},
		{"regex", "x = /ab[c\ny", `Ident:x Punct:= Regex:/ab[c Ident:y`, "unterminated regular expression"},
		{"xml element", `x = <a b="1"><c/>`, `Ident:x Punct:= XML:<a b="1"><c/>`, "unterminated XML literal"},
		{"xml tag", `x = <a b="1`, `Ident:x Punct:= XML:<a b="1`, "unterminated XML literal"},
		{"xml expression", `x = <a>{f("}"`, `Ident:x Punct:= XML:<a>{f("}" Ident:f Punct:( String:"}"`, "unterminated XML literal"},
		{"xml comment", `x = <!-- abc`, `Ident:x Punct:= XML:<!-- abc`, "unterminated XML literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Scan(tt.src, xmltree.Identity(0))
			checkScript(t, s)
			if got := render(s.Tokens); got != tt.want {
				t.Errorf("Scan(%q)\n got %s\nwant %s", tt.src, got, tt.want)
			}
			found := false
			for _, e := range s.Errors {
				found = found || strings.Contains(e.Msg, tt.err)
			}
			if !found {
				t.Errorf("errors %v lack %q", s.Errors, tt.err)
			}
		})
	}
}

func TestNLBefore(t *testing.T) {
	s := Scan("a\nb /* x\n */ c // y\nd e", xmltree.Identity(0))
	want := map[string]bool{"a": false, "b": true, "c": true, "d": true, "e": false}
	for _, tok := range s.Code() {
		if tok.NLBefore != want[tok.Text] {
			t.Errorf("%q: NLBefore = %v, want %v", tok.Text, tok.NLBefore, want[tok.Text])
		}
	}
	if n := len(s.Code()); n != 5 {
		t.Errorf("Code() has %d tokens, want 5", n)
	}
}

func TestQueryDef(t *testing.T) {
	src := `var q = xtk.queryDef.create(<queryDef schema="nms:recipient" operation="select"><select><node expr="@email"/></select><where><condition expr={"@id=" + id}/></where></queryDef>); q.ExecuteQuery();`
	const base = 1000
	s := Scan(src, xmltree.Identity(base))
	if len(s.Errors) > 0 {
		t.Fatalf("errors: %v", s.Errors)
	}
	x := findToken(t, s, XML, src[strings.Index(src, "<queryDef"):strings.Index(src, ");")])
	root := x.XML
	if root == nil || root.Name != "queryDef" {
		t.Fatalf("root = %+v", root)
	}
	if root.Start != base+int64(x.Start) || root.End != base+int64(x.End) {
		t.Errorf("root offsets %d..%d, want %d..%d", root.Start, root.End, base+x.Start, base+x.End)
	}
	schema := root.AttrNode("schema")
	if schema == nil || schema.Value != "nms:recipient" {
		t.Fatalf("schema = %+v", schema)
	}
	if got, want := schema.ValueSpan.File(4), int64(base+strings.Index(src, "recipient")); got != want {
		t.Errorf("schema ValueSpan.File(4) = %d, want %d", got, want)
	}
	if got, want := schema.NameOff, int64(base+strings.Index(src, "schema=")); got != want {
		t.Errorf("schema NameOff = %d, want %d", got, want)
	}
	node := root.Child("select").Child("node")
	if node == nil || node.AttrValue("expr") != "@email" || !node.SelfClosing || node.Parent.Name != "select" {
		t.Errorf("node = %+v", node)
	}
	cond := root.Child("where").Child("condition")
	a := cond.AttrNode("expr")
	if a == nil || !a.Expr || a.Value != `"@id=" + id` {
		t.Fatalf("condition expr = %+v", a)
	}
	if got, want := a.ValueSpan.File(0), int64(base+strings.Index(src, `"@id="`)); got != want {
		t.Errorf("expr ValueSpan.File(0) = %d, want %d", got, want)
	}
	str := findToken(t, s, String, `"@id="`)
	if str.Depth != 1 || str.Value != "@id=" {
		t.Errorf("embedded string = %+v", str)
	}
	if s.FileOffset(str.Start) != a.ValueSpan.File(0) {
		t.Errorf("embedded string at %d, attribute value at %d", s.FileOffset(str.Start), a.ValueSpan.File(0))
	}
	if x.Depth != 0 || findToken(t, s, Ident, "ExecuteQuery").Depth != 0 {
		t.Errorf("top-level depth not 0")
	}
}

func TestE4XTree(t *testing.T) {
	src := "x = <doc a='&lt;1' b={f(1)}>\n  text &amp; more<!-- note --><![CDATA[raw <x>]]>{ y ? <i n={z}/> : 2 }<?pi data?></doc>"
	s := Scan(src, xmltree.Identity(0))
	if len(s.Errors) > 0 {
		t.Fatalf("errors: %v", s.Errors)
	}
	root := s.Tokens[2].XML
	if root == nil || root.Name != "doc" || s.Tokens[2].End != len(src) {
		t.Fatalf("root = %+v", root)
	}
	a := root.AttrNode("a")
	if a.Value != "<1" || a.ValueSpan.File(1) != int64(strings.Index(src, "1'")) {
		t.Errorf("a = %q at %d", a.Value, a.ValueSpan.File(1))
	}
	if b := root.AttrNode("b"); !b.Expr || b.Value != "f(1)" {
		t.Errorf("b = %+v", b)
	}
	var kinds []string
	for _, c := range root.Children {
		switch n := c.(type) {
		case *xmltree.Text:
			kinds = append(kinds, fmt.Sprintf("text(%q,cdata=%v,expr=%v)", n.Data, n.CDATA, n.Expr))
			if n.Parent != root {
				t.Errorf("text %q has wrong parent", n.Data)
			}
		case *xmltree.Comment:
			kinds = append(kinds, fmt.Sprintf("comment(%q)", n.Data))
		case *xmltree.ProcInst:
			kinds = append(kinds, fmt.Sprintf("pi(%s,%s)", n.Target, n.Inst))
		case *xmltree.Element:
			kinds = append(kinds, "element "+n.Name)
		}
	}
	want := `text("\n  text & more",cdata=false,expr=false) comment(" note ") text("raw <x>",cdata=true,expr=false) text(" y ? <i n={z}/> : 2 ",cdata=false,expr=true) pi(pi,data)`
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("children\n got %s\nwant %s", got, want)
	}
	txt := root.Children[0].(*xmltree.Text)
	if got, want := txt.Span.File(strings.Index(txt.Data, "more")), int64(strings.Index(src, "more")); got != want {
		t.Errorf("text span: %d, want %d", got, want)
	}
	// The nested literal inside the content expression is a token too.
	inner := findToken(t, s, XML, "<i n={z}/>")
	if inner.Depth != 1 || inner.XML == nil || inner.XML.Name != "i" {
		t.Errorf("inner = %+v", inner)
	}
	if z := findToken(t, s, Ident, "z"); z.Depth != 2 {
		t.Errorf("z depth = %d, want 2", z.Depth)
	}
	for i := 1; i < len(s.Tokens); i++ {
		if s.Tokens[i].Start <= s.Tokens[i-1].Start {
			t.Fatalf("tokens not sorted: %s", render(s.Tokens))
		}
	}
}

func TestE4XTolerance(t *testing.T) {
	tests := []struct {
		name, src string
		root      string // expected root name, "-" for nil
		errs      bool
	}{
		{"mismatched end", `x = <a><b></a>;`, "a", true},
		{"bare ampersand", `x = <a>R&D</a>;`, "a", true},
		{"unquoted attribute", `x = <a b=1/>;`, "a", true},
		{"xml list", `x = <><a/>text</>;`, "", false},
		{"computed name", `x = <{n}>v</{n}>;`, "{n}", false},
		{"attribute list expression", `x = <a {attrs}/>;`, "a", false},
		{"stray less-than", `x = <a>1 < 2</a>;`, "a", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Scan(tt.src, xmltree.Identity(0))
			var x *Token
			for i := range s.Tokens {
				if s.Tokens[i].Kind == XML {
					x = &s.Tokens[i]
					break
				}
			}
			if x == nil {
				t.Fatalf("no XML token in %s", render(s.Tokens))
			}
			if x.XML == nil || x.XML.Name != tt.root {
				t.Errorf("root = %+v, want %q", x.XML, tt.root)
			}
			if !strings.HasSuffix(tt.src[:x.End], ">") || tt.src[x.End] != ';' {
				t.Errorf("literal %q does not end before ';'", x.Text)
			}
			if (len(s.Errors) > 0) != tt.errs {
				t.Errorf("errors = %v, want some: %v", s.Errors, tt.errs)
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	const n = 5000
	src := "x = " + strings.Repeat("<a>{", n) + "1" + strings.Repeat("}</a>", n) + ";"
	s := Scan(src, xmltree.Identity(0))
	if len(s.Errors) == 0 {
		t.Errorf("no error for nesting beyond %d", maxDepth)
	}
	maxSeen := 0
	for _, tok := range s.Tokens {
		maxSeen = max(maxSeen, int(tok.Depth))
	}
	if maxSeen > maxDepth {
		t.Errorf("depth %d exceeds limit %d", maxSeen, maxDepth)
	}
	deepElements := "x = " + strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + ";"
	s = Scan(deepElements, xmltree.Identity(0))
	if len(s.Errors) > 0 || s.Tokens[2].XML == nil || s.Tokens[2].End != len(deepElements)-1 {
		t.Errorf("deep elements: errors %v", s.Errors)
	}
}

// TestSpanMapping scans code decoded from an XML text node, where entity
// references make the script shorter than its source.
func TestSpanMapping(t *testing.T) {
	raw := "if (a &lt; b &amp;&amp; c) logInfo(\"x\")"
	const start = 500
	src, span, err := xmltree.DecodeEntities([]byte(raw), start, false)
	if err != nil {
		t.Fatal(err)
	}
	s := Scan(src, span)
	str := findToken(t, s, String, `"x"`)
	if got, want := s.FileOffset(str.Start), int64(start+strings.Index(raw, `"x"`)); got != want {
		t.Errorf("string at file %d, want %d", got, want)
	}
	c := findToken(t, s, Ident, "c")
	if got, want := s.FileOffset(c.Start), int64(start+strings.Index(raw, "c)")); got != want {
		t.Errorf("c at file %d, want %d", got, want)
	}
	// E4X offsets go through the same span.
	raw = "q = &lt;a b=\"v\"/&gt;"
	src, span, _ = xmltree.DecodeEntities([]byte(raw), start, false)
	s = Scan(src, span)
	el := s.Tokens[2].XML
	if el == nil {
		t.Fatalf("no XML in %s", render(s.Tokens))
	}
	if el.Start != start+4 || el.End != start+int64(len(raw)) {
		t.Errorf("element %d..%d, want %d..%d", el.Start, el.End, start+4, start+len(raw))
	}
	if got, want := el.AttrNode("b").ValueSpan.File(0), int64(start+strings.Index(raw, "v")); got != want {
		t.Errorf("attribute value at %d, want %d", got, want)
	}
	// Entities in both layers: &amp;amp; in the file is &amp; in the
	// script and & in the E4X text.
	raw = "x = &lt;a&gt;R&amp;amp;D&lt;/a&gt;"
	src, span, _ = xmltree.DecodeEntities([]byte(raw), start, false)
	s = Scan(src, span)
	txt, tspan, ok := s.Tokens[2].XML.Text()
	if !ok || txt != "R&D" {
		t.Fatalf("text = %q", txt)
	}
	for i, want := range []int{strings.Index(raw, "R"), strings.Index(raw, "&amp;amp;"), strings.Index(raw, "D")} {
		if got := tspan.File(i); got != int64(start+want) {
			t.Errorf("text byte %d at %d, want %d", i, got, start+want)
		}
	}
}

// linearInputs are inputs that would cost quadratic work if the scanner
// rescanned, searched the open elements or copied breakpoints per node; each
// builds a script of n repetitions, and its span.
var linearInputs = map[string]func(n int) (string, xmltree.Span){
	"stray end tags": func(n int) (string, xmltree.Span) {
		return "x = " + strings.Repeat("<a>", n) + strings.Repeat("</b>", n), xmltree.Identity(0)
	},
	"unclosed elements": func(n int) (string, xmltree.Span) {
		return "x = " + strings.Repeat("<a b='1'>", n), xmltree.Identity(0)
	},
	"many literals": func(n int) (string, xmltree.Span) {
		return strings.Repeat("x = <a b={c}>{d} &amp; e</a>;\n", n), xmltree.Identity(0)
	},
	"many entities": func(n int) (string, xmltree.Span) {
		// A script decoded from escaped text: its span has a breakpoint
		// per entity, and E4X values must not copy them all.
		src, span, err := xmltree.DecodeEntities([]byte(strings.Repeat("&lt;a b='1'/&gt;;x=", n)), 0, false)
		if err != nil {
			panic(err)
		}
		return src, span
	},
	"comments and strings": func(n int) (string, xmltree.Span) {
		return strings.Repeat("/* c */ s = 'a\\'b' + /re[/]x/g; // d\n", n), xmltree.Identity(0)
	},
}

// work scans one input and returns the scanner's steps and the bytes and
// allocations it took.
func work(src string, span xmltree.Span) (steps int, bytes, allocs uint64) {
	var before, after runtime.MemStats
	// A pooled slice survives one collection (in the pool's victim
	// cache), and a scan that finds one allocates nothing for its tokens:
	// two empty the pools, so that every input is measured from fresh
	// memory.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, steps = scan(src, span)
	runtime.ReadMemStats(&after)
	return steps, after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// TestLinear measures the growth of the work, not its time: four times the
// input must cost about four times the steps, bytes and allocations (a
// quadratic cost would be sixteen times), and the steps stay within a small
// multiple of the input size.
func TestLinear(t *testing.T) {
	const n = 5000
	for name, gen := range linearInputs {
		small, smallSpan := gen(n)
		big, bigSpan := gen(4 * n)
		s1, b1, a1 := work(small, smallSpan)
		s4, b4, a4 := work(big, bigSpan)
		t.Logf("%s: steps %d → %d, bytes %d → %d, allocations %d → %d", name, s1, s4, b1, b4, a1, a4)
		// Slices that double as they grow make allocated bytes vary by up
		// to twice around the linear value: their bound is looser.
		for _, m := range []struct {
			what      string
			one, four float64
			bound     float64
		}{{"steps", float64(s1), float64(s4), 6}, {"allocated bytes", float64(b1), float64(b4), 9}, {"allocations", float64(a1), float64(a4), 6}} {
			if r := m.four / max(m.one, 1); r > m.bound {
				t.Errorf("%s: %s grow %.1f times for 4 times the input (%.0f → %.0f): not linear", name, m.what, r, m.one, m.four)
			}
		}
		// The open-element search is bounded to 64 elements per end tag.
		if s4 > 20*len(big) {
			t.Errorf("%s: %d steps for %d bytes", name, s4, len(big))
		}
	}
}

// BenchmarkLinear times the inputs of TestLinear at several sizes: ns/op
// should grow like the size.
func BenchmarkLinear(b *testing.B) {
	for _, name := range slices.Sorted(maps.Keys(linearInputs)) {
		for _, n := range []int{10000, 40000, 160000} {
			src, span := linearInputs[name](n)
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					Scan(src, span)
				}
			})
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkScript(t, Scan(src, xmltree.Identity(7)))
		for _, derived := range []string{TemplateJS(src), ClientJS(src)} {
			if len(derived) != len(src) {
				t.Fatalf("derived length %d, want %d", len(derived), len(src))
			}
			checkScript(t, Scan(derived, xmltree.Identity(0)))
		}
		SplitTemplate(src)
	})
}

func TestFuzzSeeds(t *testing.T) {
	for _, s := range fuzzSeeds {
		checkScript(t, Scan(s, xmltree.Identity(0)))
	}
}

func checkScript(t *testing.T, s *Script) {
	t.Helper()
	prev := -1
	for _, tok := range s.Tokens {
		if tok.Start < 0 || tok.End < tok.Start || tok.End > len(s.Src) {
			t.Fatalf("token %+v out of bounds (len %d)", tok, len(s.Src))
		}
		if tok.Start <= prev {
			t.Fatalf("tokens not sorted at %d", tok.Start)
		}
		if tok.Text != s.Src[tok.Start:tok.End] {
			t.Fatalf("token text %q != source %q", tok.Text, s.Src[tok.Start:tok.End])
		}
		if tok.Kind < Ident || tok.Kind > XML || tok.Depth > maxDepth {
			t.Fatalf("bad token %+v", tok)
		}
		prev = tok.Start
		if tok.Kind == XML && tok.XML != nil {
			lo, hi := s.FileOffset(tok.Start), s.FileOffset(tok.End)
			tok.XML.Walk(func(el *xmltree.Element) bool {
				if el.Start < lo || el.StartTagEnd < el.Start || el.End < el.StartTagEnd || el.End > hi {
					t.Fatalf("element %q offsets %d/%d/%d outside %d..%d", el.Name, el.Start, el.StartTagEnd, el.End, lo, hi)
				}
				for _, c := range el.Children {
					if c.ParentElement() != el {
						t.Fatalf("child of %q has wrong parent", el.Name)
					}
				}
				return true
			})
		}
	}
	for _, e := range s.Errors {
		if e.Offset < 0 || e.Offset > len(s.Src) {
			t.Fatalf("error %+v out of bounds", e)
		}
	}
}

// benchSource builds about size bytes of Campaign-style code.
func benchSource(size int) string {
	const chunk = `// Load the recipients of a delivery
var query = xtk.queryDef.create(
  <queryDef schema="nms:recipient" operation="select" lineCount="100">
    <select><node expr="@id"/><node expr="@email"/><node expr="Lower(@lastName)"/></select>
    <where><condition expr={"@id = " + deliveryId} bool="AND"/></where>
  </queryDef>);
/* Iterate and log: division a / b, regex /^[a-z]+@/i */
var res = query.ExecuteQuery(), n = 0;
for each (var r in res.recipient) {
  if (n++ < limit && /^[^@]+@example\.com$/i.test(r.@email)) {
    logInfo("recipient " + r.@id + ": 'quoted' \"value\"\n" + (n / 2).toFixed(1));
  }
}
`
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(chunk)
	}
	return b.String()
}

func BenchmarkScan(b *testing.B) {
	src := benchSource(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(src, xmltree.Identity(0))
	}
}

// Every script of every entity is held as tokens, twice when it has
// comments (Tokens and Code): the token must stay small.
func TestTokenSize(t *testing.T) {
	if n := unsafe.Sizeof(Token{}); n > 64 {
		t.Errorf("a Token takes %d bytes, more than 64", n)
	}
}

// An attribute's {expression} may hold a literal with attributes of its
// own: those of the outer tag, before and after it, are kept whole, also
// when an earlier literal of the script left its scratch for reuse.
func TestE4XAttributesAroundANestedLiteral(t *testing.T) {
	src := `w = <p k="0" l="0" m="0"/>; x = <q a="1" b={<n c="2" d="3"/>.@c} e="4"/>;`
	s := Scan(src, xmltree.Identity(0))
	if len(s.Errors) > 0 {
		t.Fatalf("errors: %v", s.Errors)
	}
	outer := findToken(t, s, XML, `<q a="1" b={<n c="2" d="3"/>.@c} e="4"/>`).XML
	var got []string
	for _, a := range outer.Attrs {
		got = append(got, a.Name+"="+a.Value)
	}
	if want := `a=1 b=<n c="2" d="3"/>.@c e=4`; strings.Join(got, " ") != want {
		t.Errorf("outer attributes %q, want %q", strings.Join(got, " "), want)
	}
	inner := findToken(t, s, XML, `<n c="2" d="3"/>`).XML
	if len(inner.Attrs) != 2 || inner.Attrs[0].Value != "2" || inner.Attrs[1].Value != "3" {
		t.Errorf("inner attributes %+v", inner.Attrs)
	}
}
