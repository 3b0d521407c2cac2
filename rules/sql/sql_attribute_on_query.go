package sql

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// SQLAttribute flags the sql attribute of query conditions and select
// nodes, which passes raw SQL to the database.
var SQLAttribute = &audit.Rule{
	ID:        "SQL-002",
	Name:      "sql-attribute-on-query",
	Title:     "Raw SQL in the sql attribute of a query condition or node",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.SQL,
	Compat:    []string{"PU-0005"},
	Doc: audit.Doc{
		Rationale: "`<condition sql=\"…\">` and `<node sql=\"…\">` hand raw SQL to the database and belong to the " +
			"SQLData family that v7 no longer runs; the post-upgrade check reports them as PU-0005, an error " +
			"that stops the migration. Unlike that check's plain search for `sql=`, this rule looks only at " +
			"<condition> and <node> elements (stored, in E4X literals, or in XML built in strings), so the " +
			"`sql=\"true\"` storage flag of schema fields, `sqlname`, `sqltable`, and JavaScript variables " +
			"named sql are not reported.",
		Remediation: "Express the condition with `expr` and the v7 syntax: `<condition expr=\"@email\" setOperator=\"IN\">" +
			"<subQuery schema=\"nms:recipient\">…</subQuery></condition>`, or an aggregate such as " +
			"`<node expr=\"count([newsgroup/@id])\" alias=\"../@nbMessages\"/>`.",
		Bad: `<queryFilter name="dupEmail" schema="nms:recipient" xtkschema="xtk:queryFilter">
  <where>
    <condition sql="sEmail in (select sEmail from NmsRecipient group by sEmail having count(sEmail)>1)"/>
  </where>
</queryFilter>`,
		Good: `<queryFilter name="dupEmail" schema="nms:recipient" xtkschema="xtk:queryFilter">
  <where>
    <condition expr="@email" setOperator="IN">
      <subQuery schema="nms:recipient">
        <select><node expr="@email"/></select>
        <groupBy><node expr="@email"/></groupBy>
        <having><condition expr="count(@email)>1"/></having>
      </subQuery>
    </condition>
  </where>
</queryFilter>`,
		URL: docs.SQLData,
	},
	Keywords: []string{"sql"},
	Run:      runSQLAttribute,
}

var sqlInString = query.AttrInString("sql")

func runSQLAttribute(p *audit.Pass) {
	query.QueryElements(p, func(el *xmltree.Element, inE4X bool) {
		name := el.LocalName()
		if name != "condition" && name != "node" {
			return
		}
		if a := el.AttrNode("sql"); a != nil {
			where := ""
			if inE4X {
				where = " in an E4X literal"
			}
			p.ReportAttr(a, "raw SQL in the sql attribute of <%s>%s; v7 only runs expr expressions", el.Name, where)
		}
	})
	query.StringLiterals(p, func(_ *acc.Script, _ jsscan.Token, f query.Fragment) {
		if !query.LooksLikeQueryXML(f.Text) {
			return
		}
		for _, m := range sqlInString.FindAllStringSubmatchIndex(f.Text, -1) {
			p.ReportValue(f.Span, m[2], m[3], "raw SQL in a sql attribute of query XML built in a JavaScript string")
		}
	})
	// cond.@sql = "..." sets the attribute on an E4X node.
	for _, s := range p.Scripts() {
		code := s.JS().Code()
		for i := 0; i+3 < len(code); i++ {
			if code[i].Text == "@" && code[i+1].Kind == jsscan.Ident && code[i+1].Text == "sql" &&
				code[i+2].Kind == jsscan.Punct && code[i+2].Text == "=" {
				p.ReportValue(s.JS().Span, code[i].Start, code[i+1].End, "raw SQL assigned to the sql attribute of an XML node")
			}
		}
	}
}
