package interaction

import (
	"strings"

	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// removedName turns a matched reference into the schema id it names.
func removedName(ref string) string {
	lower := strings.ToLower(ref)
	for _, id := range srcschema.RemovedInV7 {
		if strings.HasSuffix(lower, strings.ToLower(strings.TrimPrefix(id, "nms:"))) {
			return id
		}
	}
	return ref
}
