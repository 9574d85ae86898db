package gormstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"basisscan/domain"
)

// The secret is sealed bound to its webhook's row.
func webhookAAD(id string) string { return "webhooks.secret:" + id }

// CreateWebhook stores w, its secret sealed, with the audit event.
func (s *Store) CreateWebhook(ctx context.Context, w *domain.Webhook, audit domain.AuditEvent) error {
	secret, err := s.keys.seal(w.Secret, webhookAAD(w.ID))
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO webhooks (id, organisation_id, url, secret, created_at) VALUES (?, ?, ?, ?, ?)`,
			w.ID, w.OrganisationID, w.URL, secret, w.CreatedAt.UTC()).Error; err != nil {
			return fmt.Errorf("insert webhook: %w", err)
		}
		return s.appendAudit(tx, audit)
	})
}

type webhookRow struct {
	ID             string
	OrganisationID string
	URL            string
	Secret         string
	CreatedAt      time.Time
}

func (s *Store) webhookOf(r webhookRow) (domain.Webhook, error) {
	secret, err := s.keys.open(r.Secret, webhookAAD(r.ID))
	if err != nil {
		return domain.Webhook{}, fmt.Errorf("webhook %s: %w", r.ID, err)
	}
	return domain.Webhook{ID: r.ID, OrganisationID: r.OrganisationID, URL: r.URL, Secret: secret, CreatedAt: r.CreatedAt.UTC()}, nil
}

// Webhooks returns the organisation's webhooks, oldest first.
func (s *Store) Webhooks(ctx context.Context, organisationID string) ([]domain.Webhook, error) {
	if !validID(organisationID) {
		return nil, nil
	}
	var rows []webhookRow
	if err := s.db.WithContext(ctx).Raw(`SELECT id, organisation_id, url, secret, created_at FROM webhooks
		WHERE organisation_id = ? ORDER BY created_at, id`, organisationID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	out := make([]domain.Webhook, 0, len(rows))
	for _, r := range rows {
		w, err := s.webhookOf(r)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// DeleteWebhook removes the organisation's webhook; its deliveries go with
// it (a pending one finds no webhook and is dropped by the sender).
func (s *Store) DeleteWebhook(ctx context.Context, organisationID, id string, audit domain.AuditEvent) error {
	if !validID(organisationID) || !validID(id) {
		return domain.Errorf(domain.ENOTFOUND, "Deze webhook bestaat niet.")
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM webhooks WHERE id = ? AND organisation_id = ?`, id, organisationID)
		if res.Error != nil {
			return fmt.Errorf("delete webhook: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Deze webhook bestaat niet.")
		}
		// SQLite enforces no foreign keys unless asked; delete explicitly.
		if err := tx.Exec(`DELETE FROM webhook_deliveries WHERE webhook_id = ?`, id).Error; err != nil {
			return fmt.Errorf("delete deliveries: %w", err)
		}
		return s.appendAudit(tx, audit)
	})
}

type deliveryRow struct {
	ID             string
	WebhookID      string
	EventID        string
	EventType      string
	ScanID         string
	OrganisationID string
	FromState      string
	ToState        string
	Version        int
	OccurredAt     time.Time
	Status         string
	Attempts       int
	LastStatus     int
	LastError      string
	CreatedAt      time.Time
	LastTryAt      *time.Time
	DoneAt         *time.Time
}

const deliverySelect = `SELECT id, webhook_id, event_id, event_type, scan_id, organisation_id, from_state, to_state,
	version, occurred_at, status, attempts, last_status, last_error, created_at, last_try_at, done_at FROM webhook_deliveries`

func (r deliveryRow) delivery() domain.WebhookDelivery {
	utc := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		u := t.UTC()
		return &u
	}
	return domain.WebhookDelivery{ID: r.ID, WebhookID: r.WebhookID, Status: r.Status, Attempts: r.Attempts,
		LastStatus: r.LastStatus, LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(), LastTryAt: utc(r.LastTryAt), DoneAt: utc(r.DoneAt),
		Event: domain.WebhookEvent{ID: r.EventID, Type: r.EventType, ScanID: r.ScanID, OrganisationID: r.OrganisationID,
			FromState: domain.State(r.FromState), ToState: domain.State(r.ToState), Version: r.Version, OccurredAt: r.OccurredAt.UTC()}}
}

