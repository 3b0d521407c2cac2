package rules

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/audit/xtk"
)

// sqlMoreRules are the SQL rules of this file, listed with the family in
// rules.go.
var sqlMoreRules = []*audit.Rule{RawSQLInExpression, FuncListHygiene, SQLConcatenation}

const (
	jsDocFuncList   = docBase + "configuration/using/adding-additional-sql-functions.md#general-structure-of-package-to-import"
	jsDocScripting  = docBase + "installation/using/scripting-coding-guidelines.md#scripting"
	factFuncList    = "js.funcList" // namespace:name → file#ordinal of each declaring entity
	jsFuncListGroup = "aggregate string date numeric geomarketing other window"
)

// RawSQLInExpression flags SQL written straight into XTK expressions
// without the [SQLDATA[ marker.
var RawSQLInExpression = &audit.Rule{
	ID:        "SQL-005",
	Name:      "raw-sql-in-expression",
	Title:     "Raw SQL fragment inside an XTK expression",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatSQL,
	Doc: audit.Doc{
		Rationale: "XTK expressions are written against the logical schema (`@email`, `[folder/@label]`) and " +
			"translated to SQL by the server. SQLData-era code also put SQL straight into them: `select … from` " +
			"sub-queries, correlated aliases (`O0.iOperationId`, `W.iId`), physical column names with their " +
			"type prefix (`iRecipientId`, `sEmail`, `tsCreated`) and table names (`NmsRecipient`, " +
			"`XtkOperatorGroup`). Without the `[SQLDATA[` marker (SQL-001) such text is not caught by the " +
			"post-upgrade check, yet v7 no longer accepts it. The rule reads the expressions that become SQL " +
			"(query and filter conditions, select nodes, calculated schema fields, join filters, expressions " +
			"built in scripts) and ignores string literals, `$(…)` parameters, SQLData fragments, function " +
			"names and xpaths; `sqlname`/`sqltable` definitions are not expressions. It is a heuristic: one " +
			"finding per expression, naming what looks like SQL.",
		Remediation: "Rewrite the expression on the logical schema: `@id` instead of `iRecipientId`, a link " +
			"`[folder/@label]` instead of a join alias, a sub-query `<condition expr=\"@id\" setOperator=\"IN\">" +
			"<subQuery schema=\"…\">…</subQuery></condition>` instead of `select … from`.",
		Bad: `<queryFilter name="withOrders" schema="nms:recipient" xtkschema="xtk:queryFilter">
  <where><condition expr="@id IN (select iRecipientId from CusOrder where iStatus = 1)"/></where>
</queryFilter>`,
		Good: `<queryFilter name="withOrders" schema="nms:recipient" xtkschema="xtk:queryFilter">
  <where>
    <condition expr="@id" setOperator="IN">
      <subQuery schema="cus:order">
        <select><node expr="[@recipient-id]"/></select>
        <where><condition expr="@status = 1"/></where>
      </subQuery>
    </condition>
  </where>
</queryFilter>`,
		URL: docSQLData,
	},
	Effort: 2,
	Run:    runRawSQLInExpression,
}

