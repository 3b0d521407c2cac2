package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memFloor is the soft memory limit of a scan whose live heap is small.
// With the collector's default alone (a new cycle once the heap doubles),
// the memory of a scan peaks at several times what it keeps: the
// garbage of entities already checked waits for the next cycle, and freed
// pages go back to the system late. A soft limit makes the runtime
// collect and return pages before that.
const memFloor = 56 << 20

// memLimit is the soft limit for a live heap of live bytes: the floor,
// or twice the live heap once that is more, so that the limit never asks
// for more collections than the default of the collector (a limit close
// to the live heap would have it collect without end).
func memLimit(live uint64) int64 {
	return max(memFloor, 2*int64(live))
}

// limitMemory keeps a soft memory limit (memLimit) for the whole run,
// raised after each collection as the live heap grows, unless the user
// set GOMEMLIMIT or GOGC, which are then the runtime's to honour.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	debug.SetMemoryLimit(memLimit(0))
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// A finalizer runs once after each collection that finds its object
	// unreachable; it rearms itself on a new object.
	var rearm func(*byte)
	rearm = func(*byte) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(memLimit(sample[0].Value.Uint64()))
		}
		runtime.SetFinalizer(new(byte), rearm)
	}
	runtime.SetFinalizer(new(byte), rearm)
}
