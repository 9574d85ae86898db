package domain

import (
	"context"
	"time"
)

// IdempotencyStore keeps the Idempotency-Key of creating requests, per
// caller, in the database, so that every instance of the service agrees on
// which requests it has already answered.
type IdempotencyStore interface {
	// ClaimIdempotencyKey claims c.Key of c.ActorID for the request, unless
	// an unexpired claim of that key exists whose lease has not ended or
	// that holds a response. It reports whether it claimed the key, and
	// otherwise returns the claim that exists. Expired keys are forgotten.
	ClaimIdempotencyKey(ctx context.Context, c IdempotencyClaim) (claimed bool, existing *IdempotencyRecord, err error)
	// CompleteIdempotencyKey stores the response to the request of claim c,
	// sealed: it may hold personal data. Returns ENOTFOUND when the claim
	// is no longer c's (it expired, or was taken over).
	CompleteIdempotencyKey(ctx context.Context, c IdempotencyClaim, r IdempotentResponse) error
	// ReleaseIdempotencyKey drops claim c of a request that changed
	// nothing, so that a retry runs it again. A claim that is no longer c's
	// is left alone.
	ReleaseIdempotencyKey(ctx context.Context, c IdempotencyClaim) error
	// PurgeIdempotencyKeys deletes every key expired at now, with its
	// stored response, and returns how many there were.
	PurgeIdempotencyKeys(ctx context.Context, now time.Time) (int, error)
}

// IdempotencyClaim is a request that claims an Idempotency-Key.
type IdempotencyClaim struct {
	ActorID string
	Key     string
	// Token tells this claim from a later one of the same key (a takeover
	// after the lease); random, chosen by the claimant.
	Token string
	// Fingerprint identifies the request (method, path, body): the same key
	// with another fingerprint is another request, and refused.
	Fingerprint []byte
	Now         time.Time
	// LeaseEnds is when a claim without a response may be taken over: its
	// request is taken to have died. ExpiresAt is when the key is forgotten.
	LeaseEnds time.Time
	ExpiresAt time.Time
}

// IdempotencyRecord is a claimed key as the store holds it.
type IdempotencyRecord struct {
	// SameRequest reports whether the claim's fingerprint is the one asked with.
	SameRequest bool
	// Response is the stored answer, or nil while the request is in flight.
	Response *IdempotentResponse
	// LeaseEnds is when an in-flight claim may be taken over.
	LeaseEnds time.Time
}

// IdempotentResponse is a stored answer to replay.
type IdempotentResponse struct {
	Status int
	Header map[string]string // the headers to replay, such as Location and ETag
	Body   []byte
	// ScanID names the scan the response is about, if any: erasing the
	// scan's content forgets the response too.
	ScanID string
}