// Deliveries returns the webhook's deliveries, newest first.
func (s *Store) Deliveries(ctx context.Context, organisationID, webhookID string, limit int) ([]domain.WebhookDelivery, error) {
	if !validID(organisationID) || !validID(webhookID) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Deze webhook bestaat niet.")
	}
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM webhooks WHERE id = ? AND organisation_id = ?`, webhookID, organisationID).
		Scan(&n).Error; err != nil {
		return nil, fmt.Errorf("webhook: %w", err)
	}
	if n == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Deze webhook bestaat niet.")
	}
	var rows []deliveryRow
	if err := s.db.WithContext(ctx).Raw(deliverySelect+` WHERE webhook_id = ? ORDER BY created_at DESC, version DESC, id DESC LIMIT ?`,
		webhookID, limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	out := make([]domain.WebhookDelivery, len(rows))
	for i, r := range rows {
		out[i] = r.delivery()
	}
	return out, nil
}

// Delivery returns the delivery and its webhook. Returns ENOTFOUND when
// either is gone (the webhook was deleted).
func (s *Store) Delivery(ctx context.Context, id string) (*domain.WebhookDelivery, *domain.Webhook, error) {
	if !validID(id) {
		return nil, nil, domain.ErrNotFound
	}
	var rows []deliveryRow
	if err := s.db.WithContext(ctx).Raw(deliverySelect+` WHERE id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("delivery: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil, domain.ErrNotFound
	}
	var hooks []webhookRow
	if err := s.db.WithContext(ctx).Raw(`SELECT id, organisation_id, url, secret, created_at FROM webhooks WHERE id = ?`,
		rows[0].WebhookID).Scan(&hooks).Error; err != nil {
		return nil, nil, fmt.Errorf("webhook: %w", err)
	}
	if len(hooks) == 0 {
		return nil, nil, domain.ErrNotFound
	}
	w, err := s.webhookOf(hooks[0])
	if err != nil {
		return nil, nil, err
	}
	d := rows[0].delivery()
	return &d, &w, nil
}

// RecordAttempt writes an attempt's outcome. A delivery that is done stays
// done: a late duplicate attempt does not turn it back.
func (s *Store) RecordAttempt(ctx context.Context, id string, a domain.DeliveryAttempt) error {
	status := domain.DeliveryPending
	var done *time.Time
	if a.Final {
		status = domain.DeliveryFailed
		if a.OK {
			status = domain.DeliveryDelivered
		}
		at := a.At.UTC()
		done = &at
	}
	return s.db.WithContext(ctx).Exec(`UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?,
		last_try_at = ?, status = ?, done_at = ? WHERE id = ? AND status = ?`,
		a.Status, a.Error, a.At.UTC(), status, done, id, domain.DeliveryPending).Error
}

// insertDeliveries writes, inside the transaction of a state change, one
// delivery of the event to each of the organisation's webhooks, and returns
// their ids for the job queue.
func (s *Store) insertDeliveries(tx *gorm.DB, e domain.WebhookEvent) ([]string, error) {
	var hooks []string
	if err := tx.Raw(`SELECT id FROM webhooks WHERE organisation_id = ? ORDER BY id`, e.OrganisationID).Scan(&hooks).Error; err != nil {
		return nil, fmt.Errorf("webhooks of organisation: %w", err)
	}
	ids := make([]string, 0, len(hooks))
	for _, h := range hooks {
		id := uuid.NewString()
		if err := tx.Exec(`INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, scan_id, organisation_id,
			from_state, to_state, version, occurred_at, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, h, e.ID, e.Type, e.ScanID, e.OrganisationID, string(e.FromState), string(e.ToState), e.Version,
			e.OccurredAt.UTC(), domain.DeliveryPending, e.OccurredAt.UTC()).Error; err != nil {
			return nil, fmt.Errorf("insert delivery: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// stateChanged records, inside the transaction of a scan's move from one
// state to another, a delivery of the event to each of its organisation's
// webhooks, and hands them to the job queue in the same transaction: the
// change and its notifications commit together or not at all.
func (s *Store) stateChanged(tx *gorm.DB, sc *domain.Scan, h domain.HistoryEntry) error {
	if h.From == h.To {
		return nil
	}
	ids, err := s.insertDeliveries(tx, domain.WebhookEvent{ID: uuid.NewString(), Type: domain.WebhookEventStateChanged,
		ScanID: sc.ID, OrganisationID: sc.OrganisationID, FromState: h.From, ToState: h.To, Version: sc.Version, OccurredAt: h.At})
	if err != nil || len(ids) == 0 {
		return err
	}
	return s.enqueueWebhooks(tx.Statement.Context, tx, ids)
}
