-- +goose Up
-- An organisation's webhooks: a URL and the secret that signs what is posted
-- to it, sealed at rest like case content (it must be read to sign).
CREATE TABLE webhooks (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL,
    created_at      DATETIME NOT NULL
);
CREATE INDEX webhooks_organisation ON webhooks (organisation_id);

-- One event on its way to one webhook, written in the transaction of the
-- state change; the event holds ids and states only.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    scan_id         TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    from_state      TEXT NOT NULL,
    to_state        TEXT NOT NULL,
    version         INTEGER NOT NULL,
    occurred_at     DATETIME NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    last_try_at     DATETIME,
    done_at         DATETIME
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC, version DESC, id DESC);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
