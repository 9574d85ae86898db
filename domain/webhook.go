package domain

import (
	"context"
	"time"
)

// A Webhook is an organisation's subscription to the state changes of its
// scans: every change is posted, signed with Secret, to URL. An event
// carries ids and states only, never personal data or case content.
type Webhook struct {
	ID             string
	OrganisationID string
	URL            string
	Secret         []byte // the signing key (Standard Webhooks: the bytes behind "whsec_")
	CreatedAt      time.Time
}

// WebhookEventType names what happened; there is one today.
const WebhookEventStateChanged = "scan.state_changed"

// WebhookEvent is one state change of a scan, as posted to the receiver.
// FromState is empty for a scan that was just started.
type WebhookEvent struct {
	ID             string
	Type           string
	ScanID         string
	OrganisationID string
	FromState      State
	ToState        State
	Version        int
	OccurredAt     time.Time
}

// WebhookMaxAttempts is how often a delivery is tried before it is given
// up. The queue waits attempt⁴ seconds between tries: the eighth comes about
// an hour and a half after the first.
const WebhookMaxAttempts = 8

// Delivery statuses.
const (
	DeliveryPending   = "pending"   // not yet delivered; retried with back-off
	DeliveryDelivered = "delivered" // the receiver answered 2xx
	DeliveryFailed    = "failed"    // every attempt failed; no more are made
)

// WebhookDelivery is one event on its way to one webhook, with what its
// attempts met, for the organisation's admin.
type WebhookDelivery struct {
	ID         string
	WebhookID  string
	Event      WebhookEvent
	Status     string
	Attempts   int
	LastStatus int    // the receiver's last HTTP status; 0 when none answered
	LastError  string // why the last attempt failed, without the receiver's body
	CreatedAt  time.Time
	LastTryAt  *time.Time
	DoneAt     *time.Time
}

// DeliveryAttempt is the outcome of one attempt to deliver.
type DeliveryAttempt struct {
	At     time.Time
	Status int
	Error  string
	// Final marks the attempt after which none follows: delivered, or failed
	// for good.
	Final bool
	OK    bool
}

// WebhookStore keeps webhooks and their deliveries. Deliveries themselves
// are written by the scan store, in the transaction of the change.
type WebhookStore interface {
	// CreateWebhook stores w with the audit event.
	CreateWebhook(ctx context.Context, w *Webhook, audit AuditEvent) error
	// Webhooks returns the organisation's webhooks, oldest first.
	Webhooks(ctx context.Context, organisationID string) ([]Webhook, error)
	// DeleteWebhook removes the organisation's webhook and its pending
	// deliveries. Returns ENOTFOUND when it has none of that id.
	DeleteWebhook(ctx context.Context, organisationID, id string, audit AuditEvent) error
	// Deliveries returns the webhook's deliveries, newest first, at most
	// limit. Returns ENOTFOUND when the organisation has no such webhook.
	Deliveries(ctx context.Context, organisationID, webhookID string, limit int) ([]WebhookDelivery, error)
	// Delivery returns a delivery with its webhook, for the sender.
	Delivery(ctx context.Context, id string) (*WebhookDelivery, *Webhook, error)
	// RecordAttempt writes an attempt's outcome on the delivery.
	RecordAttempt(ctx context.Context, id string, a DeliveryAttempt) error
}
