package rpt

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{ReportJavaScript, ReportOpenOfficeExport, ReportGaugeFlash, ReportBuiltinConflict}
)
