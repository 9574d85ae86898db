package gormstore

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

// FinishedScans implements domain.Store.
func (s *Store) FinishedScans(ctx context.Context) ([]domain.FinishedScan, error) {
	var rows []struct {
		ID, Reference, State, Outcome string
		ClosedAt                      time.Time
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT id, reference, state, outcome, closed_at FROM scans
		WHERE closed_at IS NOT NULL AND purged_at IS NULL ORDER BY closed_at`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list finished scans: %w", err)
	}
	out := make([]domain.FinishedScan, len(rows))
	for i, r := range rows {
		out[i] = domain.FinishedScan{ID: r.ID, Reference: r.Reference, State: domain.State(r.State),
			Outcome: domain.Outcome(r.Outcome), ClosedAt: r.ClosedAt.UTC()}
	}
	return out, nil
}

// PurgeScan implements domain.Store. Each scan goes in a transaction of its
// own: a crash leaves every scan either whole or purged, and a rerun picks
// up where it stopped.
func (s *Store) PurgeScan(ctx context.Context, id string, now time.Time, audit domain.AuditEvent) (bool, error) {
	if !validID(id) {
		return false, errNotFound
	}
	purged := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sc, err := s.loadScanFor(tx, id, true)
		if err != nil {
			return err
		}
		if sc.PurgedAt != nil {
			return nil
		}
		empty, err := contentOf(&domain.Scan{ID: id, Answers: domain.Answers{}}, s.keys)
		if err != nil {
			return err
		}
		// Sealed empty values keep every row of users sealed alike.
		name, email, err := s.sealPerson(sc.Candidate.ID, "", "")
		if err != nil {
			return err
		}
		steps := []stmt{
			{`UPDATE scans SET content = ?, purged_at = ?, version = version + 1, updated_at = ? WHERE id = ?`, []any{empty, now, now, id}},
			{`DELETE FROM advice_documents WHERE scan_id = ?`, []any{id}},
			{`DELETE FROM invitations WHERE scan_id = ?`, []any{id}},
			// A stored reply to its creation names the candidate.
			{`DELETE FROM idempotency_keys WHERE scan_id = ?`, []any{id}},
			// The candidate's tokens from this scan's invitation end with it.
			{`UPDATE tokens SET revoked_at = ? WHERE scan_id = ? AND revoked_at IS NULL`, []any{now, id}},
			{`UPDATE scan_history SET reason = '' WHERE scan_id = ?`, []any{id}},
			// The candidate's name and address go too, unless a scan that
			// is not purged still needs them; their tokens with them.
			{`DELETE FROM tokens WHERE user_id = ? AND NOT EXISTS (
				SELECT 1 FROM scans WHERE candidate_id = ? AND purged_at IS NULL)`, []any{sc.Candidate.ID, sc.Candidate.ID}},
			{`UPDATE users SET name = ?, email = ?, email_hash = 'verwijderd-' || id, active = ? WHERE id = ? AND NOT EXISTS (
				SELECT 1 FROM scans WHERE candidate_id = ? AND purged_at IS NULL)`, []any{name, email, false, sc.Candidate.ID, sc.Candidate.ID}},
		}
		for _, st := range steps {
			if err := tx.Exec(st.sql, st.args...).Error; err != nil {
				return fmt.Errorf("purge scan %s: %w", id, err)
			}
		}
		// Its messages in the outbox go too, sent or not: a reminder must
		// not reach a candidate whose data is erased.
		if err := s.forgetOutbox(tx, id); err != nil {
			return err
		}
		// What purge leaves of the scan: its state, one version on.
		sc.Version++
		audit = scanEvent(audit, sc, nil)
		audit.Chain = id
		if err := s.appendAudit(tx, audit); err != nil {
			return err
		}
		purged = true
		return nil
	})
	if err != nil || !purged {
		return purged, err
	}
	return true, s.compact(ctx)
}
