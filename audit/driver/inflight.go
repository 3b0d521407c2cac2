package driver

import "sync"

// Entities wait between the parser and the workers in a queue of
// queuedPerWorker places per worker, and at most inFlightBytes of their
// source text (queued or being checked) may be held at once. A short queue
// made the parser and the workers park and wake each other at nearly every
// entity (8% of a scan's CPU on the generated 200 MB export, whose entities
// average 1.3 KB); a long queue of large entities would hold their trees
// in memory, so the bytes bound it too (at 2 MiB, the trees in flight
// added 10 MiB to the peak RSS of the realistic 500 MB export). An entity
// larger than the budget waits until nothing else is in flight, then goes
// alone.
const (
	queuedPerWorker = 128
	inFlightBytes   = 256 << 10
)

// A byteBudget counts the bytes in flight and blocks who would exceed it.
type byteBudget struct {
	mu    sync.Mutex
	freed sync.Cond
	used  int
	max   int
	// waiting counts the blocked acquirers: most releases wake no one.
	waiting int
}

func newByteBudget(max int) *byteBudget {
	b := &byteBudget{max: max}
	b.freed.L = &b.mu
	return b
}

// acquire waits until n bytes fit, or nothing is in flight.
func (b *byteBudget) acquire(n int) {
	b.mu.Lock()
	for b.used > 0 && b.used+n > b.max {
		b.waiting++
		b.freed.Wait()
		b.waiting--
	}
	b.used += n
	b.mu.Unlock()
}

func (b *byteBudget) release(n int) {
	b.mu.Lock()
	b.used -= n
	if b.waiting > 0 {
		b.freed.Broadcast()
	}
	b.mu.Unlock()
}
