-- +goose Up
-- The Idempotency-Key of a creating request, so that every instance answers
-- a retry with the first response. id is the keyed hash of the caller and the
-- key; fingerprint the keyed hash of method, path and body. A row without
-- status is in flight: claim tells the claimant from a later one that took
-- it over after lease_ends. response is sealed (it may name the candidate);
-- scan_id lets erasing a scan forget it. Rows go at expires_at.
CREATE TABLE idempotency_keys (
    id          text PRIMARY KEY,
    fingerprint text NOT NULL,
    claim       text NOT NULL,
    lease_ends  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    status      integer,
    response    text,
    scan_id     text
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
CREATE INDEX idempotency_keys_scan_id ON idempotency_keys (scan_id);

-- The token buckets of failed invitation and sign-in codes, shared by every
-- instance. id is the keyed hash of the bucket's name (a client address, or
-- the one overall bucket): no address is stored.
CREATE TABLE attempt_buckets (
    id         text PRIMARY KEY,
    tokens     double precision NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX attempt_buckets_updated_at ON attempt_buckets (updated_at);

-- +goose Down
DROP TABLE attempt_buckets;
DROP TABLE idempotency_keys;
