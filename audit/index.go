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
	functions map[string]string              // lower-case name → declaring funcList key
	options   map[string]string              // option name → value
	extra     map[string]bool                // function names allowed by configuration
	facts     map[string]map[string][]string // kind → key → values
}

func newIndex() *Index {
	return &Index{functions: map[string]string{}, options: map[string]string{}, extra: map[string]bool{}}
}

// add records the facts of one entity.
func (ix *Index) add(e *acc.Entity) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	switch e.Schema {
	case "xtk:funcList":
		e.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "function" {
				if n := el.AttrValue("name"); n != "" {
					ix.functions[strings.ToLower(n)] = e.Key
				}
			}
			return true
		})
	case "xtk:option":
		if e.Name != "" {
			ix.options[e.Name] = OptionValue(e)
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
	return by, ok
}

// Option returns the value of an xtk:option exported in the scan.
func (ix *Index) Option(name string) (string, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	v, ok := ix.options[name]
	return v, ok
}
