package storetest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"basisscan/workflow/gormstore"
)

// Deliverer delivers a test store's outbox on demand: Drain runs River's
// workers until what is due has gone out, then stops them, so that the
// many stores of a test binary do not all poll their databases at once.
type Deliverer struct {
	st  *gormstore.Store
	cfg gormstore.OutboxConfig
}

// NewDeliverer returns the store's outbox's deliverer, delivering with cfg (its clock, if
// set, becomes the outbox's at once: what is inserted from now on is due
// by it).
func NewDeliverer(t testing.TB, st *gormstore.Store, cfg gormstore.OutboxConfig) *Deliverer {
	t.Helper()
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 20 * time.Millisecond
	}
	// One worker: messages arrive in the order they were put in, so that a
	// test reading the newest sign-in link gets the one that still works
	// (with several, two links mailed in a row may arrive the other way).
	if cfg.Workers == 0 {
		cfg.Workers = 1
	}
	if cfg.Now != nil {
		st.SetOutboxClock(cfg.Now)
	}
	return &Deliverer{st: st, cfg: cfg}
}

// Drain waits until no message that is in the outbox now is due or being
// sent: what the test's writes caused has been delivered (or failed, and
// waits to be retried). Tests running alongside may add more meanwhile; it
// does not wait for those. It gives up after 30 seconds; the caller's own
// checks then fail, for want of the message. (It takes no testing.TB: a
// fuzz target's mailbox is read where its *testing.F may not fail.)
func (o *Deliverer) Drain() error {
	ctx := context.Background()
	last, err := o.st.OutboxLast(ctx)
	if err != nil {
		return err
	}
	if n, err := o.st.OutboxBusy(ctx, last); err != nil || n == 0 {
		return err
	}
	run, err := o.st.StartOutbox(ctx, o.cfg)
	if err != nil {
		return err
	}
	defer func() {
		stop, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = run.Stop(stop)
	}()
	return waitDelivered(ctx, o.st, last)
}

// waitDelivered waits until no message up to id last is due or being sent.
func waitDelivered(ctx context.Context, st *gormstore.Store, last int64) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := st.OutboxBusy(ctx, last)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("outbox: %d messages still due after 30s", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Settle returns a domaintest.Mailbox's Settle for the deliverer: it
// drains, and says on standard error why if it could not.
func (o *Deliverer) Settle() func() {
	return func() {
		if err := o.Drain(); err != nil {
			fmt.Fprintln(os.Stderr, "storetest: outbox:", err)
		}
	}
}

// Outbox starts delivering the store's outbox for the test, polling every
// 20ms unless cfg says otherwise, and stops it when the test ends: for the
// tests of delivery itself (retries, reminders, SMTP).
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

// Drain waits as Deliverer.Drain does, for an outbox that runs already.
func Drain(t testing.TB, st *gormstore.Store) {
	t.Helper()
	last, err := st.OutboxLast(context.Background())
	if err == nil {
		err = waitDelivered(context.Background(), st, last)
	}
	if err != nil {
		t.Fatal(err)
	}
}
