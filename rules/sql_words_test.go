package rules

import (
	"math/rand"
	"reflect"
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
		"KELVIN \u212a select", "merge MERGE Merge", "create or replace view NmsV as select a from NmsW",
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []string{"select", "SELECT", "ſ", "Nms", "Xtk", "Ncm", "A", "a", "_", "1", " ", ".", "é", "\xff", "drop", "Update", "ALTER", "(", "\t"}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := r.Intn(12); n > 0; n-- {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		var want, got []string
		for _, m := range opsSQLVerb.FindAllString(s, -1) {
			want = append(want, strings.ToUpper(m))
		}
		sqlVerbsOf(s, func(v string) { got = append(got, v) })
		if !slices.Equal(got, want) {
			t.Errorf("verbs of %q: got %q, the regexp finds %q", s, got, want)
		}
		want, got = opsCampaignTbl.FindAllString(s, -1), nil
		sqlCampaignTables(s, func(m string) { got = append(got, m) })
		if !slices.Equal(got, want) {
			t.Errorf("tables of %q: got %q, the regexp finds %q", s, got, want)
		}
		if a, b := sqlHasCampaignTable(s), opsCampaignTbl.MatchString(s); a != b {
			t.Errorf("has a table %q: got %v, the regexp says %v", s, a, b)
		}
	}
}

// The identifier loop and the physical-name checks of SQL-005 agree with
// the regexps they replace.
func TestSQLIdentifierLoopsMatchRegexps(t *testing.T) {
	cases := []string{"", "a", "1abc _x9 NmsRecipient.sEmail", "iId tsCreated sX s x9 NlFoo NmcBar Nmc NmsrX CrmA ts tsa",
		"é_x\xffNms NmsA1_é", "@sEmail [sEmail] $(iId)"}
	r := rand.New(rand.NewSource(9))
	pieces := []string{"Nms", "Xtk", "Ncm", "Nl", "Crm", "Nmc", "i", "s", "ts", "d", "m", "b", "A", "z", "9", "_", " ", ".", "é", "("}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for n := r.Intn(10); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		got, want := sqlIdentifiers(s), jsSQLWordRE.FindAllStringIndex(s, -1)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("identifiers of %q: got %v, the regexp finds %v", s, got, want)
		}
		for _, w := range want {
			word := s[w[0]:w[1]]
			if a, b := sqlPhysName(word, sqlPhysTablePrefixes), jsPhysTableRE.MatchString(word); a != b {
				t.Errorf("table name %q: got %v, the regexp says %v", word, a, b)
			}
			if a, b := sqlPhysName(word, sqlPhysColumnPrefixes), jsPhysColumnRE.MatchString(word); a != b {
				t.Errorf("column name %q: got %v, the regexp says %v", word, a, b)
			}
		}
	}
}