var (
	jsSQLWordRE     = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	jsPhysColumnRE  = regexp.MustCompile(`^(i|s|ts|d|m|b)[A-Z][A-Za-z0-9_]*$`)
	jsPhysTableRE   = regexp.MustCompile(`^(Nms|Xtk|Ncm|Nl|Crm|Nmc)[A-Z][A-Za-z0-9_]*$`)
	jsSelectRE      = regexp.MustCompile(`\bselect\b`)
	jsFromRE        = regexp.MustCompile(`\bfrom\b`)
	jsSQLAliasColRE = regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9]{0,3})\.((i|s|ts|d|m|b)[A-Z][A-Za-z0-9_]*)\b`)
)

// jsXTKMask blanks what an XTK expression holds that is not expression
// code: string literals, $(…) parameters and SQLData fragments.
func jsXTKMask(s string) string {
	b := []byte(s)
	blank := func(i, j int) {
		for k := i; k < j && k < len(b); k++ {
			b[k] = ' '
		}
	}
	for _, r := range xtk.SQLData(s) {
		blank(r.Start, r.End)
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(b) && b[j] != c {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			blank(i, j+1)
			i = j
		case c == '$' && i+1 < len(b):
			j := i + 1
			for j < len(b) && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9') {
				j++
			}
			if j < len(b) && b[j] == '(' {
				depth := 0
				for ; j < len(b); j++ {
					if b[j] == '(' {
						depth++
					} else if b[j] == ')' {
						depth--
						if depth == 0 {
							break
						}
					}
				}
				blank(i, j+1)
				i = j
			}
		}
	}
	return string(b)
}

func runRawSQLInExpression(p *audit.Pass) {
	// A condition joined with aliasSqlTable is reported by SQL-003; its
	// alias-qualified columns are part of that construct.
	var joined [][2]int64
	joinedDone := false
	inJoin := func(off int64) bool {
		if !joinedDone {
			joinedDone = true
			queryElements(p, func(el *xmltree.Element, _ bool) {
				for _, a := range el.Attrs {
					if strings.EqualFold(a.Name, "aliasSqlTable") {
						for _, b := range el.Attrs {
							if b.Name == "expr" {
								s, e := audit.AttrRange(&b)
								joined = append(joined, [2]int64{s, e})
							}
						}
					}
				}
			})
		}
		for _, j := range joined {
			if off >= j[0] && off < j[1] {
				return true
			}
		}
		return false
	}
	sqlExpressions(p, func(f fragment) {
		m := jsXTKMask(f.text)
		type hit struct {
			at, end int
			what    string
		}
		var hits []hit
		// The lower-cased copy holds "select" only where m holds it in
		// some ASCII case: no other character lower-cases to its letters.
		if opsHasFold(m, "select") {
			lower := strings.ToLower(m)
			if loc := jsSelectRE.FindStringIndex(lower); loc != nil {
				if jsFromRE.MatchString(lower[loc[1]:]) {
					hits = append(hits, hit{loc[0], loc[1], "a select … from sub-query"})
				}
			}
		}
		aliased := map[int]bool{}
		var aliasCols [][]int
		if strings.IndexByte(m, '.') >= 0 {
			aliasCols = jsSQLAliasColRE.FindAllStringSubmatchIndex(m, -1)
		}
		for _, a := range aliasCols {
			if a[0] > 0 && strings.ContainsRune("@/:$[.", rune(m[a[0]-1])) {
				continue
			}
			hits = append(hits, hit{a[0], a[1], "the correlated column " + m[a[0]:a[1]]})
			aliased[a[4]] = true
		}
		for _, w := range sqlIdentifiers(m) {
			word := m[w[0]:w[1]]
			if aliased[w[0]] {
				continue
			}
			if w[0] > 0 && strings.ContainsRune("@/:.$-", rune(m[w[0]-1])) {
				continue
			}
			rest := strings.TrimLeft(m[w[1]:], " \t\r\n")
			if rest != "" && (rest[0] == '(' || rest[0] == '/' || rest[0] == ':') || w[1] < len(m) && m[w[1]] == '.' {
				continue
			}
			switch {
			case sqlPhysName(word, sqlPhysTablePrefixes):
				hits = append(hits, hit{w[0], w[1], "the table name " + word})
			case sqlPhysName(word, sqlPhysColumnPrefixes):
				hits = append(hits, hit{w[0], w[1], "the column name " + word})
			}
		}
		if len(hits) == 0 || inJoin(f.span.File(0)) {
			return
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
		var whats []string
		seen := map[string]bool{}
		for _, h := range hits {
			if !seen[h.what] && len(whats) < 3 {
				seen[h.what] = true
				whats = append(whats, h.what)
			}
		}
		p.ReportValue(f.span, hits[0].at, hits[0].end, "%s looks like raw SQL (%s): v7 expects XTK on the logical schema; rewrite with xpaths, links or a sub-query",
			f.where, strings.Join(whats, ", "))
	})
}

// FuncListHygiene checks custom SQL function packages.
var FuncListHygiene = &audit.Rule{
	ID:        "SQL-007",
	Name:      "funclist-package-hygiene",
	Title:     "Custom xtk:funcList package that will not import or work as intended",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  CatSQL,
	Doc: audit.Doc{
		Rationale: "v7 only sends declared SQL functions to the database, so the xtk:funcList packages that declare " +
			"them must import cleanly: the funcList `name` and `namespace` are mandatory, the package header " +
			"needs `buildVersion` and `buildNumber`, each group is one of aggregate, string, date, numeric, " +
			"geomarketing, other, window or a new group with a label, each function needs a `providerPart` " +
			"with a `body`, a pass-through descriptor (no `provider`) must be the function's only part, and the " +
			"parts must cover the database of the target (read from the default data source of a " +
			"serverConf.xml of the scan). Importing two funcLists with the same namespace and name deletes the " +
			"functions of the first. Declared functions are only usable after the server restarts.",
		Remediation: "Complete the declaration (`<package namespace=\"cus\" name=\"funcs\" buildVersion=\"7.1\" " +
			"buildNumber=\"9356\"><entities schema=\"xtk:funcList\"><funcList name=\"myList\" namespace=\"cus\">" +
			"<group name=\"date\" label=\"Personalized date\"><function name=\"relativeMaturity\" type=\"long\" " +
			"minArgs=\"1\" maxArgs=\"1\"><providerPart provider=\"PostgreSQL\" body=\"extract(year from age($1))-18\"/>" +
			"</function></group></funcList></entities></package>`), give each list its own name, and restart " +
			"the server after the import.",
		Bad: `<package namespace="cus" name="funcs" label="Functions">
  <entities schema="xtk:funcList">
    <funcList name="myList" namespace="cus">
      <group name="date" label="Personalized date">
        <function name="relativeMaturity" type="long" minArgs="1" maxArgs="1">
          <providerPart provider="PostgreSQL" body="extract(year from age($1))-18"/>
        </function>
      </group>
    </funcList>
  </entities>
</package>`,
		Good: `<package namespace="cus" name="funcs" label="Functions" buildVersion="7.1" buildNumber="9356">
  <entities schema="xtk:funcList">
    <funcList name="myList" namespace="cus">
      <group name="date" label="Personalized date">
        <function name="relativeMaturity" type="long" minArgs="1" maxArgs="1">
          <providerPart provider="PostgreSQL" body="extract(year from age($1))-18"/>
        </function>
      </group>
    </funcList>
  </entities>
</package>`,
		URL: jsDocFuncList,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:funcList"},
	Run:     runFuncListHygiene,
}

