-- +goose Up
-- A web session is a token held in a cookie: it also ends after idle_seconds
-- without use (idle_until moves on with each use). Every token records its
-- last use, so that an admin can tell a forgotten token from a used one.
ALTER TABLE tokens ADD COLUMN idle_seconds integer;
ALTER TABLE tokens ADD COLUMN idle_until timestamptz;
ALTER TABLE tokens ADD COLUMN last_used_at timestamptz;

-- +goose Down
ALTER TABLE tokens DROP COLUMN last_used_at;
ALTER TABLE tokens DROP COLUMN idle_until;
ALTER TABLE tokens DROP COLUMN idle_seconds;
