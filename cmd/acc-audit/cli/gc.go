package cli

import (
	"runtime/debug"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/internal/heapbudget"
)

// checkHeapBudget is the heap the collector may grow to while entities are
// checked and the live heap is small (see heapbudget). With the peak-RSS
// targets of 64 MiB, it leaves room for the stacks, the binary and the
// allocator's slack.
const checkHeapBudget = 40 << 20

// checkedGCPercent is the garbage collector's target once every entity
// is checked. From then on the scan folds, sorts and writes its findings,
// and what it keeps live (the advisories' places, a representative with
// tens of thousands of related places decoded for each pass) would let
// the default double the heap before the next collection: on the 500 MB
// realistic export, 75 MiB of peak RSS against 52 with a fourth, for the
// same CPU (measured with make bench-large).
const checkedGCPercent = 25

// paceGC returns a scan hook that paces the collector against
// checkHeapBudget while entities are checked and lowers its target once
// every entity is checked, and the function that restores the target in
// force before. GOGC or GOMEMLIMIT in the environment are the user's
// choice: they win.
func paceGC(env Env) (hook func(*driver.Options, []*source.Input), restore func()) {
	if env.Getenv("GOGC") != "" || env.Getenv("GOMEMLIMIT") != "" {
		return func(*driver.Options, []*source.Input) {}, func() {}
	}
	var pacer *heapbudget.Pacer
	prev := -1
	hook = func(opt *driver.Options, _ []*source.Input) {
		pacer = heapbudget.Start(checkHeapBudget)
		opt.OnChecked = func() {
			prev = pacer.Stop()
			debug.SetGCPercent(checkedGCPercent)
		}
	}
	restore = func() {
		if pacer != nil && prev < 0 {
			prev = pacer.Stop()
		}
		if prev >= 0 {
			debug.SetGCPercent(prev)
		}
	}
	return hook, restore
}
