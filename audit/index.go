package audit

import (
	"strings"
	"sync"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// An Index holds the facts gathered across every entity of a scan that
// rules need to judge one entity: the SQL functions declared by xtk:funcList
// entities, the options, the server configuration. The engine fills it while
// streaming; deferred findings read it once the scan is complete.
type Index struct {
	mu        sync.Mutex
	functions map[string]placed              // lower-case name → declaring funcList key
	options   map[string]placed              // option name → value
	extra     map[string]bool                // function names allowed by configuration
	facts     map[string]map[string][]string // kind → key → values
}

func newIndex() *Index {
	return &Index{functions: map[string]placed{}, options: map[string]placed{}, extra: map[string]bool{}}
}

// A placed value remembers the entity that gave it (file, then position in
// the file): when two entities give one key, the choice must not depend on
// the order in which the workers read them.
type placed struct {
	v    string
	file string
	ord  int
}

func (p placed) before(q placed) bool {
	return p.file < q.file || p.file == q.file && p.ord < q.ord
}

// add records the facts of one entity of file.
func (ix *Index) add(file string, e *acc.Entity) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	at := placed{file: file, ord: e.Ordinal}
	switch e.Schema {
	case "xtk:funcList":
		e.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "function" {
				// The first list declaring a function names it.
				if n := strings.ToLower(el.AttrValue("name")); n != "" {
					if old, ok := ix.functions[n]; !ok || at.before(old) {
						at.v = e.Key
						ix.functions[n] = at
					}
				}
			}
			return true
		})
	case "xtk:option":
		// The last definition wins, as when the files are imported in
		// name order.
		if old, ok := ix.options[e.Name]; e.Name != "" && (!ok || old.before(at)) {
			at.v = OptionValue(e)
			ix.options[e.Name] = at
		}
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
	ix.mu.Lock()
	defer ix.mu.Unlock()
	k := strings.ToLower(name)
	if ix.extra[k] {
		return "configuration", true
	}
	by, ok := ix.functions[k]
	return by.v, ok
}

// Option returns the value of an xtk:option exported in the scan.
func (ix *Index) Option(name string) (string, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	v, ok := ix.options[name]
	return v.v, ok
}
