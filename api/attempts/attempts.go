// Package attempts limits failed attempts, such as guesses at invitation
// codes, for the API and the pages together.
package attempts

import (
	"context"
	"sync"
	"time"

	"basisscan/domain"
)

// Limiter limits failed attempts, such as guesses at invitation codes, per
// client address and over all addresses together, with one token bucket
// each. It is only asked after an attempt failed, so a good attempt never
// pays for others' failures. Its buckets live in a domain.AttemptStore:
// the database, so that several instances share one count, or process
// memory (New), where each keeps its own.
type Limiter struct {
	store          domain.AttemptStore
	burst          int
	every, overall time.Duration
	perMinute      int
	now            func() time.Time

	mu     sync.Mutex // guards purged
	purged time.Time
}

// globalKey names the one bucket over all addresses; client buckets are
// "client:" and the address, so no address can name it.
const globalKey = "global"

// New allows each client burst failures at once, then one per every; all
// clients together perMinute failures a minute (at once too). It keeps its
// counts in process memory. now is its clock; nil means time.Now.
func New(burst int, every time.Duration, perMinute int, now func() time.Time) *Limiter {
	return NewShared(&memory{buckets: map[string]level{}}, burst, every, perMinute, now)
}

// NewShared is New keeping its counts in store, such as the database that
// every instance uses.
func NewShared(store domain.AttemptStore, burst int, every time.Duration, perMinute int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{store: store, burst: burst, every: every, perMinute: perMinute,
		overall: time.Minute / time.Duration(perMinute), now: now}
}

// Fail records a failed attempt of client when both its own and the overall
// allowance have room, and reports whether they had. When not, nothing is
// spent and wait is how long until the lacking allowance has room again.
// The error is the store's: nothing is known then.
func (f *Limiter) Fail(ctx context.Context, client string) (ok bool, wait time.Duration, err error) {
	now := f.now()
	own := domain.AttemptBucket{Key: "client:" + client, Burst: f.burst, Every: f.every}
	all := domain.AttemptBucket{Key: globalKey, Burst: f.perMinute, Every: f.overall}
	ok, wait, err = f.store.SpendAttempt(ctx, now, []domain.AttemptBucket{own, all})
	if err != nil {
		return false, 0, err
	}
	f.purge(ctx, now, max(own.FullAfter(), all.FullAfter()))
	return ok, wait, nil
}

// purge forgets full buckets now and then (at most once a minute per
// limiter), so that the store does not grow with every address that ever
// failed once. A failing purge is tried again the next time.
func (f *Limiter) purge(ctx context.Context, now time.Time, longest time.Duration) {
	f.mu.Lock()
	due := now.Sub(f.purged) >= time.Minute
	if due {
		f.purged = now
	}
	f.mu.Unlock()
	if due {
		if _, err := f.store.PurgeAttempts(ctx, now, longest); err != nil {
			f.mu.Lock()
			f.purged = time.Time{}
			f.mu.Unlock()
		}
	}
}

// memory is a domain.AttemptStore in process memory.
type memory struct {
	mu      sync.Mutex // one lock over check and spend: concurrent failures count exactly
	buckets map[string]level
}

type level struct {
	tokens float64
	at     time.Time
}

func (m *memory) SpendAttempt(_ context.Context, now time.Time, buckets []domain.AttemptBucket) (bool, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	levels := make([]float64, len(buckets))
	var wait time.Duration
	for i, b := range buckets {
		l, ok := m.buckets[b.Key]
		if !ok {
			l = level{tokens: float64(b.Burst), at: now}
		}
		levels[i] = b.Level(l.tokens, l.at, now)
		wait = max(wait, b.Wait(levels[i]))
	}
	if wait > 0 {
		return false, wait, nil
	}
	for i, b := range buckets {
		m.buckets[b.Key] = level{tokens: levels[i] - 1, at: now}
	}
	return true, 0, nil
}

func (m *memory) PurgeAttempts(_ context.Context, now time.Time, longest time.Duration) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k, l := range m.buckets {
		if now.Sub(l.at) > longest {
			delete(m.buckets, k)
			n++
		}
	}
	return n, nil
}
