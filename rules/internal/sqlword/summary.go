package sqlword

import (
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// sqlCalls are the JavaScript functions that run SQL text.
var sqlCalls = map[string]bool{
	"sqlExec": true, "sqlGetInt": true, "sqlGetString": true, "sqlGetDouble": true, "sqlGetDate": true,
	"sqlGetMemo": true, "sqlGetRecord": true, "sqlSelect": true,
}

var (
	sqlVerb     = regexp.MustCompile(`(?i)\b(SELECT|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|ALTER|DROP)\b`)
	campaignTbl = regexp.MustCompile(`\b(?:Nms|Xtk|Ncm)[A-Z][A-Za-z0-9_]*\b`)
	// opsSQLString tells a string literal holding SQL from a message that
	// happens to start with "Update" or "Select".
	sqlStart   = regexp.MustCompile(`(?i)^\s*(?:SELECT|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|ALTER|DROP|WITH)\s`)
	sqlKeyword = regexp.MustCompile(`(?i)\b(?:FROM|INTO|SET|WHERE|TABLE|INDEX|VIEW|VALUES)\b`)
	// sqlddl finds a structure change and the object it targets (for
	// CREATE INDEX, the table after ON is read separately).
	sqlddl = regexp.MustCompile(`(?is)\b(ALTER\s+TABLE|CREATE\s+(?:UNIQUE\s+)?(?:CLUSTERED\s+|NONCLUSTERED\s+)?INDEX\s+[\w."\[\]]+\s+ON|CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+[\w."\[\]]+\s+(?:\([^)]*\)\s*)?AS\s+SELECT\s.*?\bFROM|DROP\s+(?:TABLE|VIEW|INDEX)|TRUNCATE(?:\s+TABLE)?)\s+(?:IF\s+EXISTS\s+)?(?:["\[]?\w+["\]]?\.)*["\[]?(\w+)`)
)

// SQLSummary describes SQL text for a message.
type SQLSummary struct {
	verbs  map[string]bool
	tables map[string]bool
	Ddl    map[string]bool // "ALTER TABLE NmsRecipient"
}

func NewSQLSummary() *SQLSummary {
	return &SQLSummary{verbs: map[string]bool{}, tables: map[string]bool{}, Ddl: map[string]bool{}}
}

func (s *SQLSummary) Add(sql string) {
	ddl := false // the structure-change regexp needs one of its verbs
	verbsOf(sql, func(v string) {
		s.verbs[v] = true
		ddl = ddl || v == "ALTER" || v == "CREATE" || v == "DROP" || v == "TRUNCATE"
	})
	campaignTables(sql, func(m string) {
		if !strings.Contains(m, "_") { // NmsRecipient_email is an index
			s.tables[m] = true
		}
	})
	if !ddl {
		return
	}
	for _, m := range sqlddl.FindAllStringSubmatch(sql, -1) {
		if campaignTbl.MatchString(m[2]) {
			s.Ddl[ddlKind(m[1])+" on "+m[2]] = true
		}
	}
}

// ddlKind names a structure change: ALTER TABLE, CREATE INDEX...
func ddlKind(stmt string) string {
	w := strings.Fields(strings.ToUpper(stmt))
	switch w[0] {
	case "CREATE":
		for _, k := range w[1:] {
			if k == "INDEX" || k == "VIEW" {
				return "CREATE " + k
			}
		}
	case "ALTER", "DROP":
		if len(w) > 1 {
			return w[0] + " " + w[1]
		}
	}
	return w[0]
}

func SortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// recipientChanges are the structure changes DB-001 reports at the
// statement (with what the extensions of the scan declare).
var recipientChanges = []string{"ALTER TABLE on NmsRecipient", "CREATE INDEX on NmsRecipient", "CREATE VIEW on NmsRecipient"}

// TakeRecipientChanges removes from the summary the changes of
// NmsRecipient that DB-001 reports at the statement and returns them,
// sorted: the container (an activity, a library) only names them, so that
// one change is one finding with one severity.
func (s *SQLSummary) TakeRecipientChanges() []string {
	var out []string
	for _, k := range SortedKeys(s.Ddl) {
		for _, c := range recipientChanges {
			if strings.EqualFold(k, c) {
				out = append(out, k)
				delete(s.Ddl, k)
			}
		}
	}
	return out
}

// Describe completes a message: statements, tables, structure changes.
func (s *SQLSummary) Describe() string { return s.DescribeFor("the activity") }

// DescribeFor is describe for SQL run by what (the activity, the code).
func (s *SQLSummary) DescribeFor(what string) string {
	var b strings.Builder
	if len(s.verbs) > 0 {
		b.WriteString(" (" + strings.Join(SortedKeys(s.verbs), ", "))
		if len(s.tables) > 0 {
			b.WriteString(" on " + strings.Join(SortedKeys(s.tables), ", "))
		}
		b.WriteString(")")
	}
	if len(s.Ddl) > 0 {
		b.WriteString("; it changes the structure of Campaign tables (" + strings.Join(SortedKeys(s.Ddl), ", ") +
			"), which the migration rebuilds or converts: declare the change in a schema extension or drop it before the post-upgrade")
	} else {
		b.WriteString("; the post-upgrade does not check it: review it against the v7 data model and retest " + what)
	}
	return b.String()
}

// SQLFunctionCalls calls fn for each call of a platform SQL function
// in a script (sqlExec(…), not obj.sqlExec(…) nor function sqlExec).
func SQLFunctionCalls(s *acc.Script, fn func(t *jsscan.Token)) {
	// Every name of sqlCalls starts with "sql", and a token's text is a
	// piece of the source: without it the comment-free copy of the
	// tokens need not be made.
	if !s.MayHold("sql") || !strings.Contains(s.Src(), "sql") {
		return
	}
	code := s.JS().Code()
	// The names are found from the "sql" of the source, each looked up
	// among the tokens (sorted by Start): far fewer than the tokens. The
	// 'q' is searched, much rarer than the 's'.
	src := s.Src()
	i := 0
	for q := 1; q < len(src)-1; q++ {
		k := strings.IndexByte(src[q:len(src)-1], 'q')
		if k < 0 {
			return
		}
		q += k
		if src[q-1] != 's' || src[q+1] != 'l' {
			continue
		}
		var at bool
		if i, at = jsscan.TokenAt(code, q-1, i); i+1 >= len(code) {
			return // the last token is called by nothing
		}
		t := &code[i]
		if !at || t.Kind != jsscan.Ident || !sqlCalls[t.Text] || code[i+1].Text != "(" {
			continue
		}
		if i > 0 && (code[i-1].Text == "." || code[i-1].Text == "function") {
			continue
		}
		fn(t)
	}
}

// AddStrings adds the SQL held by the string literals of a script.
func (s *SQLSummary) AddStrings(sc *acc.Script) {
	toks := sc.JS().Tokens
	for i := range toks {
		if t := &toks[i]; t.Kind == jsscan.String && len(t.Text) >= 2 && isSQLString(t.Text[1:len(t.Text)-1]) {
			s.Add(t.Text[1 : len(t.Text)-1])
		}
	}
}

// isSQLString reports whether a string literal holds SQL.
func isSQLString(s string) bool {
	if !walk.HasFold(s, "select", "insert", "update", "delete", "merge", "truncate", "create", "alter", "drop", "with", "nms", "xtk", "ncm") {
		return false
	}
	if strings.Contains(s, "ſ") {
		// the regexps fold case the Unicode way (see verbsOf)
		return sqlStart.MatchString(s) && sqlKeyword.MatchString(s) || hasCampaignTable(s)
	}
	return startsSQL(s) && hasSQLKeyword(s) || hasCampaignTable(s)
}

func BoolKeys(m map[string]int) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}
