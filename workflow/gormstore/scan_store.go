package gormstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"basisscan/domain"
)

var _ domain.Store = (*Store)(nil)

// validID reports whether id can name a row; a malformed id names none, and
// asking PostgreSQL about it would be an error instead of "not found".
func validID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil && len(id) == 36
}

// CreateScan implements domain.Store.
func (s *Store) CreateScan(ctx context.Context, n domain.NewScan, deliver func(*domain.Scan) error) error {
	sc := n.Scan
	content, err := contentOf(sc, s.keys)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Reuse the candidate's account when one exists; ON CONFLICT keeps two
		// scans started at once for the same person from failing. The account
		// holds no name: each scan holds the name its formateur gave, so
		// that no scan shows what another formateur typed.
		candidateID := uuid.NewString()
		name, email, err := s.sealPerson(candidateID, "", sc.Candidate.Email)
		if err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO users (id, organisation_id, role, name, email, email_hash, active, created_at)
			VALUES (?, ?, 'candidate', ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, role, email_hash) DO NOTHING`,
			candidateID, sc.OrganisationID, name, email, s.emailHash(sc.Candidate.Email), true, sc.CreatedAt).Error; err != nil {
			return fmt.Errorf("insert candidate: %w", err)
		}
		var ids []string
		if err := tx.Raw(`SELECT id FROM users WHERE organisation_id = ? AND role = 'candidate' AND email_hash = ?`,
			sc.OrganisationID, s.emailHash(sc.Candidate.Email)).Scan(&ids).Error; err != nil {
			return fmt.Errorf("find candidate: %w", err)
		}
		if len(ids) != 1 {
			return fmt.Errorf("find candidate: %d accounts", len(ids))
		}
		sc.Candidate.ID = ids[0]
		if err := tx.Exec(`INSERT INTO scans (id, reference, state, version, office, organisation_id,
			planned_appointment_date, candidate_id, adviser_id, formateur_id, recipient_id, template_version,
			outcome, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sc.ID, sc.Reference, string(sc.State), sc.Version, string(sc.Office), sc.OrganisationID,
			sc.PlannedAppointmentDate.Time(), sc.Candidate.ID, sc.Adviser.ID, sc.Formateur.ID, sc.Recipient.ID,
			sc.TemplateVersion, string(sc.Outcome), content, sc.CreatedAt, sc.UpdatedAt).Error; err != nil {
			return fmt.Errorf("insert scan: %w", err)
		}
		if err := s.insertHistory(tx, sc.ID, n.History); err != nil {
			return err
		}
		if err := s.stateChanged(tx, sc, n.History); err != nil {
			return err
		}
		audit := scanEvent(n.Audit, sc, &n.History)
		audit.Chain = sc.ID
		if err := s.appendAudit(tx, audit); err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO invitations (code_hash, scan_id, user_id, expires_at) VALUES (?, ?, ?, ?)`,
			n.InvitationCodeHash, sc.ID, sc.Candidate.ID, n.InvitationExpires).Error; err != nil {
			return fmt.Errorf("insert invitation: %w", err)
		}
		if err := s.enqueue(ctx, tx, n.Mails); err != nil {
			return err
		}
		if deliver == nil {
			return nil
		}
		return deliver(sc)
	})
}

// Scan implements domain.Store.
func (s *Store) Scan(ctx context.Context, id string) (*domain.Scan, error) {
	return s.loadScan(s.db.WithContext(ctx), id)
}

func (s *Store) loadScan(db *gorm.DB, id string) (*domain.Scan, error) {
	return s.loadScanFor(db, id, false)
}

// loadScanFor loads a scan; with lock, on PostgreSQL, it locks the scan's
// row until the transaction ends, so that concurrent writers queue instead
// of failing on the version check. (SQLite runs one transaction at a time.)
func (s *Store) loadScanFor(db *gorm.DB, id string, lock bool) (*domain.Scan, error) {
	if !validID(id) {
		return nil, errNotFound
	}
	q := scanSelect + ` WHERE s.id = ?`
	if lock && s.postgres {
		q += ` FOR UPDATE OF s`
	}
	var r scanRow
	res := db.Raw(q, id).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("load scan %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, errNotFound
	}
	return r.toDomain(s)
}

// Scans implements domain.Store.
func (s *Store) Scans(ctx context.Context, f domain.ScanFilter) ([]domain.Scan, error) {
	where, args, ok, err := participantWhere(f)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []domain.Scan{}, nil
	}
	var rows []scanRow
	q := scanSelect + " WHERE " + where + " ORDER BY s.created_at DESC, s.id"
	if err := s.db.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	out := make([]domain.Scan, 0, len(rows))
	for i := range rows {
		sc, err := rows[i].toDomain(s)
		if err != nil {
			return nil, err
		}
		out = append(out, *sc)
	}
	return out, nil
}

// UpdateScan implements domain.Store. The scan's row is locked from load to
// commit (FOR UPDATE on PostgreSQL; on SQLite the one connection runs one
// transaction at a time), and every writer of scans takes that lock, so no
// one can change the row between load and UPDATE: the UPDATE needs no
// "AND version = ?", which could never fail. Concurrent writers queue, and
// each applies fn to what the one before committed.
func (s *Store) UpdateScan(ctx context.Context, id string, fn domain.UpdateFunc) (*domain.Scan, error) {
	var out *domain.Scan
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sc, err := s.loadScanFor(tx, id, true)
		if err != nil {
			return err
		}
		loaded := sc.Version
		change, err := fn(sc, s.inTx(tx))
		if err != nil {
			return err
		}
		content, err := contentOf(sc, s.keys)
		if err != nil {
			return err
		}
		sc.Version = loaded + 1
		var second *string
		if sc.SecondAdviser != nil {
			second = &sc.SecondAdviser.ID
		}
		// The planned appointment date is written too: the formateur may move it.
		res := tx.Exec(`UPDATE scans SET state = ?, version = ?, outcome = ?, content = ?, second_adviser_id = ?,
			planned_appointment_date = ?, updated_at = ?, closed_at = ? WHERE id = ?`,
			string(sc.State), sc.Version, string(sc.Outcome), content, second, sc.PlannedAppointmentDate.Time(),
			sc.UpdatedAt, sc.ClosedAt, id)
		if res.Error != nil {
			return fmt.Errorf("update scan %s: %w", id, res.Error)
		}
		if change.History != nil {
			if err := s.insertHistory(tx, id, *change.History); err != nil {
				return err
			}
			if err := s.stateChanged(tx, sc, *change.History); err != nil {
				return err
			}
		}
		for i, e := range change.Audit {
			if e.Chain == id {
				var h *domain.HistoryEntry
				if i == 0 {
					h = change.History // the first event of the write records its history row
				}
				e = scanEvent(e, sc, h)
			}
			if err := s.appendAudit(tx, e); err != nil {
				return err
			}
		}
		for _, d := range change.Documents {
			if err := s.insertDocument(tx, id, d); err != nil {
				return err
			}
		}
		if err := s.enqueue(ctx, tx, change.Mails); err != nil {
			return err
		}
		out = sc
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// inTx returns the store's reads bound to tx, for an UpdateFunc.
func (s *Store) inTx(tx *gorm.DB) domain.TxReader {
	c := *s
	c.db = tx
	return txReader{&c}
}

// txReader offers only the reads of domain.TxReader: the write's
// transaction is not to be committed or written through by its closure.
type txReader struct{ s *Store }

func (r txReader) AdvisersFor(ctx context.Context, organisationID, email string) ([]domain.User, error) {
	return r.s.AdvisersFor(ctx, organisationID, email)
}

func (r txReader) UserOrganisationName(ctx context.Context, userID string) (string, error) {
	return r.s.UserOrganisationName(ctx, userID)
}
