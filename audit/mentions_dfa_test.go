package audit

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/internal/benchgen"
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

// A long text is walked in four parts: a word across a cut between parts,
// or at either end, is found as by one walk, and each word as by Contains.
func TestMentionsScanInPartsMatchesOneWalk(t *testing.T) {
	words := []string{"sqldata", "count", "ftp://", "webform.jsp", "aab", "getoption"}
	d := buildMentions(append(append([]string{}, mentionsSpecial...), words...))
	r := rand.New(rand.NewSource(11))
	filler := []byte("<x a='1'>Lorem ipsum; dolor.\n</x>")
	for i := 0; i < 2000; i++ {
		n := 200 + r.Intn(6000)
		data := make([]byte, 0, n+64)
		for len(data) < n {
			data = append(data, filler[r.Intn(len(filler))])
		}
		// A few words, some cased otherwise, at random places: near the
		// cuts (n/4, n/2, 3n/4) as often as elsewhere.
		for k := r.Intn(3); k > 0; k-- {
			w := []byte(words[r.Intn(len(words))])
			if r.Intn(2) == 0 {
				w = bytes.ToUpper(w)
			}
			at := r.Intn(len(data))
			if r.Intn(2) == 0 {
				at = max(0, min(len(data)-1, len(data)*(1+r.Intn(3))/4-r.Intn(len(w))))
			}
			data = append(data[:at], append(w, data[at:]...)...)
		}
		got, want := d.scan(data), d.scanPart(data)
		if got != want {
			t.Fatalf("text of %d bytes: in parts %b, in one walk %b", len(data), got, want)
		}
		lower := bytes.ToLower(data)
		for _, w := range words {
			if has := got&(1<<d.words[w]) != 0; has != bytes.Contains(lower, []byte(w)) {
				t.Fatalf("%q in a text of %d bytes: got %v", w, len(data), has)
			}
		}
	}
}

// BenchmarkMentionsScan walks the automaton of the rules' keywords over a
// generated export, entity by entity as a scan does (MB/s of source).
//
//	go test -run '^$' -bench MentionsScan ./audit
func BenchmarkMentionsScan(b *testing.B) {
	var buf bytes.Buffer
	if _, err := benchgen.Package(&buf, 4_000_000); err != nil {
		b.Fatal(err)
	}
	// Entities are cut at the generator's blank-free line starts: the
	// sizes, not the exact bounds, matter here.
	parts := bytes.SplitAfter(buf.Bytes(), []byte("\n  <"))
	words := []string{"sqldata", "getoption", "execsql", "count", "webapp", "ftp://", "http://", "decrypt", "password",
		"getenv", "setenv", "execcommand", "loadlibrary", "getdate", "sysdate", "timezone", "querydef", "sysfilter",
		"dbjoin", "mobile", "inappmessage", "delivery", "javascript", "acc-audit", "select", "union"}
	d := buildMentions(append(append([]string{}, mentionsSpecial...), words...))
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		for _, p := range parts {
			d.scan(p)
		}
	}
}
