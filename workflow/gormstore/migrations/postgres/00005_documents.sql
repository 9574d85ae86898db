-- +goose Up
-- A signed scan has two documents: the full advice and the summary for the
-- raad (issue 12). The existing rows are full advices. Candidates get a copy
-- by default from now on; organisations keep the setting they have.
ALTER TABLE advice_documents ADD COLUMN kind text NOT NULL DEFAULT 'advice' CHECK (kind IN ('advice', 'raad'));
ALTER TABLE advice_documents DROP CONSTRAINT advice_documents_pkey;
ALTER TABLE advice_documents ADD PRIMARY KEY (scan_id, kind);
ALTER TABLE organisations ALTER COLUMN candidate_may_download SET DEFAULT true;

-- +goose Down
ALTER TABLE organisations ALTER COLUMN candidate_may_download SET DEFAULT false;
DELETE FROM advice_documents WHERE kind <> 'advice';
ALTER TABLE advice_documents DROP CONSTRAINT advice_documents_pkey;
ALTER TABLE advice_documents ADD PRIMARY KEY (scan_id);
ALTER TABLE advice_documents DROP COLUMN kind;
