package driver

import (
	"slices"

	"github.com/acc-audit/acc-audit/audit"
)

// collectors returns the union of the collectors the rules require, in
// the order the rules first name them, each once.
func collectors(rules []*audit.Rule) []*audit.Collector {
	var out []*audit.Collector
	for _, r := range rules {
		for _, c := range r.Requires {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

func (s *scan) collect(u *audit.Unit) {
	for i, c := range s.collectors {
		if len(c.Schemas) > 0 && !slices.Contains(c.Schemas, u.Entity.Schema) {
			continue
		}
		s.guard(u, "in collector "+c.Name, func() { c.Collect(u, s.recorders[i]) })
	}
}