var jsFuncListCollector = audit.Collector{
	Name:    "js-funclist",
	Schemas: []string{"xtk:funcList"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		if k := u.Entity.Key; strings.Contains(k, ":") {
			rec.Record(factFuncList, k, u.File+"#"+strconv.Itoa(u.Entity.Ordinal))
		}
	},
}

func runFuncListHygiene(p *audit.Pass) {
	e := p.Entity
	root := e.Root
	if root.LocalName() != "funcList" {
		return
	}
	var missing []string
	for _, a := range []string{"name", "namespace"} {
		if strings.TrimSpace(root.AttrValue(a)) == "" {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		p.ReportElement(root, "<funcList> lacks the mandatory %s attribute(s): the package cannot be imported", strings.Join(missing, " and "))
	}
	if pkg := e.Package; pkg != nil && (strings.TrimSpace(pkg.BuildVersion) == "" || strings.TrimSpace(pkg.BuildNumber) == "") {
		p.ReportElement(root, "the package header of this funcList lacks buildVersion or buildNumber, which are mandatory and must match the target server")
	}
	for _, g := range root.Elements() {
		if g.LocalName() != "group" {
			continue
		}
		name := g.AttrValue("name")
		if !strings.Contains(" "+jsFuncListGroup+" ", " "+name+" ") && strings.TrimSpace(g.AttrValue("label")) == "" {
			p.ReportElement(g, "group %q is neither a built-in group (%s) nor a new group with a label", name, strings.ReplaceAll(jsFuncListGroup, " ", ", "))
		}
		for _, fn := range g.Elements() {
			if fn.LocalName() != "function" {
				continue
			}
			jsCheckFunction(p, fn)
		}
	}
	if key := e.Key; strings.Contains(key, ":") {
		self := p.File + "#" + strconv.Itoa(e.Ordinal)
		f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "funcList %s", key)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			var others []string
			for _, v := range ix.Facts(factFuncList, key) {
				if v != self {
					file, _, _ := strings.Cut(v, "#")
					others = append(others, path.Base(file))
				}
			}
			if len(others) == 0 {
				return false
			}
			f.Message += " is also declared in " + strings.Join(others, ", ") + ": importing one deletes the functions the other declared; give each list its own name"
			return true
		})
	}
}

