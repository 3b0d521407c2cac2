package xmltree

import (
	"bytes"
	"strings"
	"testing"
)

// TestOneLineWindowsStayBounded: an export written on one line must not
// hand each entity a window holding the whole line so far (which made the
// scan quadratic: every window is copied and indexed). The total of the
// windows must grow linearly with the input.
func TestOneLineWindowsStayBounded(t *testing.T) {
	total := func(entities int) (windows, input int) {
		var b strings.Builder
		b.WriteString(`<package><entities schema="xtk:option">`)
		for i := 0; i < entities; i++ {
			b.WriteString(`<option name="o" stringValue="é value"/>`)
		}
		b.WriteString(`</entities></package>`)
		split := func(stack []*Element) bool { return len(stack) == 3 }
		_, err := Parse(strings.NewReader(b.String()), Options{Split: split, OnSubtree: func(st Subtree) error {
			windows += len(st.Window.Data)
			// Positions stay exact on the long line.
			loc := NewLocator(st.Window)
			if line, col := loc.Position(st.Root.Start); line != 1 || col < 1 {
				t.Fatalf("position %d:%d", line, col)
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		return windows, b.Len()
	}
	w1, n1 := total(2000)
	w4, n4 := total(8000)
	if w4 > 6*w1 || w4 > 3*windowMargin*8000 {
		t.Errorf("windows total %d bytes for %d of input, %d for %d: not linear", w1, n1, w4, n4)
	}
}

// TestColumnsOnALongLine: columns count characters from the line start,
// also far into a line longer than the window margin.
func TestColumnsOnALongLine(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<package><entities schema="xtk:option">`)
	for i := 0; i < 500; i++ {
		b.WriteString(`<option name="é" stringValue="ü"/>`)
	}
	b.WriteString(`</entities></package>`)
	doc := b.String()
	var last Subtree
	split := func(stack []*Element) bool { return len(stack) == 3 }
	if _, err := Parse(strings.NewReader(doc), Options{Split: split, OnSubtree: func(st Subtree) error {
		st.Window.Data = bytes.Clone(st.Window.Data)
		last = st
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	loc := NewLocator(last.Window)
	_, col := loc.Position(last.Root.Start)
	want := len([]rune(doc[:last.Root.Start])) + 1
	if col != want {
		t.Errorf("column %d, want %d", col, want)
	}
	if line, _ := loc.LineAt(last.Root.Start); len(line) > 2*excerptReach+8 {
		t.Errorf("excerpt line of %d bytes", len(line))
	}
}
