package mc

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// Transactional message templates are nms:delivery records targeting the
// real-time or batch events of Message Center: their target mapping is an
// event mapping (mapRtEvent, mapBatchEvent, mapRtEventAppSubRcp...), and
// their content personalises from the event context (rtEvent.ctx).

// templates: internal name of each unpublished transactional message
// template of the scan → its entity ids.
var templates = audit.NewFact("mc.template", strings.Compare)

// TemplateCollector records the transactional message templates.
var TemplateCollector = &audit.Collector{
	Name:    "mc-templates",
	Schemas: []string{"nms:delivery"},
	Facts:   []audit.FactKind{templates},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		name := u.Entity.Root.AttrValue("internalName")
		if name == "" || publishedSuffix.MatchString(name) {
			return
		}
		if ok, _ := mcTemplate(u); ok {
			templates.Record(rec, name, u.Entity.ID())
		}
	},
}
