-- +goose Up
-- Tokens get an id (to list and revoke one), a lifetime, a revocation time,
-- and for a candidate the scan whose invitation gave it: it ends with that
-- scan's content. Existing tokens get an id derived from their hash (itself
-- random) and the default staff lifetime from now.
ALTER TABLE tokens ADD COLUMN id uuid;
ALTER TABLE tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE tokens ADD COLUMN revoked_at timestamptz;
ALTER TABLE tokens ADD COLUMN scan_id uuid REFERENCES scans (id);
UPDATE tokens SET id = (substr(hash, 1, 8) || '-' || substr(hash, 9, 4) || '-' || substr(hash, 13, 4) || '-' ||
    substr(hash, 17, 4) || '-' || substr(hash, 21, 12))::uuid, expires_at = now() + interval '30 days';
ALTER TABLE tokens ALTER COLUMN id SET NOT NULL;
ALTER TABLE tokens ALTER COLUMN expires_at SET NOT NULL;
CREATE UNIQUE INDEX tokens_id ON tokens (id);
CREATE INDEX tokens_scan_id ON tokens (scan_id);

-- One-time sign-in codes (activation links now; sign-in by link later),
-- stored only as a hash.
CREATE TABLE sign_in_codes (
    code_hash  text PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    purpose    text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX sign_in_codes_user_id ON sign_in_codes (user_id);

-- Names and addresses are sealed; look-ups go by a keyed hash of the
-- normalised address. The store fills it for existing rows at start-up.
ALTER TABLE users ADD COLUMN email_hash text;
CREATE UNIQUE INDEX users_org_role_email_hash ON users (organisation_id, role, email_hash);

-- +goose Down
DROP INDEX users_org_role_email_hash;
ALTER TABLE users DROP COLUMN email_hash;
DROP TABLE sign_in_codes;
DROP INDEX tokens_scan_id;
DROP INDEX tokens_id;
ALTER TABLE tokens DROP COLUMN scan_id;
ALTER TABLE tokens DROP COLUMN revoked_at;
ALTER TABLE tokens DROP COLUMN expires_at;
ALTER TABLE tokens DROP COLUMN id;
