package cli

import (
	"runtime/debug"
	"testing"

	"github.com/acc-audit/acc-audit/audit/driver"
)

// The collector is paced against the budget while entities are checked
// and after (with a lower floor, see heapbudget's tests), restored after
// the scan, and left alone when GOGC or GOMEMLIMIT is set.
func TestPaceGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	const marker = 7 // a percent the pacers never set: below both floors
	debug.SetGCPercent(marker)
	hook, restore := paceGC(Env{Getenv: func(string) string { return "" }})
	var opt driver.Options
	hook(&opt, nil)
	if opt.OnChecked == nil {
		t.Fatal("no OnChecked hook")
	}
	if got := debug.SetGCPercent(marker); got < checkFloorPercent {
		t.Errorf("while checking: GC percent %d, want the check's pacer (at least %d)", got, checkFloorPercent)
	}
	opt.OnChecked()
	if got := debug.SetGCPercent(marker); got < checkedGCPercent {
		t.Errorf("after the check: GC percent %d, want the checked pacer (at least %d)", got, checkedGCPercent)
	}
	restore()
	if got := debug.SetGCPercent(100); got != marker {
		t.Errorf("restored: GC percent %d, want %d, the one before the scan", got, marker)
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
