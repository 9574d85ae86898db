package gormstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

// CreateOrganisation implements domain.Store.
func (s *Store) CreateOrganisation(ctx context.Context, o *domain.Organisation, audit domain.AuditEvent) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO organisations (id, name, kind, four_eyes, candidate_may_download,
			questionnaire_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Name, string(o.Kind), o.FourEyes,
			o.CandidateMayDownload, nullable(o.TemplateVersion), time.Now().UTC()).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return domain.Invalid(domain.FieldError{Field: "name", Message: "Er is al een organisatie met deze naam."})
		}
		if err != nil {
			return fmt.Errorf("insert organisation: %w", err)
		}
		return s.appendAudit(tx, audit)
	})
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// OrganisationByName implements domain.Store.
func (s *Store) OrganisationByName(ctx context.Context, name string) (*domain.Organisation, error) {
	return s.organisation(ctx, "name", name)
}

// Organisation implements domain.Store.
func (s *Store) Organisation(ctx context.Context, id string) (*domain.Organisation, error) {
	if !validID(id) {
		return nil, errNotFound
	}
	return s.organisation(ctx, "id", id)
}

func (s *Store) organisation(ctx context.Context, column, value string) (*domain.Organisation, error) {
	var r struct {
		ID, Name, Kind                 string
		FourEyes, CandidateMayDownload bool
		QuestionnaireVersion           *string
	}
	res := s.db.WithContext(ctx).Raw(`SELECT id, name, kind, four_eyes, candidate_may_download, questionnaire_version
		FROM organisations WHERE `+column+` = ?`, value).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("find organisation: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Deze organisatie bestaat niet.")
	}
	return &domain.Organisation{ID: r.ID, Name: r.Name, Kind: domain.OrganisationKind(r.Kind),
		Policy: domain.Policy{FourEyes: r.FourEyes, CandidateMayDownload: r.CandidateMayDownload,
			TemplateVersion: deref(r.QuestionnaireVersion)}}, nil
}

// SetOrganisationPolicy implements domain.Store.
func (s *Store) SetOrganisationPolicy(ctx context.Context, id string, p domain.Policy, audit domain.AuditEvent) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE organisations SET four_eyes = ?, candidate_may_download = ?,
			questionnaire_version = ? WHERE id = ?`, p.FourEyes, p.CandidateMayDownload, nullable(p.TemplateVersion), id)
		if res.Error != nil {
			return fmt.Errorf("update organisation %s: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return errNotFound
		}
		return s.appendAudit(tx, audit)
	})
}

// AssignAdviser implements domain.Store.
func (s *Store) AssignAdviser(ctx context.Context, adviserID, organisationID string, audit domain.AuditEvent) error {
	if !validID(adviserID) || !validID(organisationID) {
		return errNotFound
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var hash string
		res := tx.Raw(`SELECT email_hash FROM users WHERE id = ? AND role = 'adviser'`, adviserID).Scan(&hash)
		if res.Error != nil {
			return fmt.Errorf("assign adviser: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errNotFound
		}
		if err := s.lockAddress(tx, hash); err != nil {
			return err
		}
		var others int64
		if err := tx.Raw(`SELECT count(*) FROM users u WHERE u.role = 'adviser' AND u.email_hash = @email AND u.id <> @id AND (
			u.organisation_id = @org OR EXISTS (SELECT 1 FROM adviser_assignments x WHERE x.adviser_id = u.id AND x.organisation_id = @org))`,
			sql.Named("email", hash), sql.Named("id", adviserID), sql.Named("org", organisationID)).Scan(&others).Error; err != nil {
			return fmt.Errorf("assign adviser: %w", err)
		}
		if others > 0 {
			return domain.Invalid(domain.FieldError{Field: "email",
				Message: "Een andere adviseur van die organisatie heeft hetzelfde e-mailadres; dan is niet te zien wie bedoeld is."})
		}
		if err := tx.Exec(`INSERT INTO adviser_assignments (adviser_id, organisation_id) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, adviserID, organisationID).Error; err != nil {
			return fmt.Errorf("assign adviser: %w", err)
		}
		return s.appendAudit(tx, audit)
	})
}
