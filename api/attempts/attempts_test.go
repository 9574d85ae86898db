package attempts

import (
	"testing"
	"time"
)

func TestFailureLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f := New(3, time.Minute, 5, func() time.Time { return now })
	for i := range 3 {
		if ok, _ := f.Fail("a"); !ok {
			t.Fatalf("refused failure %d", i+1)
		}
	}
	ok, wait := f.Fail("a")
	if ok || wait <= 0 || wait > time.Minute {
		t.Fatalf("fourth failure: ok %v, wait %v", ok, wait)
	}
	if ok, _ := f.Fail("b"); !ok {
		t.Fatal("another address pays for a's failures")
	}
	if ok, _ := f.Fail("c"); !ok {
		t.Fatal("overall limit reached early")
	}
	// Five failures overall: the next address is refused, and spends nothing.
	if ok, wait := f.Fail("d"); ok || wait <= 0 || wait > 13*time.Second {
		t.Fatalf("sixth failure overall: ok %v, wait %v", ok, wait)
	}
	now = now.Add(time.Minute)
	if ok, _ := f.Fail("a"); !ok {
		t.Fatal("still refused after the refill interval")
	}
	if ok, _ := f.Fail("a"); ok {
		t.Fatal("one refill allowed two failures")
	}
	if ok, _ := f.Fail("d"); !ok {
		t.Fatal("d was charged for its refused failure")
	}
}
