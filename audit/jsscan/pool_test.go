package jsscan

import (
	"reflect"
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
		putTokens(b)
	}
}
