-- +goose Up
-- What each event's MAC covers besides 00001's fields: the scan as the
-- write left it, the digest of the history row it appended, and the id of
-- the audit key. Events of 00001 carry no key id and no longer verify: none
-- were ever deployed, and accepting unkeyed events would let anyone forge.
ALTER TABLE audit_events ADD COLUMN scan_state text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN scan_version integer NOT NULL DEFAULT 0;
ALTER TABLE audit_events ADD COLUMN adviser_id text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN second_adviser_id text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN history_digest text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN key_id text NOT NULL DEFAULT '';

-- Refused attempts, counted per minute, source, actor, action, object and
-- scan: apart from the chains, so that they never contend with the
-- participants' writes, and bounded, so that a flood adds a row a minute.
CREATE TABLE audit_refusals (
    minute       timestamptz NOT NULL,
    scan_id      text NOT NULL,
    actor_id     text NOT NULL,
    actor_role   text NOT NULL,
    organisation text NOT NULL,
    action       text NOT NULL,
    object       text NOT NULL,
    source       text NOT NULL,
    count        integer NOT NULL,
    PRIMARY KEY (minute, scan_id, actor_id, actor_role, organisation, action, object, source)
);
CREATE INDEX audit_refusals_scan_id ON audit_refusals (scan_id, minute);

-- +goose StatementBegin
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
-- +goose StatementEnd

-- Heads only move forward; refusals only count up; TRUNCATE fires no row
-- trigger, so it is refused on its own.
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_heads_forward BEFORE UPDATE ON audit_heads
    FOR EACH ROW WHEN (NEW.seq <= OLD.seq OR NEW.chain IS DISTINCT FROM OLD.chain) EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_refusals_no_delete BEFORE DELETE ON audit_refusals
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_refusals_count_up BEFORE UPDATE ON audit_refusals
    FOR EACH ROW WHEN (NEW.count < OLD.count OR (NEW.minute, NEW.scan_id, NEW.actor_id, NEW.actor_role, NEW.organisation,
        NEW.action, NEW.object, NEW.source) IS DISTINCT FROM (OLD.minute, OLD.scan_id, OLD.actor_id, OLD.actor_role,
        OLD.organisation, OLD.action, OLD.object, OLD.source))
    EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_refusals_no_truncate BEFORE TRUNCATE ON audit_refusals
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- +goose Down
DROP TRIGGER audit_heads_no_truncate ON audit_heads;
DROP TRIGGER audit_events_no_truncate ON audit_events;
DROP TRIGGER audit_heads_forward ON audit_heads;
DROP TRIGGER audit_heads_no_delete ON audit_heads;
DROP TABLE audit_refusals;
DROP FUNCTION audit_append_only;
ALTER TABLE audit_events DROP COLUMN key_id;
ALTER TABLE audit_events DROP COLUMN history_digest;
ALTER TABLE audit_events DROP COLUMN second_adviser_id;
ALTER TABLE audit_events DROP COLUMN adviser_id;
ALTER TABLE audit_events DROP COLUMN scan_version;
ALTER TABLE audit_events DROP COLUMN scan_state;
