package audit

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// An Index holds the facts gathered across every entity of a scan that
// rules need to judge one entity: the SQL functions declared by xtk:funcList
// entities, the options, the server configuration. The collectors the rules
// require fill it while streaming (see Fact and Collector); deferred
// findings read it once the scan is complete.
//
// Entities are indexed in whatever order the workers reach them, so what
// the Index answers must not depend on that order: values are sorted and
// unique (see Fact), and facts where the last definition wins are Placed.
// And it is only read once complete: a read during the first phase panics
// (the engine reports it as the rule's internal error) instead of
// answering from a partial index.
type Index struct {
	mu       sync.Mutex
	complete atomic.Bool
	facts    map[FactKind]any // fact → *factStore[T]
	// reader is the rule whose deferred decision runs (decisions run one
	// at a time); it may only read the facts of the collectors it
	// requires, so that its result never depends on the other rules
	// enabled. readable caches, per rule, the facts it may read.
	reader   *Rule
	readable map[*Rule][]FactKind
}

func newIndex() *Index {
	return &Index{facts: map[FactKind]any{}, readable: map[*Rule][]FactKind{}}
}

// seal marks the index complete: every entity of the scan is in. Values
// are sorted once, here.
func (ix *Index) seal() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for f, m := range ix.facts {
		ix.facts[f] = f.seal(m)
	}
	ix.complete.Store(true)
}

// ErrIncomplete is the panic value of a read of the Index before the whole
// scan is indexed.
var ErrIncomplete = errors.New("the scan-wide index was read before every entity was indexed: read it in a Pass.Defer decision")

// mustRead guards every read: an answer taken from a partial index would
// depend on the order the workers reached the entities, and a fact of a
// collector the reading rule does not require would depend on the other
// rules enabled.
func (ix *Index) mustRead(f FactKind) {
	if !ix.complete.Load() {
		panic(ErrIncomplete)
	}
	r := ix.reader
	if r == nil {
		return
	}
	may, ok := ix.readable[r]
	if !ok {
		for _, c := range r.Requires {
			may = append(may, c.Facts...)
		}
		ix.readable[r] = may
	}
	for _, g := range may {
		if g == f {
			return
		}
	}
	panic(fmt.Errorf("rule %s reads fact %s, which no collector of its Requires records", r.ID, f.FactName()))
}
