package gormstore

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"basisscan/domain"
)

// insertHistory appends h to the scan's history. A reason is free text a
// person wrote about a withdrawal or cancellation: it is sealed like the
// rest of the case content.
func (s *Store) insertHistory(tx *gorm.DB, scanID string, h domain.HistoryEntry) error {
	reason := ""
	if h.Reason != "" {
		sealed, err := s.keys.seal([]byte(h.Reason), historyAAD(scanID))
		if err != nil {
			return err
		}
		reason = sealed
	}
	if err := tx.Exec(`INSERT INTO scan_history (scan_id, from_state, to_state, action, actor_id, actor_role, reason, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, scanID, string(h.From), string(h.To), string(h.Action),
		h.ActorID, string(h.ActorRole), reason, h.At).Error; err != nil {
		return fmt.Errorf("insert history of scan %s: %w", scanID, err)
	}
	return nil
}

// History implements domain.Store.
func (s *Store) History(ctx context.Context, scanID string) ([]domain.HistoryEntry, error) {
	if !validID(scanID) {
		return nil, errNotFound
	}
	var rows []historyRow
	if err := s.db.WithContext(ctx).Raw(`SELECT from_state, to_state, action, actor_id, actor_role, reason, at
		FROM scan_history WHERE scan_id = ? ORDER BY id`, scanID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load history of scan %s: %w", scanID, err)
	}
	out := make([]domain.HistoryEntry, len(rows))
	for i, r := range rows {
		reason := r.Reason // written before reasons were sealed
		if strings.HasPrefix(r.Reason, sealPrefix) {
			plain, err := s.keys.open(r.Reason, historyAAD(scanID))
			if err != nil {
				return nil, fmt.Errorf("decrypt history reason of scan %s: %w", scanID, err)
			}
			reason = string(plain)
		}
		out[i] = domain.HistoryEntry{Seq: i + 1, From: domain.State(r.FromState), To: domain.State(r.ToState),
			Action: domain.Action(r.Action), ActorID: r.ActorID, ActorRole: domain.Role(r.ActorRole),
			Reason: reason, At: r.At.UTC()}
	}
	return out, nil
}

// historyAAD binds a sealed history reason to its scan: copied into another
// scan's history it does not open.
func historyAAD(scanID string) string { return "history:" + scanID }
