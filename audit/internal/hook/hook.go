// Package hook is what package audit opens to its driver (audit/driver)
// and to no rule: the key of the functions that build passes, the index
// and recorders (audit.NewPass, audit.NewIndex...), and the parts of a
// finding the rule API keeps hidden. Being internal to audit, it can only
// be imported by audit and its sub-packages: a rule can neither name a
// Key nor get the valid one.
package hook

// Key is the first argument of the driver's functions in package audit,
// which panic on any Key but Driver's: a zero Key, which Go's type
// inference lets any package make without naming the type, opens nothing.
type Key struct{ t *token }

type token struct{ _ byte }

var driver = Key{t: &token{}}

// Driver returns the key of the driver.
func Driver() Key { return driver }

// Check panics unless k is the driver's key.
func (k Key) Check() {
	if k.t != driver.t {
		panic("audit: a function of the driver called without its key")
	}
}

// A State is what a finding carries for the driver only.
type State struct {
	// Matched is the matched source text, for the fingerprint.
	Matched string
	// Group is the scope key of an advisory reported once (see
	// audit.Rule.Scope): its fingerprint depends on the rule and the scope
	// only, so that a place more or less does not make it new.
	Group string
	// Scope and Kind make one finding an advisory of a rule that reports
	// several problems (audit.Pass.EmitAdvisory); Kind tells its problems
	// apart. Scope holds an audit.Scope.
	Scope uint8
	Kind  string
	// Args are the values a deferred decision reads (audit.Pass.DeferWith):
	// packed with the finding, they cost no closure per finding; cleared
	// once the finding is decided.
	Args []string
	// Within ends the file range a container finding holds when it sits
	// on a statement rather than an element (audit.Pass.EmitContainer);
	// 0: its element, or the entity.
	Within int64
}
