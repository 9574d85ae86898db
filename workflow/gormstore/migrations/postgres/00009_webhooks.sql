-- +goose Up
-- An organisation's webhooks: a URL and the secret that signs what is posted
-- to it, sealed at rest like case content (it must be read to sign).
CREATE TABLE webhooks (
    id              uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES organisations(id),
    url             text NOT NULL,
    secret          text NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX webhooks_organisation ON webhooks (organisation_id);

-- One event on its way to one webhook, written in the transaction of the
-- state change; the event holds ids and states only.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    webhook_id      uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id        uuid NOT NULL,
    event_type      text NOT NULL,
    scan_id         uuid NOT NULL,
    organisation_id uuid NOT NULL,
    from_state      text NOT NULL,
    to_state        text NOT NULL,
    version         integer NOT NULL,
    occurred_at     timestamptz NOT NULL,
    status          text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_status     integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    last_try_at     timestamptz,
    done_at         timestamptz
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC, version DESC, id DESC);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
