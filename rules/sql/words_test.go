package sql

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/rules/internal/sqlword"
)

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
		got, want := sqlword.Identifiers(s), sqlWordRE.FindAllStringIndex(s, -1)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("identifiers of %q: got %v, the regexp finds %v", s, got, want)
		}
		for _, w := range want {
			word := s[w[0]:w[1]]
			if a, b := sqlword.PhysName(word, sqlword.PhysTablePrefixes), physTableRE.MatchString(word); a != b {
				t.Errorf("table name %q: got %v, the regexp says %v", word, a, b)
			}
			if a, b := sqlword.PhysName(word, sqlword.PhysColumnPrefixes), physColumnRE.MatchString(word); a != b {
				t.Errorf("column name %q: got %v, the regexp says %v", word, a, b)
			}
		}
	}
}
