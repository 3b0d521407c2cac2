package jsscan

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Scripts scanned into slices released by earlier scripts get exactly the
// tokens of a scan from fresh memory: nothing of the released script
// shows through, in Tokens or in Code.
func TestReleasedSlicesAreReused(t *testing.T) {
	long := benchSource(4000)
	short := "var a = 'x'; // one\n/* two */ b(a);"
	fresh := func(src string) ([]Token, []Token) {
		s := Scan(src, xmltree.Identity(0))
		return append([]Token(nil), s.Tokens...), append([]Token(nil), s.Code()...)
	}
	wantTokens, wantCode := fresh(short)
	for range 50 {
		a := Scan(long, xmltree.Identity(0))
		a.Code()
		a.Release()
		if a.Tokens != nil || a.Code() != nil {
			t.Fatal("Release left tokens in the script")
		}
		b := Scan(short, xmltree.Identity(0))
		if !reflect.DeepEqual(b.Tokens, wantTokens) || !reflect.DeepEqual(b.Code(), wantCode) {
			t.Fatalf("after a release, %q scans to\n%s\ncode %s\nwant\n%s\ncode %s",
				short, render(b.Tokens), render(b.Code()), render(wantTokens), render(wantCode))
		}
		if cap(b.Tokens) != len(b.Tokens) {
			t.Fatalf("Tokens has capacity %d beyond its %d tokens: an append would write into the pool", cap(b.Tokens), len(b.Tokens))
		}
		b.Release()
	}
}

func TestGetTokensSizes(t *testing.T) {
	for _, n := range []int{1, 15, 16, 17, 1000, 1 << maxPoolClass, 1<<maxPoolClass + 1} {
		b := getTokens(n)
		if len(*b) < n {
			t.Errorf("getTokens(%d) has %d tokens", n, len(*b))
		}
		for i := range *b {
			if (*b)[i] != (Token{}) {
				t.Fatalf("getTokens(%d): token %d is not zero", n, i)
			}
		}
		(*b)[n-1] = Token{Kind: Ident, Text: "x"}
		putTokens(b, n)
	}
}

// Scripts of no token, of comments only, of more tokens than the scanner
// expects from their length (its slice grows) and of far fewer (it
// shrinks) scan, give their code and release like any other, and the
// slices they hand back leave nothing in later scans.
func TestPoolEdgeScripts(t *testing.T) {
	srcs := []string{
		"",
		"  \n\t ",
		"\u00a0\u2028",
		"// only a comment",
		"/* one */ // two\n/* three */",
		strings.Repeat("a;", 3000),
		strings.Repeat("(", 5000),
		"x = '" + strings.Repeat("s", 40000) + "';",
		"/*" + strings.Repeat("c", 40000) + "*/ y",
		strings.Repeat("a;", 20) + "x = '" + strings.Repeat("s", 40000) + "';",
		"x = <a b={c}>{d}</a>;" + strings.Repeat("<b/>;", 2000),
	}
	type result struct{ tokens, code []Token }
	fresh := map[string]result{}
	for _, src := range srcs {
		s := Scan(src, xmltree.Identity(0))
		fresh[src] = result{append([]Token(nil), s.Tokens...), append([]Token(nil), s.Code()...)}
		if len(s.Tokens) == 0 && (s.Tokens != nil || s.Code() != nil) {
			t.Fatalf("%.20q: no token, but Tokens %v and Code %v are not nil", src, s.Tokens, s.Code())
		}
		s.Release()
	}
	r := rand.New(rand.NewSource(3))
	for range 200 {
		src := srcs[r.Intn(len(srcs))]
		s := Scan(src, xmltree.Identity(0))
		if r.Intn(2) == 0 {
			s.Code()
		}
		want := fresh[src]
		if !equalTokens(s.Tokens, want.tokens) || !equalTokens(s.Code(), want.code) {
			t.Fatalf("%.20q scans to %d tokens, %d code, after other scripts released theirs; want %d, %d",
				src, len(s.Tokens), len(s.Code()), len(want.tokens), len(want.code))
		}
		if cap(s.Tokens) != len(s.Tokens) || cap(s.Code()) != len(s.Code()) {
			t.Fatalf("%.20q: capacity beyond the tokens: an append would write into the pool", src)
		}
		s.Release()
	}
}

// equalTokens is reflect.DeepEqual without its distinction of a nil and
// an empty slice.
func equalTokens(a, b []Token) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}
