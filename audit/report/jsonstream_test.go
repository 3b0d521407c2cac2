package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

// An array written element by element gives the bytes json.Encoder gives
// for the same document held whole, at every depth, empty or not.
func TestJSONArrayMatchesEncoder(t *testing.T) {
	type item struct {
		Name string            `json:"name"`
		Tags []string          `json:"tags"`
		M    map[string]string `json:"m,omitempty"`
	}
	items := []item{{Name: "a<b>&", Tags: []string{}}, {Name: "c\u009b\u202e", Tags: []string{"x", "y"}, M: map[string]string{"k": "v"}}}
	type doc struct {
		Top   string `json:"top"`
		Inner struct {
			List  any `json:"list"`
			Empty any `json:"empty"`
		} `json:"inner"`
		After []int `json:"after"`
	}
	var whole, streamed doc
	whole.Top, streamed.Top = "t", "t"
	whole.Inner.List, whole.Inner.Empty, whole.After = items, []item{}, []int{1}
	list := newJSONArray(len(items), indexed(len(items), func(i int) any { return &items[i] }))
	empty := newJSONArray(0, nil)
	streamed.Inner.List, streamed.Inner.Empty, streamed.After = list, empty, []int{1}

	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(whole); err != nil {
		t.Fatal(err)
	}
	wantText := appendVisible(nil, want.Bytes())
	var got bytes.Buffer
	if err := encodeJSON(&got, streamed, list, empty); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(wantText) {
		t.Fatalf("streamed:\n%s\nwant:\n%s", got.String(), wantText)
	}
	if !bytes.Contains(got.Bytes(), []byte(`\u009b`)) || !bytes.Contains(got.Bytes(), []byte(`\u202e`)) {
		t.Fatalf("hidden characters written raw:\n%s", got.String())
	}

	// A top-level array, as the GitLab report is.
	top := newJSONArray(len(items), indexed(len(items), func(i int) any { return items[i] }))
	want.Reset()
	enc.Encode(items)
	got.Reset()
	if err := encodeJSON(&got, top, top); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(appendVisible(nil, want.Bytes())) {
		t.Fatalf("top-level array:\n%s\nwant:\n%s", got.String(), want.Bytes())
	}
}

