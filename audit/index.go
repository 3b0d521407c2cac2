package audit

import (
	"cmp"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// An Index holds the facts gathered across every entity of a scan that
// rules need to judge one entity: the SQL functions declared by xtk:funcList
// entities, the options, the server configuration. The engine fills it while
// streaming; deferred findings read it once the scan is complete.
//
// Entities are indexed in whatever order the workers reach them, so what
// the Index answers must not depend on that order: when two entities of
// the scan define the same option or declare the same function, the one
// placed last (by file name, then position in the file) wins, as if the
// exports were imported in that order. And it is only read once complete:
// a read during the first phase panics (the engine reports it as the
// rule's internal error) instead of answering from a partial index.
type Index struct {
	mu        sync.Mutex
	complete  atomic.Bool
	functions map[string]placed              // lower-case name → declaring funcList key
	options   map[string]placed              // option name → value
	extra     map[string]bool                // function names allowed by configuration
	facts     map[string]map[string][]string // kind → key → values
}

// placed is a value and the place of the entity that gave it.
type placed struct {
	value   string
	file    string
	ordinal int
}

// after reports whether p comes after q in scan order.
func (p placed) after(q placed) bool {
	return cmp.Or(cmp.Compare(p.file, q.file), cmp.Compare(p.ordinal, q.ordinal)) > 0
}

func newIndex() *Index {
	return &Index{functions: map[string]placed{}, options: map[string]placed{}, extra: map[string]bool{}}
}

// set stores v under k unless an entity placed after v's already did.
func set(m map[string]placed, k string, v placed) {
	if old, ok := m[k]; !ok || v.after(old) {
		m[k] = v
	}
}

// add records the facts of one entity of file.
func (ix *Index) add(file string, e *acc.Entity) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	switch e.Schema {
	case "xtk:funcList":
		e.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "function" {
				if n := el.AttrValue("name"); n != "" {
					set(ix.functions, strings.ToLower(n), placed{e.Key, file, e.Ordinal})
				}
			}
			return true
		})
	case "xtk:option":
		if e.Name != "" {
			set(ix.options, e.Name, placed{OptionValue(e), file, e.Ordinal})
		}
	}
}

// seal marks the index complete: every entity of the scan is in.
func (ix *Index) seal() { ix.complete.Store(true) }

// ErrIncomplete is the panic value of a read of the Index before the whole
// scan is indexed.
var ErrIncomplete = errors.New("the scan-wide index was read before every entity was indexed: read it in a Pass.Defer decision")

// mustBeComplete guards every read: an answer taken from a partial index
// would depend on the order the workers reached the entities.
func (ix *Index) mustBeComplete() {
	if !ix.complete.Load() {
		panic(ErrIncomplete)
	}
}

// OptionValue returns the value of an xtk:option entity, whatever its type:
// options store it in the attribute matching their data type, or in a
// memoValue child for long texts.
func OptionValue(e *acc.Entity) string {
	for _, a := range []string{"stringValue", "longValue", "doubleValue", "timeStampValue", "memoValue"} {
		if v, ok := e.Root.Attr(a); ok {
			return v
		}
	}
	if m := e.Root.Child("memoValue"); m != nil {
		t, _, _ := m.Text()
		return t
	}
	return ""
}

// FunctionDeclared reports whether an xtk:funcList of the scan, or the
// configuration, declares the SQL function name (case-insensitive), and by
// which list.
func (ix *Index) FunctionDeclared(name string) (string, bool) {
	ix.mustBeComplete()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	k := strings.ToLower(name)
	if ix.extra[k] {
		return "configuration", true
	}
	by, ok := ix.functions[k]
	return by.value, ok
}

// Option returns the value of an xtk:option exported in the scan (of the
// last definition, when several entities define it).
func (ix *Index) Option(name string) (string, bool) {
	ix.mustBeComplete()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	v, ok := ix.options[name]
	return v.value, ok
}
