// Package tz holds the TZ rules, on time zones: date columns, conversions, the
// instance time zone and the database prerequisites of the multi-time-zone
// mode. Their findings are grouped under the risk area "Time zones".
package tz

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	ViewOverDateColumns, TimeZoneConversion, InstanceTimeZone, SQLLocalTime,
	TimeZoneDatabasePrerequisites, DateTimeSemantics,
}
