-- +goose Up
-- A signed scan has two documents: the full advice and the summary for the
-- raad (issue 12). The existing rows are full advices. Candidates get a copy
-- by default from now on: on SQLite the organisations table keeps its column
-- default, because SQLite changes a default only by rebuilding the table,
-- which the foreign keys pointing at it forbid inside a migration; every
-- insert names the value (CreateOrganisation), so the default is never used.
-- The primary key of advice_documents changes by a rebuild, which nothing
-- references.

CREATE TABLE advice_documents_new (
    scan_id    TEXT NOT NULL REFERENCES scans (id),
    kind       TEXT NOT NULL DEFAULT 'advice' CHECK (kind IN ('advice', 'raad')),
    pdf        BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (scan_id, kind)
);
INSERT INTO advice_documents_new (scan_id, kind, pdf, sha256, created_at)
    SELECT scan_id, 'advice', pdf, sha256, created_at FROM advice_documents;
DROP TABLE advice_documents;
ALTER TABLE advice_documents_new RENAME TO advice_documents;

-- +goose Down
CREATE TABLE advice_documents_old (
    scan_id    TEXT PRIMARY KEY REFERENCES scans (id),
    pdf        BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
INSERT INTO advice_documents_old SELECT scan_id, pdf, sha256, created_at FROM advice_documents WHERE kind = 'advice';
DROP TABLE advice_documents;
ALTER TABLE advice_documents_old RENAME TO advice_documents;
