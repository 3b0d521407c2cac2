package mc

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

var ExtensionCollector = audit.Collector{
	Name:    "ops.mcExt",
	Schemas: []string{"xtk:srcSchema"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		if ext, fields := mcExtension(u.Entity.Root); ext != "" {
			rec.Record(factMCExt, strings.ToLower(ext), u.File+"\x00"+strings.Join(fields, ","))
		}
	},
}
