package conf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// Facts of the securityZone enumerations of the scan.
var (
	// enumSeen: "" when the scan exports the securityZone enumeration.
	enumSeen = audit.NewMarks("conf.securityZoneEnum")
	// enumValues: "" → the internal name of each of its values.
	enumValues = audit.NewFact("conf.securityZoneEnum.value", strings.Compare)
)

// EnumCollector records the values of the securityZone enumeration.
var EnumCollector = &audit.Collector{
	Name:    "security-zone-enumeration",
	Schemas: enumSchemas,
	Facts:   []audit.FactKind{enumSeen, enumValues},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		values, ok := zoneEnum(u.Entity.Root)
		if !ok {
			return
		}
		enumSeen.Record(rec, "", audit.Mark{})
		for _, v := range values {
			enumValues.Record(rec, "", v.AttrValue("name"))
		}
	},
}
