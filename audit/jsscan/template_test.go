package jsscan

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

func TestSplitTemplate(t *testing.T) {
	src := `Hello <%= recipient.firstName %> <% if (x) { %>a<% } %> <%@ include view="footer" %>`
	parts := SplitTemplate(src)
	want := []struct {
		kind    PartKind
		content string
	}{
		{TextPart, "Hello "},
		{ExprPart, " recipient.firstName "},
		{TextPart, " "},
		{CodePart, " if (x) { "},
		{TextPart, "a"},
		{CodePart, " } "},
		{TextPart, " "},
		{DirectivePart, ` include view="footer" `},
	}
	if len(parts) != len(want) {
		t.Fatalf("got %d parts: %+v", len(parts), parts)
	}
	end := 0
	for i, p := range parts {
		if p.Kind != want[i].kind || p.Content != want[i].content {
			t.Errorf("part %d = %v %q, want %v %q", i, p.Kind, p.Content, want[i].kind, want[i].content)
		}
		if p.Start != end {
			t.Errorf("part %d starts at %d, want %d", i, p.Start, end)
		}
		end = p.End
	}
	if end != len(src) {
		t.Errorf("parts end at %d, want %d", end, len(src))
	}
	d := parts[7].Directive
	if d == nil || d.Name != "include" || d.Attrs["view"] != "footer" || len(d.AttrOrder) != 1 {
		t.Errorf("directive = %+v", d)
	}

	d = parseDirective(` page import='a' debug=true  x="1 2" `)
	if d.Name != "page" || d.Attrs["import"] != "a" || d.Attrs["debug"] != "true" || d.Attrs["x"] != "1 2" ||
		strings.Join(d.AttrOrder, ",") != "import,debug,x" {
		t.Errorf("page directive = %+v", d)
	}

	unterminated := SplitTemplate("a <% b")
	if len(unterminated) != 2 || unterminated[1].Kind != CodePart || unterminated[1].Content != " b" || unterminated[1].End != 6 {
		t.Errorf("unterminated = %+v", unterminated)
	}
}

func TestTemplateJS(t *testing.T) {
	src := "Héllo <%= recipient.firstName %>\n<% if (x) { %>a<% } %> <%@ include view=\"footer\" %><% logInfo('z')"
	js := TemplateJS(src)
	if len(js) != len(src) {
		t.Fatalf("length %d, want %d", len(js), len(src))
	}
	// "Héllo " is 7 bytes and "<%=" 3: the expression starts at byte 10.
	want := strings.Repeat(" ", 11) + "recipient.firstName ; \n   if (x) { ; "
	if !strings.HasPrefix(js, want) {
		t.Errorf("TemplateJS = %q", js)
	}
	s := Scan(js, xmltree.Identity(0))
	for _, name := range []string{"recipient", "firstName", "if", "x", "logInfo"} {
		tok := findToken(t, s, Ident, name)
		if src[tok.Start:tok.End] != name {
			t.Errorf("%s lands on %q", name, src[tok.Start:tok.End])
		}
	}
	if strings.Contains(js, "footer") || strings.Contains(js, "Hello") {
		t.Errorf("text or directive kept: %q", js)
	}
	if s.Tokens[2].NLBefore != false || !findToken(t, s, Ident, "if").NLBefore {
		t.Errorf("line breaks of the template are lost")
	}
}

func TestClientJS(t *testing.T) {
	src := "<html><SCRIPT type=\"text/javascript\">var a = '<%= x %>';\n</SCRIPT>" +
		"<p>café</p><script type='text/template'>tpl()</script>" +
		"<script src='x.js'></script><script>b()</script><scripts>no()</scripts>" +
		"<% s = '<script>srv()</script>' %><script>c()"
	js := ClientJS(src)
	if len(js) != len(src) {
		t.Fatalf("length %d, want %d", len(js), len(src))
	}
	s := Scan(js, xmltree.Identity(0))
	var idents []string
	for _, tok := range s.Tokens {
		if tok.Kind == Ident {
			idents = append(idents, tok.Text)
			if src[tok.Start:tok.End] != tok.Text {
				t.Errorf("%s lands on %q", tok.Text, src[tok.Start:tok.End])
			}
		}
	}
	if got := strings.Join(idents, " "); got != "var a b c" {
		t.Errorf("client identifiers = %q", got)
	}
	if str := findToken(t, s, String, "'        '"); str.Value != strings.Repeat(" ", 8) {
		t.Errorf("server block not blanked: %q", str.Text)
	}
	if strings.Count(js, "\n") != strings.Count(src, "\n") {
		t.Errorf("line breaks not kept")
	}
}

func TestHasTemplate(t *testing.T) {
	if !HasTemplate("a <%= b %>") || HasTemplate("a < b %>") {
		t.Error("HasTemplate")
	}
}

var fuzzSeeds = []string{
	"",
	"var x = 1;",
	`var q = xtk.queryDef.create(<queryDef schema="nms:recipient"><where><condition expr={"@id=" + id}/></where></queryDef>);`,
	`for each (var r in res.recipient) logInfo(r.@email, r..x, ns::y, x.@["a"])`,
	`a = b / c; x = /[/]\//g; } /re/`,
	`x = <>{<a b={<c d={'}'}/>}/>}</>`,
	"\"\\u12\\x4 \\\n",
	"<% if (a) { %><script>b()</script><%= c %><%@ include view='v' %>",
	"x = <a><![CDATA[ ]]><!-- --><?p?>&amp;&bad;</a>",
	"x = <a b='1",
	"\xff\xfe\u2028\u00a0",
	"0/*",
}

// blank, which fills spaces in bulk and then restores the line breaks,
// writes what a test of every byte writes, at every length around its
// threshold and beyond.
func TestBlankMatchesBytewise(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	pieces := []string{"a", " ", "\n", "\r", "\r\n", "é", "\u2028", "<%", "%>", "\t", "xyz"}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.Intn(120); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		src := b.String()
		got, want := make([]byte, len(src)), make([]byte, len(src))
		blank(got, src)
		blankBytes(want, src)
		if string(got) != string(want) {
			t.Fatalf("blank(%q) = %q, want %q", src, got, want)
		}
	}
}
