package attempts

import (
	"context"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// stores gives a fresh bucket store of each kind: process memory, and the
// database of each dialect.
var stores = map[string]func(t *testing.T) domain.AttemptStore{
	"memory": func(*testing.T) domain.AttemptStore { return &memory{buckets: map[string]level{}} },
	"sqlite": func(t *testing.T) domain.AttemptStore { return storetest.Open(t, storetest.SQLite) },
	"postgres": func(t *testing.T) domain.AttemptStore {
		return storetest.Open(t, storetest.Postgres)
	},
}

func eachStore(t *testing.T, f func(t *testing.T, store domain.AttemptStore)) {
	t.Helper()
	t.Parallel()
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f(t, open(t))
		})
	}
}

func fail(t *testing.T, f *Limiter, client string) (bool, time.Duration) {
	t.Helper()
	ok, wait, err := f.Fail(context.Background(), client)
	if err != nil {
		t.Fatalf("fail %s: %v", client, err)
	}
	return ok, wait
}

func TestFailureLimiter(t *testing.T) {
	eachStore(t, func(t *testing.T, store domain.AttemptStore) {
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		f := NewShared(store, 3, time.Minute, 5, func() time.Time { return now })
		for i := range 3 {
			if ok, _ := fail(t, f, "a"); !ok {
				t.Fatalf("refused failure %d", i+1)
			}
		}
		ok, wait := fail(t, f, "a")
		if ok || wait <= 0 || wait > time.Minute {
			t.Fatalf("fourth failure: ok %v, wait %v", ok, wait)
		}
		if ok, _ := fail(t, f, "b"); !ok {
			t.Fatal("another address pays for a's failures")
		}
		if ok, _ := fail(t, f, "c"); !ok {
			t.Fatal("overall limit reached early")
		}
		// Five failures overall: the next address is refused, and spends nothing.
		if ok, wait := fail(t, f, "d"); ok || wait <= 0 || wait > 13*time.Second {
			t.Fatalf("sixth failure overall: ok %v, wait %v", ok, wait)
		}
		now = now.Add(time.Minute)
		if ok, _ := fail(t, f, "a"); !ok {
			t.Fatal("still refused after the refill interval")
		}
		if ok, _ := fail(t, f, "a"); ok {
			t.Fatal("one refill allowed two failures")
		}
		if ok, _ := fail(t, f, "d"); !ok {
			t.Fatal("d was charged for its refused failure")
		}
	})
}

// Two limiters on one store are two instances on one database: together
// they allow what one would, also when their failures arrive at once.
func TestFailureLimiterSharedAcrossInstances(t *testing.T) {
	eachStore(t, func(t *testing.T, store domain.AttemptStore) {
		if _, ok := store.(*memory); ok {
			t.Skip("process memory is one instance's")
		}
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		one, two := NewShared(store, 10, time.Minute, 1000, clock), NewShared(store, 10, time.Minute, 1000, clock)
		// The first creates the bucket; the rest race on its row.
		fail(t, one, "198.51.100.7")
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			allowed = 1
		)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f := one
				if i%2 == 1 {
					f = two
				}
				ok, _, err := f.Fail(context.Background(), "198.51.100.7")
				if err != nil {
					t.Errorf("fail: %v", err)
					return
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if allowed != 10 {
			t.Fatalf("two instances allowed %d failures of one address at once, want 10", allowed)
		}
	})
}

// Buckets that filled again are forgotten, and a forgotten bucket is a
// full one.
func TestFailureLimiterForgetsFullBuckets(t *testing.T) {
	eachStore(t, func(t *testing.T, store domain.AttemptStore) {
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		f := NewShared(store, 2, time.Minute, 100, func() time.Time { return now })
		fail(t, f, "a")
		fail(t, f, "a")
		now = now.Add(3 * time.Minute)
		n, err := store.PurgeAttempts(context.Background(), now, 2*time.Minute)
		if err != nil || n != 2 { // a's bucket and the overall one
			t.Fatalf("purge: %d, %v", n, err)
		}
		for i := range 2 {
			if ok, _ := fail(t, f, "a"); !ok {
				t.Fatalf("failure %d after the purge refused", i+1)
			}
		}
	})
}
