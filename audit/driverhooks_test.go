package audit_test

import (
	"testing"

	"github.com/acc-audit/acc-audit/audit"
)

// zero returns the zero value of a function's first parameter: Go's type
// inference makes a hook.Key this way without naming its type, as any
// package could.
func zero[K, T any](func(K) T) (k K) { return k }

// TestDriverFunctionsRefuseAForgedKey: the driver's functions check their
// key, so a zero one made from outside audit/... opens nothing.
func TestDriverFunctionsRefuseAForgedKey(t *testing.T) {
	k := zero(audit.NewIndex)
	defer func() {
		if recover() == nil {
			t.Fatal("NewIndex accepted a zero key")
		}
	}()
	audit.NewIndex(k)
}
