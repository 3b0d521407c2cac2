package web

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xtk"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// WebOverviewSQLData flags v6.02 overview web applications built on
// SQLData.
var WebOverviewSQLData = &audit.Rule{
	ID:        "WEB-001",
	Name:      "overview-web-app-with-sqldata",
	Title:     "v6.02 overview web application built on SQLData",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.WebApps,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "The v6.02 overview web applications (taskOverview, lastTasks, and the other *Overview lists) " +
			"\"used SQLData and are not compatible with v7, due to heightened security. These errors will lead to a " +
			"migration failure\" (the postupgrade logs them as PU-0006). The rule reports once per overview web " +
			"application that still holds [SQLDATA[ in an expression, a text or a script string (comments and " +
			"labels ignored), with the number of occurrences; each occurrence is also reported by SQL-001. Renamed " +
			"copies of the overviews are not recognised.",
		Remediation: "If the overview is not used, run `nlserver javascript -instance:<instance> -file " +
			"<install>/datakit/xtk/fra/js/removeOldWebApp.js` and rerun the postupgrade; if it is, rewrite its " +
			"queries with `<subQuery>`/aggregate syntax (temporarily setting allowSQLInjection=\"true\" and running " +
			"`postupgrade -force`, then back to false).",
		Bad: `<webApp internalName="taskOverview" label="Tasks overview" xtkschema="nms:webApp">
  <activities>
    <query name="tasks" schema="nms:task">
      <where><condition expr="[@owner-id] IN ([SQLDATA[select iGroupId from XtkOperatorGroup]])"/></where>
    </query>
  </activities>
</webApp>`,
		Good: `<webApp internalName="taskOverview" label="Tasks overview" xtkschema="nms:webApp">
  <activities>
    <query name="tasks" schema="nms:task">
      <where>
        <condition expr="[@owner-id]" setOperator="IN">
          <subQuery schema="xtk:operatorGroup"><select><node expr="[@group-id]"/></select></subQuery>
        </condition>
      </where>
    </query>
  </activities>
</webApp>`,
		URL: docs.MigPlatform,
	},
	Effort:      8,
	Schemas:     []string{"nms:webApp"},
	RootCauses:  []string{"SQL-001"},
	Consequence: "it sits in an overview web application, which the postupgrade stops on: remove it with removeOldWebApp.js if unused, else rewrite its queries (WEB-001)",
	Run: func(p *audit.Pass) {
		key := p.Entity.Key
		builtIn := webapp.OverviewApps[key]
		if !builtIn && !strings.HasSuffix(strings.ToLower(key), "overview") {
			return
		}
		count := 0
		var first struct {
			start, end int64
			where      string
		}
		webapp.Texts(p, func(x *webapp.Text) {
			for _, r := range xtk.SQLData(x.Text) {
				if count == 0 {
					first.start, first.end = x.Rng(r.Start, min(r.Start+9, r.End))
					first.where = x.Where()
				}
				count++
			}
		})
		if count == 0 {
			return
		}
		advice := "rewrite its queries with <subQuery> and aggregates (allowSQLInjection=\"true\" only while rewriting)"
		if builtIn {
			advice = "if it is unused, remove it with removeOldWebApp.js and rerun the postupgrade; otherwise " + advice
		}
		p.Reportf(first.start, first.end, "overview web application %q still uses SQLData (%d occurrence(s), first in %s): "+
			"the postupgrade fails on it (PU-0006); %s", key, count, first.where, advice)
	},
}
