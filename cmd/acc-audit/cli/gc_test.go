package cli

import (
	"runtime/debug"
	"testing"

	"github.com/acc-audit/acc-audit/audit/driver"
)

// The collector's target is lowered when the engine says every entity is
// checked, restored after, and left alone when GOGC is set.
func TestCollectOftenWhenChecked(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	hook, restore := collectOftenWhenChecked(Env{Getenv: func(string) string { return "" }})
	var opt driver.Options
	hook(&opt, nil)
	if opt.OnChecked == nil {
		t.Fatal("no OnChecked hook")
	}
	opt.OnChecked()
	if got := debug.SetGCPercent(100); got != checkedGCPercent {
		t.Errorf("after the check: GC percent %d, want %d", got, checkedGCPercent)
	}
	debug.SetGCPercent(checkedGCPercent)
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("restored: GC percent %d, want 100", got)
	}

	hook, restore = collectOftenWhenChecked(Env{Getenv: func(k string) string {
		if k == "GOGC" {
			return "200"
		}
		return ""
	}})
	opt = driver.Options{}
	hook(&opt, nil)
	if opt.OnChecked != nil {
		t.Error("GOGC set: the hook still changes the collector's target")
	}
	restore()
}
