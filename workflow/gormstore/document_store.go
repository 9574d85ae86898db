package gormstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

// Document implements domain.Store.
func (s *Store) Document(ctx context.Context, scanID string, kind domain.DocumentKind) (*domain.Document, error) {
	if !validID(scanID) || !slices.Contains(domain.DocumentKinds, kind) {
		return nil, errNotFound
	}
	var r struct {
		PDF       []byte
		SHA256    string `gorm:"column:sha256"`
		CreatedAt time.Time
	}
	res := s.db.WithContext(ctx).Raw(`SELECT pdf, sha256, created_at FROM advice_documents WHERE scan_id = ? AND kind = ?`, scanID, string(kind)).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("load %s document of scan %s: %w", kind, scanID, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, errNotFound
	}
	pdf, err := s.keys.open(string(r.PDF), documentAAD(scanID, kind))
	if err != nil {
		return nil, fmt.Errorf("decrypt %s document of scan %s: %w", kind, scanID, err)
	}
	return &domain.Document{Kind: kind, PDF: pdf, SHA256: r.SHA256, CreatedAt: r.CreatedAt.UTC()}, nil
}

// insertDocument seals and stores one document of a scan. The primary key
// (scan_id, kind) keeps it the only one of its kind: a second sign-off
// cannot replace it.
func (s *Store) insertDocument(tx *gorm.DB, scanID string, d *domain.Document) error {
	if !slices.Contains(domain.DocumentKinds, d.Kind) {
		return fmt.Errorf("document of scan %s: unknown kind %q", scanID, d.Kind)
	}
	sealed, err := s.keys.seal(d.PDF, documentAAD(scanID, d.Kind))
	if err != nil {
		return err
	}
	if err := tx.Exec(`INSERT INTO advice_documents (scan_id, kind, pdf, sha256, created_at) VALUES (?, ?, ?, ?, ?)`,
		scanID, string(d.Kind), []byte(sealed), d.SHA256, d.CreatedAt).Error; err != nil {
		return fmt.Errorf("insert %s document of scan %s: %w", d.Kind, scanID, err)
	}
	return nil
}

// documentAAD binds a sealed document to its scan and kind, so that one
// cannot be served as the other. The full advice keeps the binding it had
// before there were two kinds, so that documents stored then still open.
func documentAAD(scanID string, kind domain.DocumentKind) string {
	if kind == domain.DocumentAdvice {
		return "document:" + scanID
	}
	return "document:" + string(kind) + ":" + scanID
}
