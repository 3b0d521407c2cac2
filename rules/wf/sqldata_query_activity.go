package wf

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/audit/xtk"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// WorkflowActivitySQLData flags, once per activity, the query, split,
// enrichment, update and other targeting activities whose stored filter
// is built on SQLData. SQL-001…003 report each fragment; this finding is
// the unit of work in the workflow editor: the activity whose filter must
// be rebuilt and whose population must be checked again.
var WorkflowActivitySQLData = &audit.Rule{
	ID:        "WF-003",
	Name:      "sqldata-query-activity",
	Title:     "Workflow activity whose filter is built on SQLData",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.Workflows,
	Doc: audit.Doc{
		Rationale: "A targeting activity (query, split, enrichment, update, deduplication...) stores its filter as " +
			"query XML. When that filter holds SQLData (`[SQLDATA[`, a `sql` attribute on a condition or a node, " +
			"an `aliasSqlTable` join), v7 refuses it and the post-upgrade stops (PU-0005, PU-0006). The SQL rules " +
			"report each fragment where it is written; this rule adds one finding per activity, naming it and " +
			"counting its fragments, because the fix is made in that activity's filter editor and the population " +
			"it returns must be checked again. It also reports an activity that uses a predefined filter " +
			"(xtk:queryFilter) of the scan built on SQLData, which the fragment rules cannot tie to the workflow. " +
			"Generated display filters and human-readable conditions are ignored; scripts are left to SQL-001…003.",
		Remediation: "Rebuild the activity's filter with the v7 syntax: a sub-query (`<condition expr=\"@id\" " +
			"setOperator=\"IN\"><subQuery schema=\"nms:rcpGrpRel\">…</subQuery></condition>`), a join " +
			"expression or a collection aggregate instead of SQL, then compare the counts of the activity " +
			"before and after the change.",
		Bad: `<workflow internalName="wkfWeekly" label="Weekly newsletter" xtkschema="xtk:workflow">
  <activities>
    <query label="Subscribers" name="query" schema="nms:recipient" x="200" y="100">
      <where displayFilter="subscribers">
        <condition expr="@id IN ([SQLDATA[SELECT iRecipientId FROM NmsSubscription WHERE iServiceId = 12]])"/>
      </where>
    </query>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfWeekly" label="Weekly newsletter" xtkschema="xtk:workflow">
  <activities>
    <query label="Subscribers" name="query" schema="nms:recipient" x="200" y="100">
      <where displayFilter="subscribers">
        <condition expr="@id" setOperator="IN">
          <subQuery schema="nms:subscription">
            <select><node expr="[@recipient-id]"/></select>
            <where><condition expr="[@service-id] = 12"/></where>
          </subQuery>
        </condition>
      </where>
    </query>
  </activities>
</workflow>`,
		URL: docs.SQLData,
	},
	Effort:      1,
	Schemas:     []string{"xtk:workflow", "nms:operation"},
	RootCauses:  []string{"SQL-001", "SQL-002", "SQL-003"},
	Consequence: "the activity holding it stops in v7: rebuild its filter and check its population again (WF-003)",
	Requires:    []*audit.Collector{SQLFilterCollector},
	// Every construct counted has "sql" in its source (an attribute sql,
	// aliasSqlTable, [SQLDATA[), and every filter use a filterName.
	Keywords: []string{"sql", "filtername"},
	Run:      runWorkflowActivitySQLData,
}

// sqlDataCount counts the SQLData constructs of stored query XML.
type sqlDataCount struct {
	sqldata, sqlAttr, alias int
}

func (c sqlDataCount) total() int { return c.sqldata + c.sqlAttr + c.alias }

func (c sqlDataCount) String() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(c.sqldata, "a [SQLDATA[ fragment", "[SQLDATA[ fragments")
	add(c.sqlAttr, "a sql attribute", "sql attributes")
	add(c.alias, "an aliasSqlTable join", "aliasSqlTable joins")
	return strings.Join(parts, ", ")
}

// countSQLData counts the SQLData constructs stored below el, outside
// scripts and prose.
func countSQLData(root *xmltree.Element, code map[*xmltree.Element]bool) sqlDataCount {
	var c sqlDataCount
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) || code[el] {
			return false
		}
		name := el.LocalName()
		for i := range el.Attrs {
			a := &el.Attrs[i]
			switch {
			case acc.IsDescriptiveAttr(a.Name):
			case a.Name == "sql" && (name == "condition" || name == "node"):
				c.sqlAttr++
			case strings.EqualFold(a.Name, "aliasSqlTable"):
				c.alias++
			default:
				c.sqldata += len(xtk.SQLData(a.Value))
			}
		}
		return true
	})
	return c
}

func runWorkflowActivitySQLData(p *audit.Pass) {
	code := map[*xmltree.Element]bool{}
	for _, c := range p.Code() {
		if c.Attr == nil {
			code[c.Elem] = true
		}
	}
	for _, a := range walk.Activities(p.Entity.Root) {
		if n := countSQLData(a, code); n.total() > 0 {
			p.ReportElement(a, "%s filters with raw SQL (%s): v7 refuses SQLData and the post-upgrade stops; "+
				"rebuild the activity's filter with sub-queries or join expressions and check its population again",
				walk.DescribeActivity(a), n)
		}
		reportSQLDataFilterUse(p, a, code)
	}
}

// reportSQLDataFilterUse reports the predefined filters an activity
// uses when the scan shows they are built on SQLData.
func reportSQLDataFilterUse(p *audit.Pass, act *xmltree.Element, code map[*xmltree.Element]bool) {
	desc := walk.DescribeActivity(act)
	act.Walk(func(el *xmltree.Element) bool {
		if el != act && acc.IsDescriptiveElement(el.LocalName()) || code[el] {
			return false
		}
		at := el.AttrNode("filterName")
		if at == nil || strings.TrimSpace(at.Value) == "" {
			return true
		}
		name := strings.TrimSpace(at.Value)
		s, e := audit.AttrRange(at)
		f := p.Newf(s, e, "%s uses the predefined filter %s, which is built on SQLData", desc, name)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			by := sqlFilters.Values(ix, name)
			if len(by) == 0 {
				return false
			}
			f.Message += " (" + strings.Join(by, ", ") + "): the activity fails with the filter; rewrite the filter, then check the activity's population again"
			return true
		})
		return true
	})
}