// jsCheckFunction checks the provider parts of one function.
func jsCheckFunction(p *audit.Pass, fn *xmltree.Element) {
	name := fn.AttrValue("name")
	var parts []*xmltree.Element
	passThrough := false
	var providers []string
	for _, pp := range fn.Elements() {
		if pp.LocalName() != "providerPart" {
			continue
		}
		parts = append(parts, pp)
		if strings.TrimSpace(pp.AttrValue("body")) == "" {
			p.ReportElement(pp, "providerPart of function %s has no body", name)
		}
		if prov, ok := pp.Attr("provider"); !ok || strings.TrimSpace(prov) == "" {
			passThrough = true
		} else {
			for _, pr := range strings.Split(prov, ",") {
				providers = append(providers, strings.ToLower(strings.TrimSpace(pr)))
			}
		}
	}
	switch {
	case len(parts) == 0:
		p.ReportElement(fn, "function %s has no providerPart: it cannot be translated to SQL", name)
		return
	case passThrough && len(parts) > 1:
		p.ReportElement(fn, "function %s mixes a pass-through providerPart (no provider) with other parts: a pass-through descriptor must be the only part", name)
		return
	case passThrough:
		return
	}
	f := p.Newf(fn.Start, fn.Start+1+int64(len(fn.Name)), "function %s", name)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		targets := ix.Facts(factDBProvider, "default")
		if len(targets) == 0 {
			return false
		}
		for _, t := range targets {
			for _, pr := range providers {
				if strings.EqualFold(pr, t) {
					return false
				}
			}
		}
		f.Message += " has no providerPart for " + strings.Join(targets, ", ") + ", the database of the target (serverConf.xml): add one"
		return true
	})
}

// SQLConcatenation flags SQL text built by concatenating request input.
var SQLConcatenation = &audit.Rule{
	ID:        "SQL-008",
	Name:      "sql-concatenated-input",
	Title:     "SQL built by concatenating request input instead of bound parameters",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  CatSQL,
	Doc: audit.Doc{
		Rationale: "The scripting guidelines forbid building SQL by concatenation: `sqlGetInt(\"… sEmail ='\" + " +
			"request.getParameter('email') + \"'\")` is an SQL injection. The rule reports `sqlExec`, `sqlGetInt`, " +
			"`sqlGetString`, `sqlGetDouble`, `sqlGetDate`, `sqlGetMemo` (first argument), `sqlSelect` (second " +
			"argument) and `query()` on a database connection whose SQL text concatenates request input: " +
			"`request.*` (JSSP, web applications), the web application context `ctx.*`, or a variable assigned " +
			"from them. Constants concatenated for readability, and input passed through `NL.SQL.escape()`, " +
			"`parseInt()`, `parseFloat()` or `Number()`, are not reported.",
		Remediation: "Bind the value: `sqlGetInt(\"select iRecipientId from NmsRecipient where sEmail = $(sz) limit 1\", " +
			"request.getParameter('email'))`; for result sets `application.getConnection().query(\"… $(sz)\", value)`; " +
			"escape with `NL.SQL.escape()` only where binding is impossible.",
		Bad: `<jssp name="lookup.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var id = sqlGetInt("select iRecipientId from NmsRecipient where sEmail ='" + request.getParameter('email') + "' limit 1"); %>]]></data>
</jssp>`,
		Good: `<jssp name="lookup.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var id = sqlGetInt("select iRecipientId from NmsRecipient where sEmail = $(sz) limit 1", request.getParameter('email')); %>]]></data>
</jssp>`,
		URL: jsDocScripting,
	},
	Effort: 1,
	Run:    runSQLConcatenation,
}

