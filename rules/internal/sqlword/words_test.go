package sqlword

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// The byte loops of the SQL summary must find what the regexps they
// replace find, on SQL and on hostile text alike.
func TestSQLWordLoopsMatchRegexps(t *testing.T) {
	cases := []string{
		"", "select", "SELECT * FROM NmsRecipient WHERE iId=1",
		"update NmsRecipient_email set x=1; DROP TABLE XtkFoo", "xselect selectx _select select_ 1select",
		"ſelect * from NmsRecipient", "inſert into NcmFoo values(1)", "Nms NmsA Nmsa XtkZ9_ éNmsB NmsCé",
		"DeLeTe from\tNmsBroadLog\n", "truncate\u00a0table NmsX", "\xffSELECT\xfe NmsQ\xff",
		"KELVIN \u212a select", " \t\nselect\fx", "with\vx", "  WITH  a as (select 1) select * from x", "select", "select ", "xfrom fromx from_ _from FROM1", "merge MERGE Merge", "create or replace view NmsV as select a from NmsW",
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []string{"select", "SELECT", "ſ", "Nms", "Xtk", "Ncm", "A", "a", "_", "1", " ", ".", "é", "\xff", "drop", "Update", "ALTER", "(", "\t",
		"from", "Into", "SET", "where", "table", "index", "View", "values", "with", "\n", "\f", "\v", "\r"}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := r.Intn(12); n > 0; n-- {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		var want, got []string
		for _, m := range sqlVerb.FindAllString(s, -1) {
			want = append(want, strings.ToUpper(m))
		}
		verbsOf(s, func(v string) { got = append(got, v) })
		if !slices.Equal(got, want) {
			t.Errorf("verbs of %q: got %q, the regexp finds %q", s, got, want)
		}
		want, got = campaignTbl.FindAllString(s, -1), nil
		campaignTables(s, func(m string) { got = append(got, m) })
		if !slices.Equal(got, want) {
			t.Errorf("tables of %q: got %q, the regexp finds %q", s, got, want)
		}
		if a, b := hasCampaignTable(s), campaignTbl.MatchString(s); a != b {
			t.Errorf("has a table %q: got %v, the regexp says %v", s, a, b)
		}
		if !strings.Contains(s, "ſ") {
			if a, b := startsSQL(s), sqlStart.MatchString(s); a != b {
				t.Errorf("starts with SQL %q: got %v, the regexp says %v", s, a, b)
			}
			if a, b := hasSQLKeyword(s), sqlKeyword.MatchString(s); a != b {
				t.Errorf("has an SQL keyword %q: got %v, the regexp says %v", s, a, b)
			}
		}
	}
}
