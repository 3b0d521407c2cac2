package web

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		WebOverviewSQLData, WebIdentifiedApp, WebAnonymousApp, WebGeneratedIDs, WebDashboardFiles, WebPendingPublication, WebFormCtxParameter,
	}
)
