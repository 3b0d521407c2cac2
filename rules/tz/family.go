package tz

import (
	"github.com/acc-audit/acc-audit/audit"
)

var (
	Rules = []*audit.Rule{
		ViewOverDateColumns, TimeZoneConversion, InstanceTimeZone, SQLLocalTime, TimeZoneDatabasePrerequisites,
		DateTimeSemantics,
	}
)
