package audit

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// The automaton finds, for each word, what a lower-cased copy searched
// with bytes.Contains finds, on any text: it overlaps, shares prefixes and
// suffixes, and folds ASCII case.
func TestMentionsAutomatonMatchesContains(t *testing.T) {
	words := []string{"sql", "sqldata", "ql", "count", "facebook", "ftp://", "ftps://", "webform.jsp", "aa", "aab", "b"}
	d := buildMentions(append(append([]string{}, mentionsSpecial...), words...))
	r := rand.New(rand.NewSource(7))
	pieces := []string{"S", "q", "L", "data", "DATA", "a", "A", "b", "Count", "FTP", "://", "s", "webForm.JSP", "é", " ", "&", "#", "faceBOOK", "\u212a", "\u017f"}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.Intn(10); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		data := []byte(b.String())
		bits := d.scan(data)
		lower := bytes.ToLower(data)
		for _, w := range words {
			want := bytes.Contains(bytes.ToLower([]byte(strings.ReplaceAll(string(data), "\u212a", "\x00"))), []byte(w))
			got := bits&(1<<d.words[w]) != 0
			if got != want {
				t.Fatalf("%q in %q: got %v, want %v", w, data, got, want)
			}
		}
		if bits&mentionsSpecialBits != 0 != (bytes.Contains(lower, []byte("&#")) || bytes.Contains(data, []byte("\u212a")) || bytes.Contains(data, []byte("\u017f"))) {
			t.Fatalf("special patterns in %q: bits %b", data, bits)
		}
	}
}

func TestMentionsPlain(t *testing.T) {
	for w, want := range map[string]bool{"sql": true, "ftp://": true, "": false, "SQL": false, "café": false} {
		if got := mentionsPlain(w); got != want {
			t.Errorf("mentionsPlain(%q) = %v, want %v", w, got, want)
		}
	}
}
