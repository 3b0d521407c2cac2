package cli

import (
	"runtime/debug"
	"testing"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/internal/heapbudget"
)

// The collector is paced against the budget while entities are checked,
// its target lowered once every entity is checked, restored after, and
// left alone when GOGC or GOMEMLIMIT is set.
func TestPaceGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	hook, restore := paceGC(Env{Getenv: func(string) string { return "" }})
	var opt driver.Options
	hook(&opt, nil)
	if opt.OnChecked == nil {
		t.Fatal("no OnChecked hook")
	}
	// The pacer's first target lets the heap reach the budget from the
	// runtime's smallest live heap.
	if got, want := debug.SetGCPercent(100), heapbudget.Percent(checkHeapBudget, 0); got != want {
		t.Errorf("while checking: GC percent %d, want %d", got, want)
	}
	opt.OnChecked()
	if got := debug.SetGCPercent(checkedGCPercent); got != checkedGCPercent {
		t.Errorf("after the check: GC percent %d, want %d", got, checkedGCPercent)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("restored: GC percent %d, want 100", got)
	}

	for _, k := range []string{"GOGC", "GOMEMLIMIT"} {
		hook, restore = paceGC(Env{Getenv: func(name string) string {
			if name == k {
				return "200"
			}
			return ""
		}})
		opt = driver.Options{}
		debug.SetGCPercent(150)
		hook(&opt, nil)
		if opt.OnChecked != nil {
			t.Errorf("%s set: the hook still changes the collector's target", k)
		}
		restore()
		if got := debug.SetGCPercent(100); got != 150 {
			t.Errorf("%s set: GC percent %d, want 150 untouched", k, got)
		}
	}
}