// Text streamed through lineVisible, cut anywhere (inside a character,
// inside a colour sequence), gives the bytes of writeVisible over the
// whole text.
func TestLineVisibleMatchesWriteVisible(t *testing.T) {
	var doc []byte
	for i := range 3000 {
		doc = fmt.Appendf(doc, "\x1b[1mline %d\x1b[0m é \u009b\u202e \xe2\x80 tab\t\r\n", i)
	}
	for _, sgr := range []bool{false, true} {
		var want bytes.Buffer
		if err := writeVisible(&want, doc, sgr); err != nil {
			t.Fatal(err)
		}
		for _, step := range []int{1, 7, 4096, 50000} {
			var got bytes.Buffer
			err := streamVisible(&got, sgr, func(w io.Writer) error {
				for i := 0; i < len(doc); i += step {
					if _, err := w.Write(doc[i:min(i+step, len(doc))]); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("sgr %v, writes of %d bytes: the streamed text differs", sgr, step)
			}
		}
	}
}

// The indenter gives the bytes of json.Indent followed by appendVisible
// on random documents: nested, empty containers, strings holding quotes,
// backslashes, structure characters, multi-byte and hidden characters.
func TestIndenterMatchesIndent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", `"`, `\`, "{", "}", "[", "]", ",", ":", " ", "é", "\u009b", "\u202e", "\n", "\x01", "日本"}
	var value func(depth int) any
	value = func(depth int) any {
		switch k := rng.IntN(6); {
		case depth > 4 || k == 0:
			var b strings.Builder
			for range rng.IntN(6) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			return b.String()
		case k == 1:
			return rng.IntN(1000) - 500
		case k == 2:
			return []any{}
		case k == 3:
			n := rng.IntN(4)
			l := make([]any, n)
			for i := range l {
				l[i] = value(depth + 1)
			}
			return l
		case k == 4:
			return map[string]any{}
		default:
			m := map[string]any{}
			for range rng.IntN(4) {
				m[pieces[rng.IntN(len(pieces))]+"k"] = value(depth + 1)
			}
			return m
		}
	}
	for i := range 2000 {
		var compact bytes.Buffer
		enc := json.NewEncoder(&compact)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(value(0)); err != nil {
			t.Fatal(err)
		}
		src := bytes.TrimSuffix(compact.Bytes(), []byte{'\n'})
		var indented bytes.Buffer
		if err := json.Indent(&indented, src, "    ", "  "); err != nil {
			t.Fatal(err)
		}
		want := appendVisible(nil, indented.Bytes())
		if got := (&indenter{prefix: "    "}).append(nil, src); !bytes.Equal(got, want) {
			t.Fatalf("document %d: indenter\n%s\nwant\n%s", i, got, want)
		}
	}
}

// A finding with more related places than longRelated, written a place at
// a time, gives the bytes json.Encoder gives for the array held whole:
// with hidden characters, a fix and suppressions after the places, and
// beside short findings.
func TestLongFindingMatchesEncoder(t *testing.T) {
	long := audit.Finding{RuleID: "WF-004", File: "a.xml", Line: 3, Message: "m\u202e", Excerpt: "x",
		Suppressions: []audit.Suppression{{Kind: "x"}}, ExtraEffort: 1.5, Fix: &audit.Fix{}}
	for i := range 3*longRelated + 7 {
		rel := audit.Related{Line: i, Col: i % 7, Message: fmt.Sprintf("place %d \u009b \"q\" {[,:]}", i)}
		if i%5 == 0 {
			rel.File = "b.xml"
		}
		long.Related = append(long.Related, rel)
	}
	for _, fs := range [][]audit.Finding{
		{long},
		{{RuleID: "A", Related: []audit.Related{{Line: 1}}}, long, {RuleID: "B"}},
	} {
		type doc struct {
			Findings any `json:"findings"`
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc{fs}); err != nil {
			t.Fatal(err)
		}
		arr := findingsArray(audit.NewFindingList(fs))
		var got bytes.Buffer
		if err := encodeJSON(&got, doc{arr}, arr); err != nil {
			t.Fatal(err)
		}
		if w := appendVisible(nil, want.Bytes()); got.String() != string(w) {
			i := 0
			for i < min(got.Len(), len(w)) && got.Bytes()[i] == w[i] {
				i++
			}
			t.Fatalf("differs at byte %d: got %q, want %q", i, got.Bytes()[i:min(got.Len(), i+80)], w[i:min(len(w), i+80)])
		}
	}
}

// A SARIF result with more related locations than longRelated, written a
// location at a time, gives the bytes of the result encoded whole.
func TestLongSarifResultMatchesWhole(t *testing.T) {
	f := audit.Finding{RuleID: "WF-004", File: "dir/a b.xml", Line: 3, Message: "m\u202e", Fingerprint: "fp"}
	for i := range 2*longRelated + 3 {
		f.Related = append(f.Related, audit.Related{Line: i + 1, Col: i % 3, Message: fmt.Sprintf("place %d \u009b", i)})
	}
	opt := Options{BaseDir: "/base"}
	idx := map[string]int{"WF-004": 0}
	encode := func(v any) string {
		arr := newJSONArray(1, indexed(1, func(int) any { return v }))
		var b bytes.Buffer
		if err := encodeJSON(&b, struct {
			Results any `json:"results"`
		}{arr}, arr); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	whole := encode(sarifResultOf(&f, idx, nil, opt, true))
	split := encode(longSarifResult{f: &f, r: sarifResultOf(&f, idx, nil, opt, false), opt: opt})
	if whole != split {
		t.Fatalf("split result differs:\n%.400s\nwant:\n%.400s", split, whole)
	}
	if !strings.Contains(whole, `"id": 515`) {
		t.Fatalf("related locations missing:\n%.400s", whole)
	}
}

// indexed yields at(0) to at(n-1).
func indexed(n int, at func(i int) any) iter.Seq[any] {
	return func(yield func(any) bool) {
		for i := range n {
			if !yield(at(i)) {
				return
			}
		}
	}
}
