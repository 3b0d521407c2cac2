package cli

import (
	"runtime/debug"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/internal/heapbudget"
)

// The collector is paced against a heap budget (see heapbudget) in two
// phases, with values chosen on make bench-large's exports against the
// peak-RSS targets (64 MiB at 50 and 200 MB, 96 at 500 MB, 64 for the
// realistic 500 MB mix), the resident set being the heap plus about 15
// MiB (the binary, the allocator's free pages and metadata):
//
//   - while entities are checked, the heap may reach checkHeapBudget, and
//     once more than two thirds of it is live, one and a half times the
//     live heap (checkFloorPercent): the facts of a 500 MB export grow to
//     about 45 MB, and the default's doubling peaked at 95 MiB;
//   - once every entity is checked, the scan folds, sorts and writes its
//     findings in larger blocks, which keep more pages resident: the
//     budget drops to checkedHeapBudget and the floor to checkedGCPercent
//     (a representative with tens of thousands of related places decoded
//     for each pass would let the default double the heap: 75 MiB of RSS
//     on the realistic 500 MB export).
//
// With the default pacer throughout (and a fourth after the check), a
// 200 MB scan collected every few megabytes: about a tenth of its CPU.
const (
	checkHeapBudget   = 36 << 20
	checkFloorPercent = 50

	checkedHeapBudget = 16 << 20
	checkedGCPercent  = 25
)

// paceGC returns a scan hook that paces the collector in the two phases
// above, and the function that restores the target in force before. GOGC
// or GOMEMLIMIT in the environment are the user's choice: they win.
func paceGC(env Env) (hook func(*driver.Options, []*source.Input), restore func()) {
	if env.Getenv("GOGC") != "" || env.Getenv("GOMEMLIMIT") != "" {
		return func(*driver.Options, []*source.Input) {}, func() {}
	}
	var pacer *heapbudget.Pacer
	prev := -1
	hook = func(opt *driver.Options, _ []*source.Input) {
		pacer = heapbudget.Start(checkHeapBudget, checkFloorPercent)
		opt.OnChecked = func() {
			prev = pacer.Stop()
			pacer = heapbudget.Start(checkedHeapBudget, checkedGCPercent)
		}
	}
	restore = func() {
		if pacer == nil {
			return
		}
		if p := pacer.Stop(); prev < 0 {
			prev = p
		}
		debug.SetGCPercent(prev)
	}
	return hook, restore
}
