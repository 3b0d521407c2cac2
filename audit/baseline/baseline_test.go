package baseline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

func findings() []audit.Finding {
	return []audit.Finding{
		{RuleID: "SQL-002", Entity: "xtk:workflow B", Message: "m2", Fingerprint: "bbb:0", File: "x.xml", Line: 9},
		{RuleID: "SQL-001", Entity: "xtk:workflow A", Place: "p", Message: "m1", Fingerprint: "aaa:1", File: "x.xml", Line: 5},
		{RuleID: "SQL-001", Entity: "xtk:workflow A", Place: "p", Message: "m1", Fingerprint: "aaa:0", File: "x.xml", Line: 3},
	}
}

func TestMarshalIsSortedAndStable(t *testing.T) {
	a, err := New(audit.NewFindingList(findings())).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	fs := findings()
	fs[0], fs[2] = fs[2], fs[0]
	for i := range fs {
		fs[i].Line += 40 // lines do not reach the file
		fs[i].File = "renamed.xml"
	}
	b, _ := New(audit.NewFindingList(fs)).Marshal()
	if !bytes.Equal(a, b) {
		t.Fatalf("baseline depends on order, lines or files:\n%s\n%s", a, b)
	}
	s := string(a)
	if strings.Index(s, "aaa:0") > strings.Index(s, "aaa:1") || strings.Index(s, "aaa:1") > strings.Index(s, "bbb:0") {
		t.Errorf("not sorted:\n%s", s)
	}
	if strings.Contains(s, "x.xml") || strings.Contains(s, `"line"`) {
		t.Errorf("positions leak into the baseline:\n%s", s)
	}
	back, err := Parse("b.json", a)
	if err != nil || len(back.Findings) != 3 {
		t.Fatalf("parse back: %v %+v", err, back)
	}
}

func TestFilter(t *testing.T) {
	b := New(audit.NewFindingList(findings()[1:])) // aaa:1 and aaa:0
	now := append(findings(), audit.Finding{RuleID: "SQL-001", Fingerprint: "aaa:2"})
	kept, baselined, fixed := b.Filter(now)
	if baselined != 2 || fixed != 0 || len(kept) != 2 || kept[0].Fingerprint != "bbb:0" || kept[1].Fingerprint != "aaa:2" {
		t.Errorf("kept %v, baselined %d, fixed %d", kept, baselined, fixed)
	}
	kept, baselined, fixed = b.Filter(findings()[:1])
	if len(kept) != 1 || baselined != 0 || fixed != 2 {
		t.Errorf("kept %v, baselined %d, fixed %d", kept, baselined, fixed)
	}
}

func TestParseErrors(t *testing.T) {
	for src, want := range map[string]string{
		`{"tool":"acc-audit","version":2,"findings":[]}`:             "format version 2",
		`{"tool":"acc-audit","version":1,"findings":[{"rule":"X"}]}`: "no fingerprint",
		`[1,2]`: "not an acc-audit baseline",
		`{"tool":"acc-audit","version":1,"findings":[],"extra":1}`: "not an acc-audit baseline",
	} {
		if _, err := Parse("b.json", []byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
}

func TestBadBaselineHasPosition(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{"{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": \"a\"},\n    {\"fingerprint\": }\n  ]\n}", "b.json:5:21:"},
		{"{\n  \"version\": \"one\"\n}", "b.json:2:"},
	} {
		_, err := Parse("b.json", []byte(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("got %v, want prefix %s", err, tt.want)
		}
	}
}
