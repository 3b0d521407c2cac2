package walk

import (
	"testing"
)

func TestOpsBlankSQLComments(t *testing.T) {
	in := "SELECT '--not a comment' /* gone */ FROM t -- gone too\nWHERE a = 'it''s' /* open"
	want := "SELECT '--not a comment'            FROM t            \nWHERE a = 'it''s'        "
	if got := BlankSQLComments(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestOpsMarkupText(t *testing.T) {
	in := `<a href="<%= u %>">x</a><!-- /nl/jsp/m.jsp --><script>var s = "/nl/jsp/m.jsp";</script>`
	got := markupText(in)
	if len(got) != len(in) {
		t.Fatalf("length changed: %d, want %d", len(got), len(in))
	}
	for _, gone := range []string{"<%=", "m.jsp", "var s"} {
		if contains(got, gone) {
			t.Errorf("%q left in %q", gone, got)
		}
	}
	if !contains(got, `<a href="`) || !contains(got, "<script>") {
		t.Errorf("markup lost: %q", got)
	}
}
