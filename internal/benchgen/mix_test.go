package benchgen

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"testing"
)

// TestMixIsSeededAndRealistic: the same seed gives the same bytes (the
// golden hashes depend on it), another seed another export; the export is
// well-formed, about the size asked, and dominated by workflows and
// deliveries rather than schema extensions.
func TestMixIsSeededAndRealistic(t *testing.T) {
	const size = 2_000_000
	var a, b, c bytes.Buffer
	st, err := Mix(&a, size, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Mix(&b, size, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := Mix(&c, size, 2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("seed 1 gave two different exports")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("seeds 1 and 2 gave the same export")
	}
	if st.Bytes != int64(a.Len()) || st.Bytes < size || st.Bytes > size+200_000 {
		t.Errorf("wrote %d bytes, stats say %d, asked %d", a.Len(), st.Bytes, size)
	}
	dec := xml.NewDecoder(bytes.NewReader(a.Bytes()))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllIndex(a.Bytes(), -1)) }
	wf, dlv, ext := count(`(?m)^    <workflow `), count(`(?m)^    <delivery `), count(`extendedSchema=`)
	for name, n := range map[string]int{
		"web applications": count(`(?m)^    <webApp `), "libraries": count(`(?m)^    <javascript `),
		"options": count(`(?m)^    <option `), "JSSP": count(`(?m)^    <jssp `),
	} {
		if n == 0 {
			t.Errorf("no %s", name)
		}
	}
	if wf < 10*ext || dlv < 10*ext {
		t.Errorf("%d workflows, %d deliveries for %d schema extensions: want extensions a small minority", wf, dlv, ext)
	}
	if st.Entities == 0 {
		t.Error("no entity counted")
	}
}

func TestPackageDependsOnlyOnSize(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := Package(&a, 300_000); err != nil {
		t.Fatal(err)
	}
	if _, err := Package(&b, 300_000); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two exports of the same size differ")
	}
}
