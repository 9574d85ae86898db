package gormstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

// SpendAttempt implements domain.AttemptStore. The buckets' rows are
// created if missing and then locked (FOR UPDATE, in the order of their
// ids, so that two spenders never wait on each other in a cycle); on SQLite
// the one connection runs one transaction at a time.
func (s *Store) SpendAttempt(ctx context.Context, now time.Time, buckets []domain.AttemptBucket) (bool, time.Duration, error) {
	now = now.UTC()
	type bucket struct {
		domain.AttemptBucket
		id     string
		tokens float64
	}
	bs := make([]bucket, len(buckets))
	for i, b := range buckets {
		bs[i] = bucket{AttemptBucket: b, id: s.keyedHash("attempt-bucket", []byte(b.Key))}
	}
	slices.SortFunc(bs, func(a, b bucket) int { return strings.Compare(a.id, b.id) })
	lock := ""
	if s.postgres {
		lock = " FOR UPDATE"
	}
	ok, wait := false, time.Duration(0)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range bs {
			b := &bs[i]
			if err := tx.Exec(`INSERT INTO attempt_buckets (id, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				b.id, float64(b.Burst), now).Error; err != nil {
				return fmt.Errorf("create attempt bucket: %w", err)
			}
			var row struct {
				Tokens    float64
				UpdatedAt time.Time
			}
			if err := tx.Raw(`SELECT tokens, updated_at FROM attempt_buckets WHERE id = ?`+lock, b.id).Scan(&row).Error; err != nil {
				return fmt.Errorf("read attempt bucket: %w", err)
			}
			b.tokens = b.Level(row.Tokens, row.UpdatedAt, now)
			wait = max(wait, b.Wait(b.tokens))
		}
		if wait > 0 {
			return nil // nothing spent
		}
		for _, b := range bs {
			if err := tx.Exec(`UPDATE attempt_buckets SET tokens = ?, updated_at = ? WHERE id = ?`, b.tokens-1, now, b.id).Error; err != nil {
				return fmt.Errorf("spend attempt: %w", err)
			}
		}
		ok = true
		return nil
	})
	if err != nil {
		return false, 0, err
	}
	return ok, wait, nil
}

// PurgeAttempts implements domain.AttemptStore. Buckets differ in how
// long they take to fill; every one is full after longest.
func (s *Store) PurgeAttempts(ctx context.Context, now time.Time, longest time.Duration) (int, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM attempt_buckets WHERE updated_at < ?`, now.Add(-longest).UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("purge attempt buckets: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
