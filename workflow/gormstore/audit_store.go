package gormstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

type auditRow struct {
	Chain           string
	Seq             int
	ActorID         string
	ActorRole       string
	Organisation    string
	Action          string
	Object          string
	Result          string
	At              time.Time
	RequestID       string
	Source          string
	ScanState       string
	ScanVersion     int
	AdviserID       string
	SecondAdviserID string
	HistoryDigest   string
	KeyID           string
	PrevHash        string
	Hash            string
}

func (r auditRow) toDomain() domain.AuditEvent {
	return domain.AuditEvent{Chain: r.Chain, Seq: r.Seq, ActorID: r.ActorID, ActorRole: domain.Role(r.ActorRole),
		Organisation: r.Organisation, Action: r.Action, Object: r.Object, Result: domain.AuditResult(r.Result),
		At: r.At.UTC(), RequestID: r.RequestID, Source: r.Source, ScanState: domain.State(r.ScanState),
		ScanVersion: r.ScanVersion, AdviserID: r.AdviserID, SecondAdviserID: r.SecondAdviserID,
		HistoryDigest: r.HistoryDigest, KeyID: r.KeyID, PrevHash: r.PrevHash, Hash: r.Hash}
}

const auditColumns = `chain, seq, actor_id, actor_role, organisation, action, object, result, at, request_id, source,
	scan_state, scan_version, adviser_id, second_adviser_id, history_digest, key_id, prev_hash, hash`

// appendAudit appends e to its chain inside tx: it reads the chain's head,
// links e to it, seals it with the audit key, inserts it and moves the head.
// On PostgreSQL the head's row is locked, so that concurrent appends to one
// chain queue; where they still meet (a chain's first event, SQLite), the
// insert or the head update fails, which is reported as ErrConcurrentWrite:
// the caller retries the whole transaction, never forks the chain.
func (s *Store) appendAudit(tx *gorm.DB, e domain.AuditEvent) error {
	var head struct {
		Seq  int
		Hash string
	}
	q := `SELECT seq, hash FROM audit_heads WHERE chain = ?`
	if s.postgres {
		q += ` FOR UPDATE`
	}
	res := tx.Raw(q, e.Chain).Scan(&head)
	if res.Error != nil {
		return fmt.Errorf("read audit head: %w", res.Error)
	}
	e.Seq, e.PrevHash = head.Seq+1, head.Hash
	e.At = e.At.UTC().Truncate(time.Microsecond) // what every database keeps, so the MAC survives the round trip
	s.auditKeys.Seal(&e)
	err := tx.Exec(`INSERT INTO audit_events (`+auditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Chain, e.Seq, e.ActorID, string(e.ActorRole), e.Organisation, e.Action, e.Object, string(e.Result),
		e.At, e.RequestID, e.Source, string(e.ScanState), e.ScanVersion, e.AdviserID, e.SecondAdviserID,
		e.HistoryDigest, e.KeyID, e.PrevHash, e.Hash).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.ErrConcurrentWrite
	}
	if err != nil {
		return fmt.Errorf("insert audit event: %w", err)
	}
	if res.RowsAffected == 0 {
		err = tx.Exec(`INSERT INTO audit_heads (chain, seq, hash) VALUES (?, ?, ?)`, e.Chain, e.Seq, e.Hash).Error
	} else {
		r := tx.Exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ? AND seq = ?`, e.Seq, e.Hash, e.Chain, head.Seq)
		if err = r.Error; err == nil && r.RowsAffected == 0 {
			return domain.ErrConcurrentWrite
		}
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.ErrConcurrentWrite
	}
	if err != nil {
		return fmt.Errorf("move audit head: %w", err)
	}
	return nil
}

// scanEvent returns e stamped with what the write left of sc, and with the
// digest of the history row it appends (h, or nil): the MAC then covers the
// scan's state, version, advisers and history.
func scanEvent(e domain.AuditEvent, sc *domain.Scan, h *domain.HistoryEntry) domain.AuditEvent {
	e.ScanState, e.ScanVersion, e.AdviserID = sc.State, sc.Version, sc.Adviser.ID
	e.SecondAdviserID = ""
	if sc.SecondAdviser != nil {
		e.SecondAdviserID = sc.SecondAdviser.ID
	}
	if h != nil {
		e.HistoryDigest = domain.HistoryDigest(*h)
	}
	return e
}

// AppendAudit implements domain.Store.
func (s *Store) AppendAudit(ctx context.Context, events ...domain.AuditEvent) error {
	for attempt := 0; ; attempt++ {
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			for _, e := range events {
				if err := s.appendAudit(tx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if errors.Is(err, domain.ErrConcurrentWrite) && attempt < 20 {
			continue
		}
		return err
	}
}

// AuditChain implements domain.Store.
func (s *Store) AuditChain(ctx context.Context, chain string) (domain.AuditChain, error) {
	var rows []auditRow
	db := s.db.WithContext(ctx)
	if err := db.Raw(`SELECT `+auditColumns+` FROM audit_events WHERE chain = ? ORDER BY seq`, chain).Scan(&rows).Error; err != nil {
		return domain.AuditChain{}, fmt.Errorf("load audit chain: %w", err)
	}
	seq, hash, err := s.AuditHead(ctx, chain)
	if err != nil {
		return domain.AuditChain{}, err
	}
	out := domain.AuditChain{Chain: chain, HeadSeq: seq, HeadHash: hash, Events: make([]domain.AuditEvent, len(rows))}
	for i, r := range rows {
		out.Events[i] = r.toDomain()
	}
	return out, nil
}

// AuditEvents implements domain.Store.
func (s *Store) AuditEvents(ctx context.Context, chain string, afterSeq, limit int) ([]domain.AuditEvent, error) {
	var rows []auditRow
	// In seq order: a changed seq then shows as a gap or as a MAC that no
	// longer matches, since the MAC covers the seq and the previous MAC.
	if err := s.db.WithContext(ctx).Raw(`SELECT `+auditColumns+` FROM audit_events WHERE chain = ? AND seq > ?
		ORDER BY seq LIMIT ?`, chain, afterSeq, limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load audit events: %w", err)
	}
	out := make([]domain.AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// AuditHead implements domain.Store.
func (s *Store) AuditHead(ctx context.Context, chain string) (int, string, error) {
	var head struct {
		Seq  int
		Hash string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT seq, hash FROM audit_heads WHERE chain = ?`, chain).Scan(&head).Error; err != nil {
		return 0, "", fmt.Errorf("load audit head: %w", err)
	}
	return head.Seq, head.Hash, nil
}

