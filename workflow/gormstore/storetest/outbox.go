package storetest

import (
	"context"
	"testing"
	"time"

	"basisscan/workflow/gormstore"
)

// Outbox starts delivering the store's outbox for the test, and stops it
// when the test ends. It polls every 20ms unless cfg says otherwise, so
// that a test waits for its messages briefly.
func Outbox(t testing.TB, st *gormstore.Store, cfg gormstore.OutboxConfig) *gormstore.Outbox {
	t.Helper()
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 20 * time.Millisecond
	}
	o, err := st.StartOutbox(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start outbox: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = o.Stop(ctx)
	})
	return o
}

// Drain waits until no message in the store's outbox is due or being sent:
// what the test's writes caused has been delivered (or failed and waits to
// be retried). It fails the test after 30 seconds.
func Drain(t testing.TB, st *gormstore.Store) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := st.OutboxBusy(context.Background())
		if err != nil {
			t.Fatalf("outbox: %v", err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox: %d messages still due after 30s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
