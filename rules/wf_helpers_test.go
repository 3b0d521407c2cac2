package rules

import "testing"

func TestOpsNL5Match(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"/usr/local/neolane/nl5/var/prod/", true},
		{"/usr/local/neolane/nl5", true},
		{"nl5/var/export.csv", true},
		{`C:\Program Files\Neolane v5\var\`, true},
		{"/usr/local/neolane/nl5.back/var", true},
		{"nl5", false},                  // a bare word is no path
		{"/exports/nl5.csv", false},     // a file named nl5
		{"/data/nl5-archive/", false},   // another directory
		{"Qm9uam91cm5l5nl5Zm9v", false}, // base64
		{"abc/nl5+xyz", false},          // base64 with a separator
		{"/usr/local/neolane/nl6/", false},
		{"migrated from Neolane v5", false},
	}
	for _, c := range cases {
		got := false
		for _, m := range opsNL5.FindAllStringIndex(c.text, -1) {
			got = got || opsNL5Match(c.text, m[0], m[1])
		}
		if got != c.want {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}

func TestOpsBlankSQLComments(t *testing.T) {
	in := "SELECT '--not a comment' /* gone */ FROM t -- gone too\nWHERE a = 'it''s' /* open"
	want := "SELECT '--not a comment'            FROM t            \nWHERE a = 'it''s'        "
	if got := opsBlankSQLComments(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestOpsMarkupText(t *testing.T) {
	in := `<a href="<%= u %>">x</a><!-- /nl/jsp/m.jsp --><script>var s = "/nl/jsp/m.jsp";</script>`
	got := opsMarkupText(in)
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

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestOpsCRMDeployment(t *testing.T) {
	for v, want := range map[string]string{
		"webapi": "", " WebAPI ": "", "": "", "'webapi'": "",
		"onpremise": "On-premise", "'OnPremise'": "On-premise", "on-premise": "On-premise",
		"office365": "Office 365", "Office 365": "Office 365",
		"ifd": `"ifd" (not the Web API)`,
	} {
		if got := opsCRMDeployment(v); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}

func TestOpsOldCRMVersion(t *testing.T) {
	for v, want := range map[string]string{
		"'auto'": "", "9.1": "", "8.2": "", "365": "", "v9.0": "",
		"8.1": "Dynamics CRM 2016 Update 1", "v8.0": "Dynamics CRM 2016", "'2015'": "Dynamics CRM 2015",
		"2016u1": "Dynamics CRM 2016", "7.0": "a Dynamics CRM release older than 2016",
	} {
		if got := opsOldCRMVersion(v); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}

func TestOpsDDL(t *testing.T) {
	s := newOpsSQLSummary()
	s.add(`CREATE OR REPLACE VIEW cusLogs AS SELECT tsLog FROM NmsTrackingLogRcp;
DROP TABLE IF EXISTS wkf1234_tmp;
CREATE UNIQUE INDEX NmsRecipient_x ON [dbo].[NmsRecipient] (sX);
TRUNCATE TABLE XtkWorkflowTask;`)
	want := []string{"CREATE INDEX on NmsRecipient", "CREATE VIEW on NmsTrackingLogRcp", "TRUNCATE on XtkWorkflowTask"}
	got := opsSortedKeys(s.ddl)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
}
