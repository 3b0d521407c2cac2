// Package heapbudget paces the garbage collector against a heap budget.
//
// The default pacer (GOGC=100) lets the heap grow to twice what is live
// before it collects. A scan keeps little live (the entities in flight,
// the facts gathered so far), so with the default it collects every few
// megabytes allocated: on the generated 200 MB export, about a tenth of the
// CPU went to collections whose heap was far below any memory budget. A Pacer
// raises the collector's target so that the heap may grow to the budget
// while the live heap is small, and falls back to a floor (the default,
// 100, or lower where a phase must hold its peak) once the budget is
// reached, so a heap that really grows is still collected in proportion
// to its live size, never held at the budget by back-to-back collections
// (which is what a memory limit alone does).
package heapbudget

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// minLive is the live heap assumed before the first collection, and the
// smallest one the target is computed from: the runtime's own floor.
const minLive = 4 << 20

// A Pacer adjusts the collector's percent after every collection.
type Pacer struct {
	budget uint64
	floor  int

	mu      sync.Mutex
	stopped bool
	prev    int
	sample  []metrics.Sample
}

// Start sets the collector's target for a heap budget of budget bytes, and
// never below floor percent, and keeps adjusting it after each collection
// until Stop.
func Start(budget uint64, floor int) *Pacer {
	p := &Pacer{budget: budget, floor: floor, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	p.mu.Lock()
	p.prev = debug.SetGCPercent(p.percent(p.live()))
	p.mu.Unlock()
	p.arm()
	return p
}

// Percent returns the collector's percent for a live heap of live bytes:
// the one whose goal, live*(1+percent/100), is the budget, and never less
// than floor.
func Percent(budget, live uint64, floor int) int {
	live = max(live, minLive)
	if budget <= live {
		return floor
	}
	return max(floor, int((budget-live)*100/live))
}

func (p *Pacer) percent(live uint64) int { return Percent(p.budget, live, p.floor) }

// live returns the heap the last collection found live (0 before the
// first).
func (p *Pacer) live() uint64 {
	metrics.Read(p.sample)
	if p.sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return p.sample[0].Value.Uint64()
}

// sentinel is what the next collection frees: its cleanup is the hook
// that runs once per cycle. It holds a pointer so that the allocator
// gives it an object of its own (tiny pointer-free objects share one).
type sentinel struct{ _ *byte }

// arm allocates a sentinel and drops it: the next collection finds it
// unreachable and runs its cleanup, which adjusts the target and arms the
// next one.
func (p *Pacer) arm() {
	runtime.AddCleanup(new(sentinel), func(p *Pacer) { p.adjust() }, p)
}

func (p *Pacer) adjust() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	debug.SetGCPercent(p.percent(p.live()))
	p.arm()
}

// Stop ends the adjustments and returns the percent in force before Start.
// Once it returns, the Pacer no longer changes the collector's target.
func (p *Pacer) Stop() (prev int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	return p.prev
}
