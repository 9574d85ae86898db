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
	Chain        string
	Seq          int
	ActorID      string
	ActorRole    string
	Organisation string
	Action       string
	Object       string
	Result       string
	At           time.Time
	RequestID    string
	Source       string
	PrevHash     string
	Hash         string
}

// appendAudit appends e to its chain inside tx: it reads the chain's head,
// links e to it, inserts e and moves the head. A concurrent append to the
// same chain makes the insert or the head update fail, which is reported as
// ErrConcurrentWrite: the caller retries the whole transaction, never forks
// the chain.
func appendAudit(tx *gorm.DB, e domain.AuditEvent) error {
	var head struct {
		Seq  int
		Hash string
	}
	res := tx.Raw(`SELECT seq, hash FROM audit_heads WHERE chain = ?`, e.Chain).Scan(&head)
	if res.Error != nil {
		return fmt.Errorf("read audit head: %w", res.Error)
	}
	e.Seq, e.PrevHash = head.Seq+1, head.Hash
	e.At = e.At.UTC().Truncate(time.Microsecond) // what every database keeps, so the hash survives the round trip
	e.Hash = e.ComputeHash()
	err := tx.Exec(`INSERT INTO audit_events (chain, seq, actor_id, actor_role, organisation, action, object, result,
		at, request_id, source, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Chain, e.Seq, e.ActorID, string(e.ActorRole), e.Organisation, e.Action, e.Object, string(e.Result),
		e.At, e.RequestID, e.Source, e.PrevHash, e.Hash).Error
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

// AppendAudit implements domain.Store.
func (s *Store) AppendAudit(ctx context.Context, events ...domain.AuditEvent) error {
	for attempt := 0; ; attempt++ {
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			for _, e := range events {
				if err := appendAudit(tx, e); err != nil {
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
	// In seq order: a changed seq then shows as a gap or as a hash that no
	// longer matches, since the hash covers the seq and the previous hash.
	if err := db.Raw(`SELECT chain, seq, actor_id, actor_role, organisation, action, object, result, at,
		request_id, source, prev_hash, hash FROM audit_events WHERE chain = ? ORDER BY seq`, chain).Scan(&rows).Error; err != nil {
		return domain.AuditChain{}, fmt.Errorf("load audit chain: %w", err)
	}
	var head struct {
		Seq  int
		Hash string
	}
	if err := db.Raw(`SELECT seq, hash FROM audit_heads WHERE chain = ?`, chain).Scan(&head).Error; err != nil {
		return domain.AuditChain{}, fmt.Errorf("load audit head: %w", err)
	}
	out := domain.AuditChain{Chain: chain, HeadSeq: head.Seq, HeadHash: head.Hash, Events: make([]domain.AuditEvent, len(rows))}
	for i, r := range rows {
		out.Events[i] = domain.AuditEvent{Chain: r.Chain, Seq: r.Seq, ActorID: r.ActorID, ActorRole: domain.Role(r.ActorRole),
			Organisation: r.Organisation, Action: r.Action, Object: r.Object, Result: domain.AuditResult(r.Result),
			At: r.At.UTC(), RequestID: r.RequestID, Source: r.Source, PrevHash: r.PrevHash, Hash: r.Hash}
	}
	return out, nil
}

// AuditChains implements domain.Store.
func (s *Store) AuditChains(ctx context.Context) ([]string, error) {
	var chains []string
	if err := s.db.WithContext(ctx).Raw(`SELECT chain FROM audit_heads UNION SELECT DISTINCT chain FROM audit_events ORDER BY 1`).
		Scan(&chains).Error; err != nil {
		return nil, fmt.Errorf("list audit chains: %w", err)
	}
	return chains, nil
}
