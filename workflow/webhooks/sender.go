package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"basisscan/domain"
)

// MaxAttempts is how often a delivery is tried before it is given up.
const MaxAttempts = domain.WebhookMaxAttempts

// Sender posts deliveries.
type Sender struct {
	Store  domain.WebhookStore
	Client *http.Client
	Now    func() time.Time // nil means time.Now
}

// payload is what the receiver gets: ids and states, never personal data.
type payload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      struct {
		ScanID         string       `json:"scan_id"`
		OrganisationID string       `json:"organisation_id"`
		FromState      domain.State `json:"from_state,omitempty"`
		ToState        domain.State `json:"to_state"`
		Version        int          `json:"version"`
	} `json:"data"`
}

// Body is the JSON posted for the event.
func Body(e domain.WebhookEvent) []byte {
	var p payload
	p.Type, p.Timestamp = e.Type, e.OccurredAt.UTC()
	p.Data.ScanID, p.Data.OrganisationID, p.Data.FromState, p.Data.ToState, p.Data.Version =
		e.ScanID, e.OrganisationID, e.FromState, e.ToState, e.Version
	b, _ := json.Marshal(p)
	return b
}

// Deliver makes attempt number attempt (from 1) of the delivery. It
// returns nil when the receiver took it, or when there is nothing left to
// do (delivered already, or its webhook was deleted); an error asks the
// queue to try again later, unless this was the last attempt.
func (s *Sender) Deliver(ctx context.Context, id string, attempt int) error {
	d, w, err := s.Store.Delivery(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if d.Status != domain.DeliveryPending {
		return nil
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	body := Body(d.Event)
	at := now()
	status, sendErr := s.post(ctx, w, d.Event.ID, at, body)
	result := domain.DeliveryAttempt{At: at, Status: status, OK: sendErr == nil, Final: sendErr == nil || attempt >= MaxAttempts}
	if sendErr != nil {
		result.Error = sendErr.Error()
	}
	if err := s.Store.RecordAttempt(ctx, id, result); err != nil {
		return err
	}
	return sendErr
}

func (s *Sender) post(ctx context.Context, w *domain.Webhook, eventID string, at time.Time, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "basisscan-webhooks/1")
	req.Header.Set("webhook-id", eventID)
	req.Header.Set("webhook-timestamp", fmt.Sprint(at.Unix()))
	req.Header.Set("webhook-signature", Sign(w.Secret, eventID, at, body))
	resp, err := s.Client.Do(req)
	if err != nil {
		if errors.Is(err, ErrAddressRefused) {
			return 0, ErrAddressRefused
		}
		return 0, errors.New("geen antwoord van de ontvanger")
	}
	defer resp.Body.Close()
	// The receiver's body is not kept: it is theirs, and could be anything.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("de ontvanger antwoordde met status %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}
