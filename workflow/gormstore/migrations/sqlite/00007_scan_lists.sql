-- +goose Up
-- Lists of scans (issue 13) filter and page in SQL on the plain columns
-- that every write sets in the same statement as the sealed content: the
-- participant, organisation, state, office and dates. Each participant's
-- list is read newest first by (created_at, id); these indexes serve that
-- order, and their first column the look-ups the single-column indexes
-- they replace served. The columns exist since 00001 and every row has
-- them, so there is nothing to backfill.
CREATE INDEX scans_candidate_list ON scans (candidate_id, created_at DESC, id DESC);
CREATE INDEX scans_adviser_list ON scans (adviser_id, created_at DESC, id DESC);
CREATE INDEX scans_second_adviser_list ON scans (second_adviser_id, created_at DESC, id DESC);
CREATE INDEX scans_formateur_list ON scans (formateur_id, created_at DESC, id DESC);
CREATE INDEX scans_recipient_list ON scans (recipient_id, created_at DESC, id DESC);
DROP INDEX scans_candidate_id;
DROP INDEX scans_adviser_id;
DROP INDEX scans_second_adviser_id;
DROP INDEX scans_formateur_id;
DROP INDEX scans_recipient_id;

-- +goose Down
CREATE INDEX scans_candidate_id ON scans (candidate_id);
CREATE INDEX scans_adviser_id ON scans (adviser_id);
CREATE INDEX scans_second_adviser_id ON scans (second_adviser_id);
CREATE INDEX scans_formateur_id ON scans (formateur_id);
CREATE INDEX scans_recipient_id ON scans (recipient_id);
DROP INDEX scans_recipient_list;
DROP INDEX scans_formateur_list;
DROP INDEX scans_second_adviser_list;
DROP INDEX scans_adviser_list;
DROP INDEX scans_candidate_list;
