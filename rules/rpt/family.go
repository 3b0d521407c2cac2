// Package rpt holds the RPT rules, on reports: JavaScript, OpenOffice exports,
// Flash gauges and conflicts with built-in reports. Their findings are grouped
// under the risk area "Reports".
package rpt

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	ReportJavaScript, ReportOpenOfficeExport, ReportGaugeFlash, ReportBuiltinConflict,
}
