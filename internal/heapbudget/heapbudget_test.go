package heapbudget

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		budget, live uint64
		floor, want  int
	}{
		{40 * mib, 0, 100, 900},       // before any collection: the runtime's 4 MiB floor
		{40 * mib, 1 * mib, 100, 900}, // below the runtime's floor: that floor
		{40 * mib, 8 * mib, 100, 400},
		{40 * mib, 10 * mib, 100, 300},
		{40 * mib, 20 * mib, 100, 100}, // half the budget live: the default
		{40 * mib, 35 * mib, 100, 100}, // more: never below the floor
		{40 * mib, 80 * mib, 100, 100}, // past the budget: still the floor, never back to back
		{40 * mib, 20 * mib, 25, 100},  // a lower floor: the budget rules longer
		{40 * mib, 35 * mib, 25, 25},
		{40 * mib, 80 * mib, 25, 25},
	} {
		if got := Percent(c.budget, c.live, c.floor); got != c.want {
			t.Errorf("Percent(%d MiB, %d MiB, %d) = %d, want %d", c.budget/mib, c.live/mib, c.floor, got, c.want)
		}
	}
}

// After a collection the pacer sets the target from the live heap; after
// Stop it changes nothing, and Stop gives back the percent found at Start.
func TestPacerAdjustsUntilStopped(t *testing.T) {
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)

	const budget = 1 << 30 // far above any live heap of a test: the target is high
	p := Start(budget, 100)
	const marker = 7 // a value the pacer never sets (it sets at least 100)
	debug.SetGCPercent(marker)
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		time.Sleep(time.Millisecond) // the cleanup runs on its own goroutine
		if got := debug.SetGCPercent(marker); got != marker {
			if got <= 100 {
				t.Errorf("target after a collection: %d percent, want the budget's (> 100)", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no adjustment after collections")
		}
	}
	if prev := p.Stop(); prev != 123 {
		t.Errorf("Stop returned %d, want the percent before Start (123)", prev)
	}
	debug.SetGCPercent(marker)
	for range 3 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := debug.SetGCPercent(marker); got != marker {
		t.Errorf("after Stop the pacer still changed the target to %d", got)
	}
}
