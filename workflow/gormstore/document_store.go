package gormstore

import (
	"context"
	"fmt"
	"time"

	"basisscan/domain"
)

// Document implements domain.Store.
func (s *Store) Document(ctx context.Context, scanID string) (*domain.Document, error) {
	if !validID(scanID) {
		return nil, errNotFound
	}
	var r struct {
		PDF       []byte
		SHA256    string `gorm:"column:sha256"`
		CreatedAt time.Time
	}
	res := s.db.WithContext(ctx).Raw(`SELECT pdf, sha256, created_at FROM advice_documents WHERE scan_id = ?`, scanID).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("load advice document of scan %s: %w", scanID, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, errNotFound
	}
	pdf, err := s.keys.open(string(r.PDF), "document:"+scanID)
	if err != nil {
		return nil, fmt.Errorf("decrypt advice document of scan %s: %w", scanID, err)
	}
	return &domain.Document{PDF: pdf, SHA256: r.SHA256, CreatedAt: r.CreatedAt.UTC()}, nil
}
