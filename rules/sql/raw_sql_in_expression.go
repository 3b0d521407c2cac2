package sql

import (
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
	"github.com/acc-audit/acc-audit/rules/internal/sqlword"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// RawSQLInExpression flags SQL written straight into XTK expressions
// without the [SQLDATA[ marker.
var RawSQLInExpression = &audit.Rule{
	ID:        "SQL-005",
	Name:      "raw-sql-in-expression",
	Title:     "Raw SQL fragment inside an XTK expression",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.SQL,
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
		URL: docs.SQLData,
	},
	Effort: 2,
	Run:    runRawSQLInExpression,
}

var (
	selectRE      = regexp.MustCompile(`\bselect\b`)
	fromRE        = regexp.MustCompile(`\bfrom\b`)
	sqlAliasColRE = regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9]{0,3})\.((i|s|ts|d|m|b)[A-Z][A-Za-z0-9_]*)\b`)
)

func runRawSQLInExpression(p *audit.Pass) {
	// A condition joined with aliasSqlTable is reported by SQL-003; its
	// alias-qualified columns are part of that construct.
	var joined [][2]int64
	joinedDone := false
	inJoin := func(off int64) bool {
		if !joinedDone {
			joinedDone = true
			query.QueryElements(p, func(el *xmltree.Element, _ bool) {
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
	query.Expressions(p, func(f query.Fragment) {
		m := query.XTKMask(f.Text)
		type hit struct {
			at, end int
			what    string
		}
		var hits []hit
		// The lower-cased copy holds "select" only where m holds it in
		// some ASCII case: no other character lower-cases to its letters.
		if walk.HasFold(m, "select") {
			lower := strings.ToLower(m)
			if loc := selectRE.FindStringIndex(lower); loc != nil {
				if fromRE.MatchString(lower[loc[1]:]) {
					hits = append(hits, hit{loc[0], loc[1], "a select … from sub-query"})
				}
			}
		}
		aliased := map[int]bool{}
		var aliasCols [][]int
		if strings.IndexByte(m, '.') >= 0 {
			aliasCols = sqlAliasColRE.FindAllStringSubmatchIndex(m, -1)
		}
		for _, a := range aliasCols {
			if a[0] > 0 && strings.ContainsRune("@/:$[.", rune(m[a[0]-1])) {
				continue
			}
			hits = append(hits, hit{a[0], a[1], "the correlated column " + m[a[0]:a[1]]})
			aliased[a[4]] = true
		}
		for _, w := range sqlword.Identifiers(m) {
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
			case sqlword.PhysName(word, sqlword.PhysTablePrefixes):
				hits = append(hits, hit{w[0], w[1], "the table name " + word})
			case sqlword.PhysName(word, sqlword.PhysColumnPrefixes):
				hits = append(hits, hit{w[0], w[1], "the column name " + word})
			}
		}
		if len(hits) == 0 || inJoin(f.Span.File(0)) {
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
		p.ReportValue(f.Span, hits[0].at, hits[0].end, "%s looks like raw SQL (%s): v7 expects XTK on the logical schema; rewrite with xpaths, links or a sub-query",
			f.Where, strings.Join(whats, ", "))
	})
}
