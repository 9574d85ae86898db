package domain

import (
	"context"
	"time"
)

// AttemptStore keeps the token buckets that bound failed attempts, such as
// guesses at invitation codes, in the database, so that several instances
// share one count.
type AttemptStore interface {
	// SpendAttempt takes one token from every bucket when each has one,
	// atomically, and reports whether it did. When not, nothing is spent and
	// wait is how long until every bucket has a token again. Concurrent
	// calls, from any instance, never spend a token twice.
	SpendAttempt(ctx context.Context, now time.Time, buckets []AttemptBucket) (ok bool, wait time.Duration, err error)
	// PurgeAttempts forgets the buckets untouched for longer than longest
	// before now: one that has filled again is the same as a new one.
	PurgeAttempts(ctx context.Context, now time.Time, longest time.Duration) (int, error)
}

// AttemptBucket is one token bucket: Burst tokens when full, one more every
// Every. Key names it, such as a client address; stores keep only its hash.
type AttemptBucket struct {
	Key   string
	Burst int
	Every time.Duration
}

// Level returns the tokens of the bucket at now, which held tokens at at.
// A clock that went backwards (another instance's) refills nothing.
func (b AttemptBucket) Level(tokens float64, at, now time.Time) float64 {
	if d := now.Sub(at); d > 0 {
		tokens += float64(d) / float64(b.Every)
	}
	return min(tokens, float64(b.Burst))
}

// Wait returns how long until a bucket at level tokens holds one token.
func (b AttemptBucket) Wait(tokens float64) time.Duration {
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) * float64(b.Every))
}

// FullAfter is how long an untouched bucket takes to fill from empty.
func (b AttemptBucket) FullAfter() time.Duration { return time.Duration(b.Burst) * b.Every }
