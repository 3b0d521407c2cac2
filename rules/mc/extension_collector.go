package mc

import (
	"cmp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// An extensionAt is an extension of a Message Center schema, in File,
// adding Fields (their names, joined by commas in document order: two
// extensions are replicas when the lists are equal).
type extensionAt struct {
	File, Fields string
}

// extensions: lower-case Message Center schema id → each extension of it.
var extensions = audit.NewFact("mc.extension", func(a, b extensionAt) int {
	return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Fields, b.Fields))
})

// ExtensionCollector records the extensions of Message Center schemas.
var ExtensionCollector = &audit.Collector{
	Name:    "mc-extensions",
	Schemas: []string{"xtk:srcSchema"},
	Facts:   []audit.FactKind{extensions},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		if ext, fields := mcExtension(u.Entity.Root); ext != "" {
			extensions.Record(rec, strings.ToLower(ext), extensionAt{u.File, strings.Join(fields, ",")})
		}
	},
}
