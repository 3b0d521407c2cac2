package fix

import (
	"errors"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

func finding(rule string, edits ...audit.Edit) audit.Finding {
	return audit.Finding{RuleID: rule, Fix: &audit.Fix{Description: rule, Safe: true, Edits: edits}}
}

func edit(text, old, repl string) audit.Edit {
	i := strings.Index(text, old)
	return audit.Edit{Offset: int64(i), Length: int64(len(old)), Old: old, Text: repl}
}

const doc = `<queryFilter name="f"><where><condition expr="count(*) &gt; 1"/></where></queryFilter>`

func TestOverlappingEditsAreNotBothApplied(t *testing.T) {
	a := finding("A", edit(doc, "count(*)", "countall()"))
	b := finding("B", edit(doc, "(*)", "(@id)"))
	r, err := File("f.xml", []byte(doc), "UTF-8", []audit.Finding{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Applied) != 1 || len(r.Skipped) != 1 || !strings.Contains(string(r.New), "countall()") {
		t.Fatalf("applied %v skipped %v: %s", r.Applied, r.Skipped, r.New)
	}
	// Two insertions at one place are an overlap too.
	at := int64(strings.Index(doc, `f"`))
	c := finding("C", audit.Edit{Offset: at, Text: "x"})
	d := finding("D", audit.Edit{Offset: at, Text: "y"})
	if r, err := File("f.xml", []byte(doc), "UTF-8", []audit.Finding{c, d}); err != nil || len(r.Applied) != 1 {
		t.Errorf("two insertions at one offset: %v, %v", r.Applied, err)
	}
}

func TestRewriteThatBreaksTheFileIsRefused(t *testing.T) {
	f := finding("A", edit(doc, "</where>", ""))
	if _, err := File("f.xml", []byte(doc), "UTF-8", []audit.Finding{f}); err == nil || !strings.Contains(err.Error(), "would not parse") {
		t.Fatalf("err %v", err)
	}
}

func TestStaleEditIsSkipped(t *testing.T) {
	e := edit(doc, "count(*)", "countall()")
	e.Old = "something else"
	r, err := File("f.xml", []byte(doc), "UTF-8", []audit.Finding{finding("A", e)})
	if !errors.Is(err, ErrNoChange) || len(r.Skipped) != 1 {
		t.Fatalf("err %v, skipped %v", err, r.Skipped)
	}
}

func TestLatin1StaysLatin1(t *testing.T) {
	// é is one byte in ISO-8859-1 and two in the text the rules saw: the
	// edit lands at its decoded offset and the file is written back in
	// ISO-8859-1.
	raw := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a l=\"\xe9\">count(*)</a>")
	text := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a l=\"é\">count(*)</a>"
	f := finding("A", edit(text, "count(*)", "countall()"))
	r, err := File("a.xml", raw, "windows-1252", []audit.Finding{f})
	if err != nil {
		t.Fatal(err)
	}
	if want := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a l=\"\xe9\">countall()</a>"; string(r.New) != want {
		t.Fatalf("got %q", r.New)
	}
}

func TestSelect(t *testing.T) {
	safe := finding("A", edit(doc, "count(*)", "countall()"))
	safe.File = "f.xml"
	sugg := safe
	sugg.Fix = &audit.Fix{Safe: false, Edits: safe.Fix.Edits}
	if got := Select(audit.NewFindingList([]audit.Finding{safe, sugg}), false); len(got["f.xml"]) != 1 {
		t.Errorf("safe only: %d", len(got["f.xml"]))
	}
	if got := Select(audit.NewFindingList([]audit.Finding{safe, sugg}), true); len(got["f.xml"]) != 2 {
		t.Errorf("with unsafe: %d", len(got["f.xml"]))
	}
}
