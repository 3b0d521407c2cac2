package conf

import (
	"github.com/acc-audit/acc-audit/audit"
)

var EnumCollector = audit.Collector{
	Name:    "security-zone-enumeration",
	Schemas: enumSchemas,
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		values, ok := zoneEnum(u.Entity.Root)
		if !ok {
			return
		}
		rec.Record(factEnumZone, "seen", "yes")
		for _, v := range values {
			rec.Record(factEnumZone, "values", v.AttrValue("name"))
		}
	},
}
