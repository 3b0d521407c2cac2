package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// v8Live reports whether an entity is a live object of the export, not a
// deletion or a reference.
func v8Live(p *audit.Pass) bool {
	return !srcschema.Deleted(p.Entity.Root) && !srcschema.IsReference(p.Entity.Root)
}
