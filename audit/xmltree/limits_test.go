package xmltree

import (
	"strings"
	"testing"
)

// TestLimitsDropTheSubtreeAndGoOn: a subtree past a limit is reported at
// its start and not built; the subtrees after it are parsed as usual.
func TestLimitsDropTheSubtreeAndGoOn(t *testing.T) {
	big := strings.Repeat("<x/>", 50)
	longText := strings.Repeat("a", 300)
	doc := "<package><entities schema=\"s\">\n" +
		"<ok name=\"1\"/>\n" +
		"<many>" + big + "</many>\n" +
		"<script><![CDATA[" + longText + "]]></script>\n" +
		"<text>" + longText + "</text>\n" +
		"<comment><!--" + longText + "--></comment>\n" +
		"<ok name=\"2\"><y/></ok>\n" +
		"</entities></package>"
	var got []string
	var limits []*LimitError
	split := func(stack []*Element) bool { return len(stack) == 3 }
	_, err := Parse(strings.NewReader(doc), Options{Split: split,
		Limits:    Limits{SubtreeNodes: 20, TextBytes: 100},
		OnSubtree: func(st Subtree) error { got = append(got, st.Root.Name); return nil },
		OnLimit:   func(le *LimitError) { limits = append(limits, le) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "ok,ok" {
		t.Errorf("subtrees %v", got)
	}
	want := []struct {
		el, limit string
		line      int
	}{{"many", "nodes", 3}, {"script", "text", 4}, {"text", "text", 5}, {"comment", "text", 6}}
	if len(limits) != len(want) {
		t.Fatalf("limits %v", limits)
	}
	for i, w := range want {
		if le := limits[i]; le.Element != w.el || le.Limit != w.limit || le.Line != w.line || le.Col != 1 {
			t.Errorf("limit %d: %+v, want %s %s at %d:1", i, le, w.el, w.limit, w.line)
		}
	}
}

// TestHugeTextIsNotBuffered: a text run past the limit is read through
// with a bounded buffer, whatever its size.
func TestHugeTextIsNotBuffered(t *testing.T) {
	const n = 8 << 20
	r := strings.NewReader("<a><b>" + strings.Repeat("x", n) + "</b><c/></a>")
	var p *parser
	split := func(stack []*Element) bool { return len(stack) == 2 }
	var dropped, kept int
	_, err := Parse(r, Options{Split: split, Limits: Limits{TextBytes: 1 << 20},
		OnSubtree: func(st Subtree) error { kept++; return nil },
		OnLimit:   func(*LimitError) { dropped++ }})
	_ = p
	if err != nil || dropped != 1 || kept != 1 {
		t.Fatalf("err %v, dropped %d, kept %d", err, dropped, kept)
	}
}
