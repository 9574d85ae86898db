-- +goose Up
-- What each event's MAC covers besides 00001's fields: the scan as the
-- write left it, the digest of the history row it appended, and the id of
-- the audit key. Events of 00001 carry no key id and no longer verify: none
-- were ever deployed, and accepting unkeyed events would let anyone forge.
ALTER TABLE audit_events ADD COLUMN scan_state TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN scan_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_events ADD COLUMN adviser_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN second_adviser_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN history_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

-- Refused attempts, counted per minute, source, actor, action, object and
-- scan: apart from the chains, so that they never contend with the
-- participants' writes, and bounded, so that a flood adds a row a minute.
CREATE TABLE audit_refusals (
    minute       DATETIME NOT NULL,
    scan_id      TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    organisation TEXT NOT NULL,
    action       TEXT NOT NULL,
    object       TEXT NOT NULL,
    source       TEXT NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (minute, scan_id, actor_id, actor_role, organisation, action, object, source)
);
CREATE INDEX audit_refusals_scan_id ON audit_refusals (scan_id, minute);

-- Heads only move forward; refusals only count up.
-- +goose StatementBegin
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN
    SELECT RAISE(ABORT, 'audit_heads is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_heads_forward BEFORE UPDATE ON audit_heads
WHEN NEW.seq <= OLD.seq OR NEW.chain IS NOT OLD.chain
BEGIN
    SELECT RAISE(ABORT, 'audit_heads is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_refusals_no_delete BEFORE DELETE ON audit_refusals
BEGIN
    SELECT RAISE(ABORT, 'audit_refusals is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_refusals_count_up BEFORE UPDATE ON audit_refusals
WHEN NEW.count < OLD.count OR NEW.minute IS NOT OLD.minute OR NEW.scan_id IS NOT OLD.scan_id
    OR NEW.actor_id IS NOT OLD.actor_id OR NEW.actor_role IS NOT OLD.actor_role
    OR NEW.organisation IS NOT OLD.organisation OR NEW.action IS NOT OLD.action
    OR NEW.object IS NOT OLD.object OR NEW.source IS NOT OLD.source
BEGIN
    SELECT RAISE(ABORT, 'audit_refusals is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_refusals_count_up;
DROP TRIGGER audit_refusals_no_delete;
DROP TRIGGER audit_heads_forward;
DROP TRIGGER audit_heads_no_delete;
DROP TABLE audit_refusals;
ALTER TABLE audit_events DROP COLUMN key_id;
ALTER TABLE audit_events DROP COLUMN history_digest;
ALTER TABLE audit_events DROP COLUMN second_adviser_id;
ALTER TABLE audit_events DROP COLUMN adviser_id;
ALTER TABLE audit_events DROP COLUMN scan_version;
ALTER TABLE audit_events DROP COLUMN scan_state;
