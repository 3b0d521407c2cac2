package mc

import (
	"github.com/acc-audit/acc-audit/audit"
)

// Transactional message templates are nms:delivery records targeting the
// real-time or batch events of Message Center: their target mapping is an
// event mapping (mapRtEvent, mapBatchEvent, mapRtEventAppSubRcp...), and
// their content personalises from the event context (rtEvent.ctx).

var TemplateCollector = audit.Collector{
	Name:    "ops.mcTemplate",
	Schemas: []string{"nms:delivery"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		name := u.Entity.Root.AttrValue("internalName")
		if name == "" || publishedSuffix.MatchString(name) {
			return
		}
		if ok, _ := mcTemplate(u); ok {
			rec.Record(factMCTemplate, name, u.Entity.ID())
		}
	},
}