// AuditChains implements domain.Store.
func (s *Store) AuditChains(ctx context.Context) ([]string, error) {
	var chains []string
	// Every scan has a chain from its start: a scan without one lost it.
	if err := s.db.WithContext(ctx).Raw(`SELECT chain FROM audit_heads UNION SELECT chain FROM audit_events
		UNION SELECT CAST(id AS text) FROM scans ORDER BY 1`).
		Scan(&chains).Error; err != nil {
		return nil, fmt.Errorf("list audit chains: %w", err)
	}
	return chains, nil
}

// ScanRecord implements domain.Store.
func (s *Store) ScanRecord(ctx context.Context, id string) (*domain.ScanRecord, error) {
	if !validID(id) {
		return nil, errNotFound
	}
	var r struct {
		State           string
		Version         int
		AdviserID       string
		SecondAdviserID *string
	}
	res := s.db.WithContext(ctx).Raw(`SELECT state, version, adviser_id, second_adviser_id FROM scans WHERE id = ?`, id).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("load scan %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, errNotFound
	}
	h, err := s.History(ctx, id)
	if err != nil {
		return nil, err
	}
	return &domain.ScanRecord{State: domain.State(r.State), Version: r.Version, AdviserID: r.AdviserID,
		SecondAdviserID: deref(r.SecondAdviserID), History: h}, nil
}

// refusalAttempts bounds the retries of one refusal: each is a single
// upsert, so only a busy database or a serialisation failure makes one fail.
const refusalAttempts = 20

// RecordRefusal implements domain.Store.
func (s *Store) RecordRefusal(ctx context.Context, r domain.Refusal) error {
	var err error
	for attempt := 0; attempt < refusalAttempts; attempt++ {
		err = s.db.WithContext(ctx).Exec(`INSERT INTO audit_refusals (minute, scan_id, actor_id, actor_role, organisation,
			action, object, source, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (minute, scan_id, actor_id, actor_role, organisation, action, object, source)
			DO UPDATE SET count = audit_refusals.count + 1`,
			r.Minute.UTC().Truncate(time.Minute), r.ScanID, r.ActorID, string(r.ActorRole), r.Organisation,
			r.Action, r.Object, r.Source).Error
		if err == nil || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("record refusal: %w", err)
	}
	return nil
}

// Refusals implements domain.Store.
func (s *Store) Refusals(ctx context.Context, scanID string) ([]domain.Refusal, error) {
	var rows []struct {
		Minute                                                           time.Time
		ScanID, ActorID, ActorRole, Organisation, Action, Object, Source string
		Count                                                            int
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT minute, scan_id, actor_id, actor_role, organisation, action, object, source, count
		FROM audit_refusals WHERE scan_id = ? ORDER BY minute, actor_id, action, object, source`, scanID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load refusals: %w", err)
	}
	out := make([]domain.Refusal, len(rows))
	for i, r := range rows {
		out[i] = domain.Refusal{Minute: r.Minute.UTC(), ScanID: r.ScanID, ActorID: r.ActorID, ActorRole: domain.Role(r.ActorRole),
			Organisation: r.Organisation, Action: r.Action, Object: r.Object, Source: r.Source, Count: r.Count}
	}
	return out, nil
}
