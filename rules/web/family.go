// Package web holds the WEB rules, on web applications: SQLData in overviews,
// identified and anonymous applications, generated ids, dashboards,
// publication and webForm contexts. Their findings are grouped under the risk
// area "Web applications and JSSP".
package web

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	WebOverviewSQLData, WebIdentifiedApp, WebAnonymousApp, WebGeneratedIDs, WebDashboardFiles,
	WebPendingPublication, WebFormCtxParameter,
}
