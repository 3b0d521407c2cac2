package main

import "testing"

// TestMemLimit: the soft limit is the floor while the live heap is small,
// and never less than twice the live heap, the collector's own goal.
func TestMemLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, memFloor},
		{memFloor / 2, memFloor},
		{memFloor, 2 * memFloor},
		{300 << 20, 600 << 20},
	} {
		if got := memLimit(c.live); got != c.want {
			t.Errorf("memLimit(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