// jsSQLFunctions gives the argument index of the SQL text.
var jsSQLFunctions = map[string]int{
	"sqlExec": 0, "sqlGetInt": 0, "sqlGetString": 0, "sqlGetDouble": 0, "sqlGetDate": 0, "sqlGetMemo": 0,
	"sqlSelect": 1, "query": 0,
}

// jsSafeWrappers neutralise request input.
var jsSafeWrappers = map[string]bool{"escape": true, "parseInt": true, "parseFloat": true, "Number": true}

func runSQLConcatenation(p *audit.Pass) {
	for _, c := range jsCodes(p, false, "sql", "query") {
		for name, idx := range jsSQLFunctions {
			c.calls(name, func(i, open int, member bool) {
				if name == "query" {
					if !member || !c.jsIsConnection(c.prev(c.prev(i))) {
						return
					}
				} else if member || c.declaresFunction(name) {
					return
				}
				args := c.args(open)
				if len(args) <= idx {
					return
				}
				parts := c.concatParts(args[idx])
				if len(parts) < 2 {
					return
				}
				for _, part := range parts {
					src := c.jsRequestInput(part, 0)
					if src == "" {
						continue
					}
					start, end := c.span(part[0], c.prev(part[1]))
					p.Reportf(start, end, "%s() builds its SQL by concatenating %s: pass the value as a bound parameter ($(sz), $(l)…) instead", name, src)
					return
				}
			})
		}
	}
}

// jsIsConnection reports whether the expression ending at k is a database
// connection: application.getConnection() or a variable holding one.
func (c *jsCode) jsIsConnection(k int) bool {
	if k < 0 {
		return false
	}
	lo := c.chainStart(k)
	if lo < 0 {
		return false
	}
	text := c.text(lo, k+1)
	if strings.Contains(text, "getConnection(") {
		return true
	}
	if c.isName(lo) && lo == k {
		if a, _ := c.lastAssign(c.t[lo].Text, lo); a != nil && a.kind == assignValue {
			return strings.Contains(c.text(a.lo, a.hi), "getConnection(")
		}
	}
	return false
}

// jsRequestInput tells whether tokens [lo, hi) carry request input, and
// which: request.*, ctx.*, or a variable assigned from them.
func (c *jsCode) jsRequestInput(r [2]int, depth int) string {
	if depth > 3 || r[0] < 0 {
		return ""
	}
	if parts := c.concatParts(r); len(parts) > 1 {
		for _, part := range parts {
			if src := c.jsRequestInput(part, depth+1); src != "" {
				return src
			}
		}
		return ""
	}
	ch := c.chain(r[0], r[1])
	if ch == nil || ch.end != r[1] {
		return ""
	}
	s0 := ch.steps[0]
	if s0.kind != stepPrimary || c.t[s0.at].Kind != jsscan.Ident {
		return ""
	}
	root := c.t[s0.at].Text
	// a wrapper call such as NL.SQL.escape(x) or parseInt(x)
	for k, st := range ch.steps {
		if st.kind == stepCall && k > 0 {
			prev := ch.steps[k-1]
			if prev.kind == stepMember && jsSafeWrappers[prev.name] || k == 1 && jsSafeWrappers[root] {
				return ""
			}
		}
	}
	if c.scopeOf(root, s0.at) < 0 {
		if a, _ := c.lastAssign(root, s0.at); a == nil {
			switch root {
			case "request":
				return "request input (" + c.text(r[0], r[1]) + ")"
			case "ctx":
				if c.kind == kindWebApp {
					return "web application input (" + c.text(r[0], r[1]) + ")"
				}
			}
			return ""
		}
	}
	if len(ch.steps) == 1 {
		if a, _ := c.lastAssign(root, s0.at); a != nil && a.kind == assignValue {
			if src := c.jsRequestInput([2]int{a.lo, a.hi}, depth+1); src != "" {
				return root + ", which holds " + src
			}
		}
	}
	return ""
}
