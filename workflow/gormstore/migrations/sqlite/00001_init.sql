-- +goose Up
CREATE TABLE organisations (
    id                     TEXT PRIMARY KEY,
    name                   TEXT NOT NULL UNIQUE,
    kind                   TEXT NOT NULL CHECK (kind IN ('gemeente', 'provincie', 'waterschap', 'openbaar-lichaam')),
    four_eyes              BOOLEAN NOT NULL DEFAULT 0,
    candidate_may_download BOOLEAN NOT NULL DEFAULT 0,
    questionnaire_version  TEXT,
    created_at             DATETIME NOT NULL
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'formateur', 'adviser', 'candidate')),
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT 1,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    created_at DATETIME NOT NULL,
    UNIQUE (organisation_id, role, email)
);

CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX tokens_user_id ON tokens (user_id);

-- Advisers serve their own organisation, and others only by assignment.
CREATE TABLE adviser_assignments (
    adviser_id      TEXT NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (adviser_id, organisation_id)
);

CREATE TABLE scans (
    id                       TEXT PRIMARY KEY,
    reference                TEXT NOT NULL UNIQUE,
    state                    TEXT NOT NULL,
    version                  INTEGER NOT NULL,
    office                   TEXT NOT NULL,
    organisation_id          TEXT NOT NULL REFERENCES organisations (id),
    planned_appointment_date DATE NOT NULL,
    candidate_id             TEXT NOT NULL REFERENCES users (id),
    adviser_id               TEXT NOT NULL REFERENCES users (id),
    second_adviser_id        TEXT REFERENCES users (id),
    formateur_id             TEXT NOT NULL REFERENCES users (id),
    recipient_id             TEXT NOT NULL REFERENCES users (id),
    template_version         TEXT NOT NULL,
    outcome                  TEXT NOT NULL DEFAULT '',
    content                  TEXT NOT NULL,
    closed_at                DATETIME,
    purged_at                DATETIME,
    created_at               DATETIME NOT NULL,
    updated_at               DATETIME NOT NULL
);
CREATE INDEX scans_candidate_id ON scans (candidate_id);
CREATE INDEX scans_adviser_id ON scans (adviser_id);
CREATE INDEX scans_second_adviser_id ON scans (second_adviser_id);
CREATE INDEX scans_organisation_id ON scans (organisation_id);
CREATE INDEX scans_formateur_id ON scans (formateur_id);
CREATE INDEX scans_recipient_id ON scans (recipient_id);

CREATE TABLE scan_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id    TEXT NOT NULL REFERENCES scans (id),
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    action     TEXT NOT NULL,
    actor_id   TEXT NOT NULL REFERENCES users (id),
    actor_role TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         DATETIME NOT NULL
);
CREATE INDEX scan_history_scan_id ON scan_history (scan_id, id);

CREATE TABLE advice_documents (
    scan_id    TEXT PRIMARY KEY REFERENCES scans (id),
    pdf        BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE invitations (
    code_hash  TEXT PRIMARY KEY,
    scan_id    TEXT NOT NULL REFERENCES scans (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);

CREATE TABLE audit_events (
    chain        TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    organisation TEXT NOT NULL,
    action       TEXT NOT NULL,
    object       TEXT NOT NULL,
    result       TEXT NOT NULL,
    at           DATETIME NOT NULL,
    request_id   TEXT NOT NULL,
    source       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);

-- The head of each chain: its last event. Verification compares the chain
-- with its head, so that events removed from the end are found too.
CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

-- The audit trail is append-only: the service never updates or deletes it.
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_heads;
DROP TABLE audit_events;
DROP TABLE invitations;
DROP TABLE advice_documents;
DROP TABLE scan_history;
DROP TABLE scans;
DROP TABLE tokens;
DROP TABLE adviser_assignments;
DROP TABLE users;
DROP TABLE organisations;
