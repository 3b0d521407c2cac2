package sql

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// AliasSQLTable flags aliasSqlTable, the SQLData way of joining a query to a
// physical table alias.
var AliasSQLTable = &audit.Rule{
	ID:        "SQL-003",
	Name:      "alias-sql-table",
	Title:     "Join on a physical table alias with aliasSqlTable",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.SQL,
	Doc: audit.Doc{
		Rationale: "`aliasSqlTable` names a physical SQL table alias so that an SQLData fragment can join on it " +
			"(`[SQLDATA[W.iId]]`). It is part of the SQLData syntax that v7 replaced, and the vendor's " +
			"post-upgrade check does not see it: `aliasSqlTable=` does not contain the `sql=` it searches for.",
		Remediation: "Use the v7 join syntax `[schemaName:alias:xPath]` in the expression instead, e.g. " +
			"`expr={\"[\" + dest.nodePath + \"] = [\" + nodeSchema.id + \":\" + src.nodePath + \"]\"}`, and drop aliasSqlTable.",
		Bad: `<workflow internalName="wkfJoin" xtkschema="xtk:workflow">
  <activities>
    <query name="query" schema="nms:recipient">
      <where>
        <condition expr="[@id] = [SQLDATA[W.iRecipientId]]" aliasSqlTable="CusOrder W"/>
      </where>
    </query>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfJoin" xtkschema="xtk:workflow">
  <activities>
    <query name="query" schema="nms:recipient">
      <where>
        <condition expr="[@id] = [cus:order:o:@recipient-id]"/>
      </where>
    </query>
  </activities>
</workflow>`,
		URL: docs.SQLData,
	},
	Keywords: []string{"aliassqltable"},
	Run:      runAliasSQLTable,
}

var aliasInString = query.AttrInString("aliasSqlTable")

func runAliasSQLTable(p *audit.Pass) {
	query.QueryElements(p, func(el *xmltree.Element, inE4X bool) {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if strings.EqualFold(a.Name, "aliasSqlTable") {
				where := ""
				if inE4X {
					where = " in an E4X literal"
				}
				p.ReportAttr(a, "SQLData join alias %s on <%s>%s; use a [schema:alias:xpath] join", a.Name, el.Name, where)
			}
		}
	})
	query.StringLiterals(p, func(_ *acc.Script, _ jsscan.Token, f query.Fragment) {
		for _, m := range aliasInString.FindAllStringSubmatchIndex(f.Text, -1) {
			p.ReportValue(f.Span, m[2], m[3], "SQLData join alias aliasSqlTable in XML built in a JavaScript string")
		}
	})
	for _, s := range p.Scripts() {
		code := s.JS().Code()
		for i := 0; i+1 < len(code); i++ {
			if code[i].Text == "@" && code[i+1].Kind == jsscan.Ident && strings.EqualFold(code[i+1].Text, "aliasSqlTable") {
				p.ReportValue(s.JS().Span, code[i].Start, code[i+1].End, "SQLData join alias aliasSqlTable set on an XML node")
			}
		}
	}
}
