package driver

import (
	"testing"
	"time"
)

// An acquire that would pass the budget waits for a release; one larger
// than the whole budget goes when nothing else is in flight.
func TestByteBudget(t *testing.T) {
	b := newByteBudget(10)
	b.acquire(6)
	b.acquire(4) // exactly the budget: admitted
	got := make(chan int, 2)
	go func() { b.acquire(3); got <- 3 }()
	select {
	case <-got:
		t.Fatal("acquire past the budget did not wait")
	case <-time.After(20 * time.Millisecond):
	}
	b.release(4)
	if n := <-got; n != 3 {
		t.Fatalf("woke %d", n)
	}
	go func() { b.acquire(50); got <- 50 }() // larger than the budget
	select {
	case <-got:
		t.Fatal("an oversized acquire went while others were in flight")
	case <-time.After(20 * time.Millisecond):
	}
	b.release(6)
	b.release(3)
	if n := <-got; n != 50 {
		t.Fatalf("woke %d", n)
	}
	b.release(50)
	if b.used != 0 || b.waiting != 0 {
		t.Fatalf("budget left at used %d, waiting %d", b.used, b.waiting)
	}
}
