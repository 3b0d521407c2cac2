package audit

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// A Collector gathers facts from entities for findings that depend on the
// whole scan (a JSSP is only unprotected if no serverConf.xml of the scan
// has a relay rule for it). A rule names the collectors whose facts it
// reads in Rule.Requires; the engine runs the union of the collectors the
// rules of a scan require, on every entity of their Schemas, so that a
// rule sees the same facts whatever other rules are enabled.
type Collector struct {
	Name    string
	Schemas []string // entity schemas to visit; empty means all
	// Facts are the kinds of fact the collector records: recording
	// another is a programming error, and a rule may only read the facts
	// of the collectors it requires.
	Facts   []FactKind
	Collect func(u *Unit, rec *Recorder)
}

// records reports whether c declares fact f.
func (c *Collector) records(f FactKind) bool { return slices.Contains(c.Facts, f) }

// A FactKind is a *Fact of any value type, as a collector lists it.
type FactKind interface {
	FactName() string
	seal(v any) any
}

// A Fact is one kind of scan-wide fact: values of type T recorded under
// string keys ("cus:lib.js" → the kinds of code that load it). The package
// that owns a fact declares it once, as a package variable, with a name
// for diagnostics and the order of its values:
//
//	var Proxy = audit.NewFact("serverConf.proxy", strings.Compare)
//
// Values are small comparable structs or strings, never texts packed with
// separators. What a read returns does not depend on the order the workers
// recorded the values: each key's values are sorted by compare and
// duplicates removed. compare must be a total order that agrees with ==
// (0 only for equal values); a read panics otherwise, since values that
// compare equal would come out in worker order.
type Fact[T comparable] struct {
	name    string
	compare func(a, b T) int
	max     bool // keep only the greatest value of each key
}

// NewFact declares a kind of fact.
func NewFact[T comparable](name string, compare func(a, b T) int) *Fact[T] {
	return &Fact[T]{name: name, compare: compare}
}

// NewMax declares a kind of fact that keeps, under each key, only the
// greatest value by compare: for facts where one definition wins (the one
// placed last, see Placed), a key costs one value however many entities
// define it, and the winner does not depend on the order of the workers.
func NewMax[T comparable](name string, compare func(a, b T) int) *Fact[T] {
	return &Fact[T]{name: name, compare: compare, max: true}
}

// Mark is the value of facts that only say that a key was seen (a
// library is defined, a schema creates a table).
type Mark struct{}

// NewMarks declares a kind of fact whose keys only matter: read it with Has
// and Keys.
func NewMarks(name string) *Fact[Mark] {
	return NewFact(name, func(Mark, Mark) int { return 0 })
}

// FactName names the fact in diagnostics.
func (f *Fact[T]) FactName() string { return f.name }

// A Recorder stores the facts of one collector in the scan's Index.
type Recorder struct {
	ix *Index
	c  *Collector // nil for facts given by the configuration (driver.Options.Facts)
}

// factStore holds the values of one kind of fact. Most keys hold one
// value (a column declared by one extension, a schema id): those live in
// one, a compact table (keyTable), and only keys with several values pay
// for a map slot and a slice in more. A key is in one or in more, never
// in both. The keys are copied: a fact never holds on to the text of the
// entity it was read from.
type factStore[T comparable] struct {
	one  keyTable[T]
	more map[string][]T
}

// Record adds value v under key.
func (f *Fact[T]) Record(rec *Recorder, key string, v T) {
	if rec.c != nil && !rec.c.records(f) {
		panic(fmt.Sprintf("collector %s records fact %s, which is not in its Facts", rec.c.Name, f.name))
	}
	ix := rec.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	st, _ := ix.facts[f].(*factStore[T])
	if st == nil {
		st = &factStore[T]{more: map[string][]T{}}
		ix.facts[f] = st
	}
	if first, ok := st.one.get(key); ok {
		switch {
		case first == v:
		case f.max:
			if f.compare(v, first) > 0 {
				st.one.set(key, v)
			}
		default:
			st.one.remove(key)
			st.more[strings.Clone(key)] = []T{first, v}
		}
		return
	}
	vals, ok := st.more[key]
	if !ok {
		st.one.set(key, v)
		return
	}
	if len(vals) <= 16 && slices.Contains(vals, v) {
		return
	}
	st.more[key] = append(vals, v)
}

// seal sorts the values of every key and removes duplicates, once, when
// the scan is complete: reads then cost no sort.
func (f *Fact[T]) seal(v any) any {
	st := v.(*factStore[T])
	for k, vals := range st.more {
		slices.SortFunc(vals, f.compare)
		st.more[k] = slices.Clip(slices.Compact(vals))
	}
	return st
}

// store returns the values of f, checking that the read is allowed.
func (f *Fact[T]) store(ix *Index) *factStore[T] {
	ix.mustRead(f)
	st, _ := ix.facts[f].(*factStore[T])
	if st == nil {
		return &factStore[T]{}
	}
	return st
}

// Values returns the values recorded under key, sorted and unique.
func (f *Fact[T]) Values(ix *Index, key string) []T {
	st := f.store(ix)
	if v, ok := st.one.get(key); ok {
		return []T{v}
	}
	vals := st.more[key]
	for i := 1; i < len(vals); i++ {
		if f.compare(vals[i-1], vals[i]) == 0 {
			panic(fmt.Sprintf("fact %s: the order of its values compares two different values equal", f.name))
		}
	}
	return slices.Clone(vals)
}

// Has reports whether anything was recorded under key.
func (f *Fact[T]) Has(ix *Index, key string) bool {
	st := f.store(ix)
	if _, ok := st.one.get(key); ok {
		return true
	}
	return len(st.more[key]) > 0
}

// Keys returns the keys recorded, sorted.
func (f *Fact[T]) Keys(ix *Index) []string {
	st := f.store(ix)
	out := make([]string, 0, st.one.len()+len(st.more))
	st.one.each(func(k string, _ T) { out = append(out, k) })
	for k := range st.more {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Placed is a value and the place of the entity that gave it, for facts
// of which the last definition wins: when two entities of the scan define
// the same option, the one placed last (by file name, then position in the
// file) wins, as if the exports were imported in that order, whatever the
// order the workers reached them.
type Placed struct {
	Value   string
	File    string
	Ordinal int
}

// PlaceOf places value at the entity of u.
func PlaceOf(u *Unit, value string) Placed {
	return Placed{Value: value, File: u.File, Ordinal: u.Entity.Ordinal}
}

// ComparePlaced orders placed values in scan order (then by value, for one
// entity giving several).
func ComparePlaced(a, b Placed) int {
	return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Ordinal, b.Ordinal), strings.Compare(a.Value, b.Value))
}

// Last returns the value of the entity placed last, as sorted by
// ComparePlaced.
func Last(vals []Placed) (string, bool) {
	if len(vals) == 0 {
		return "", false
	}
	return vals[len(vals)-1].Value, true
}
