package api

import (
	"testing"
	"time"
)

func TestFailureLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f := newFailureLimiter(3, time.Minute, 5)
	f.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := f.fail("a"); !ok {
			t.Fatalf("refused failure %d", i+1)
		}
	}
	ok, wait := f.fail("a")
	if ok || wait <= 0 || wait > time.Minute {
		t.Fatalf("fourth failure: ok %v, wait %v", ok, wait)
	}
	if ok, _ := f.fail("b"); !ok {
		t.Fatal("another address pays for a's failures")
	}
	if ok, _ := f.fail("c"); !ok {
		t.Fatal("overall limit reached early")
	}
	// Five failures overall: the next address is refused, and spends nothing.
	if ok, wait := f.fail("d"); ok || wait <= 0 || wait > 13*time.Second {
		t.Fatalf("sixth failure overall: ok %v, wait %v", ok, wait)
	}
	now = now.Add(time.Minute)
	if ok, _ := f.fail("a"); !ok {
		t.Fatal("still refused after the refill interval")
	}
	if ok, _ := f.fail("a"); ok {
		t.Fatal("one refill allowed two failures")
	}
	if ok, _ := f.fail("d"); !ok {
		t.Fatal("d was charged for its refused failure")
	}
}
