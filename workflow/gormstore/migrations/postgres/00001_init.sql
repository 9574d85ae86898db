-- +goose Up
CREATE TABLE organisations (
    id                     uuid PRIMARY KEY,
    name                   text NOT NULL UNIQUE,
    kind                   text NOT NULL CHECK (kind IN ('gemeente', 'provincie', 'waterschap', 'openbaar-lichaam')),
    four_eyes              boolean NOT NULL DEFAULT false,
    candidate_may_download boolean NOT NULL DEFAULT false,
    questionnaire_version  text,
    created_at             timestamptz NOT NULL
);

CREATE TABLE users (
    id         uuid PRIMARY KEY,
    role       text NOT NULL CHECK (role IN ('admin', 'formateur', 'adviser', 'candidate')),
    name       text NOT NULL,
    email      text NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    organisation_id uuid NOT NULL REFERENCES organisations (id),
    created_at timestamptz NOT NULL,
    UNIQUE (organisation_id, role, email)
);

CREATE TABLE tokens (
    hash       text PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL
);
CREATE INDEX tokens_user_id ON tokens (user_id);

-- Advisers serve their own organisation, and others only by assignment.
CREATE TABLE adviser_assignments (
    adviser_id      uuid NOT NULL REFERENCES users (id),
    organisation_id uuid NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (adviser_id, organisation_id)
);

CREATE TABLE scans (
    id                       uuid PRIMARY KEY,
    reference                text NOT NULL UNIQUE,
    state                    text NOT NULL,
    version                  integer NOT NULL,
    office                   text NOT NULL,
    organisation_id          uuid NOT NULL REFERENCES organisations (id),
    planned_appointment_date date NOT NULL,
    candidate_id             uuid NOT NULL REFERENCES users (id),
    adviser_id               uuid NOT NULL REFERENCES users (id),
    second_adviser_id        uuid REFERENCES users (id),
    formateur_id             uuid NOT NULL REFERENCES users (id),
    recipient_id             uuid NOT NULL REFERENCES users (id),
    template_version         text NOT NULL,
    outcome                  text NOT NULL DEFAULT '',
    content                  text NOT NULL,
    closed_at                timestamptz,
    purged_at                timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
CREATE INDEX scans_candidate_id ON scans (candidate_id);
CREATE INDEX scans_adviser_id ON scans (adviser_id);
CREATE INDEX scans_second_adviser_id ON scans (second_adviser_id);
CREATE INDEX scans_organisation_id ON scans (organisation_id);
CREATE INDEX scans_formateur_id ON scans (formateur_id);
CREATE INDEX scans_recipient_id ON scans (recipient_id);

CREATE TABLE scan_history (
    id         bigserial PRIMARY KEY,
    scan_id    uuid NOT NULL REFERENCES scans (id),
    from_state text NOT NULL,
    to_state   text NOT NULL,
    action     text NOT NULL,
    actor_id   uuid NOT NULL REFERENCES users (id),
    actor_role text NOT NULL,
    reason     text NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX scan_history_scan_id ON scan_history (scan_id, id);

CREATE TABLE advice_documents (
    scan_id    uuid PRIMARY KEY REFERENCES scans (id),
    pdf        bytea NOT NULL,
    sha256     text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE invitations (
    code_hash  text PRIMARY KEY,
    scan_id    uuid NOT NULL REFERENCES scans (id),
    user_id    uuid NOT NULL REFERENCES users (id),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE TABLE audit_events (
    chain        text NOT NULL,
    seq          integer NOT NULL,
    actor_id     text NOT NULL,
    actor_role   text NOT NULL,
    organisation text NOT NULL,
    action       text NOT NULL,
    object       text NOT NULL,
    result       text NOT NULL,
    at           timestamptz NOT NULL,
    request_id   text NOT NULL,
    source       text NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL,
    PRIMARY KEY (chain, seq)
);

-- The head of each chain: its last event. Verification compares the chain
-- with its head, so that events removed from the end are found too.
CREATE TABLE audit_heads (
    chain text PRIMARY KEY,
    seq   integer NOT NULL,
    hash  text NOT NULL
);

-- The audit trail is append-only: the service never updates or deletes it.
-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_heads;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only;
DROP TABLE invitations;
DROP TABLE advice_documents;
DROP TABLE scan_history;
DROP TABLE scans;
DROP TABLE tokens;
DROP TABLE adviser_assignments;
DROP TABLE users;
DROP TABLE organisations;
