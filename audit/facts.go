package audit

import (
	"slices"
	"sort"
)

// A Collector gathers facts from entities for findings that depend on the
// whole scan (a JSSP is only unprotected if no serverConf.xml of the scan
// has a relay rule for it). Collectors run on every entity, whatever rules
// are enabled, so that disabling one rule never changes another's result.
type Collector struct {
	Name    string
	Schemas []string // entity schemas to visit; empty means all
	Collect func(u *Unit, rec Recorder)
}

// A Recorder stores facts: (kind, key) → values. Kinds are namespaced by
// the collector ("serverConf.relay", "webApp.anonymous"...).
type Recorder interface {
	Record(kind, key, value string)
}

// Record adds a fact to the index. Most keys hold one or a few values: a
// short list costs far less than a set per key, and duplicates of long
// lists are removed when read.
func (ix *Index) Record(kind, key, value string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.facts == nil {
		ix.facts = map[string]map[string][]string{}
	}
	m := ix.facts[kind]
	if m == nil {
		m = map[string][]string{}
		ix.facts[kind] = m
	}
	vals := m[key]
	if len(vals) <= 16 && slices.Contains(vals, value) {
		return
	}
	m[key] = append(vals, value)
}

// Facts returns the values recorded under (kind, key), sorted and unique.
func (ix *Index) Facts(kind, key string) []string {
	ix.mustBeComplete()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := slices.Clone(ix.facts[kind][key])
	sort.Strings(out)
	return slices.Compact(out)
}

// HasFact reports whether anything was recorded under (kind, key).
func (ix *Index) HasFact(kind, key string) bool {
	ix.mustBeComplete()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.facts[kind][key]) > 0
}

// FactKeys returns the keys recorded for kind, sorted.
func (ix *Index) FactKeys(kind string) []string {
	ix.mustBeComplete()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]string, 0, len(ix.facts[kind]))
	for k := range ix.facts[kind] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *scan) collect(u *Unit) {
	for _, c := range s.opt.Collectors {
		if len(c.Schemas) > 0 && !slices.Contains(c.Schemas, u.Entity.Schema) {
			continue
		}
		s.guard(u, "in collector "+c.Name, func() { c.Collect(u, s.index) })
	}
}
