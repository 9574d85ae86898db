package api

import (
	"testing"
	"time"
)

func TestFailureLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f := newFailureLimiter(3, time.Minute)
	f.now = func() time.Time { return now }
	for i := range 3 {
		if !f.allowed("a") {
			t.Fatalf("refused before failure %d", i+1)
		}
		f.failed("a")
	}
	if f.allowed("a") {
		t.Fatal("allowed after three failures")
	}
	if !f.allowed("b") {
		t.Fatal("another address pays for a's failures")
	}
	now = now.Add(time.Minute)
	if !f.allowed("a") {
		t.Fatal("still refused after the refill interval")
	}
	f.failed("a")
	if f.allowed("a") {
		t.Fatal("one refill allowed two attempts")
	}
}
