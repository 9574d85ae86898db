package workflow

import (
	"context"

	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/workflow/webhooks"
)

const objectWebhook = "webhook"

// WebhookService lets an organisation's admin register the URLs its case
// system receives scan events at, and see how their deliveries went.
type WebhookService struct {
	*core
	store domain.WebhookStore
}

// NewWebhook is what an admin registers: a URL and, optionally, the secret
// ("whsec_…"); without one a secret is made.
type NewWebhook struct {
	URL    string
	Secret string
}

func (s *WebhookService) requireAdmin(ctx context.Context, a domain.Actor, action string) error {
	if a.Role != domain.RoleAdmin {
		s.denied(ctx, a, nil, action, objectWebhook)
		return domain.Errorf(domain.EFORBIDDEN, "Alleen de beheerder beheert webhooks.")
	}
	return nil
}

// RegisterWebhook adds a webhook to the admin's organisation and returns
// it with its secret as written ("whsec_…"): shown this once, never again.
// Returns EFORBIDDEN for anyone but an admin, EINVALID field by field.
func (s *WebhookService) RegisterWebhook(ctx context.Context, a domain.Actor, in NewWebhook) (*domain.Webhook, string, error) {
	if err := s.requireAdmin(ctx, a, "add_webhook"); err != nil {
		return nil, "", err
	}
	var fields []domain.FieldError
	if len(in.URL) > 2000 {
		fields = append(fields, domain.FieldError{Field: "url", Message: "Dit adres is te lang (ten hoogste 2000 tekens)."})
	} else if err := webhooks.CheckURL(in.URL, s.cfg.WebhooksAllowLoopback); err != nil {
		fields = append(fields, domain.FieldError{Field: "url", Message: "Vul een volledig https-adres in, zonder gebruikersnaam of wachtwoord, bijvoorbeeld https://zaken.gemeente.nl/basisscan."})
	}
	secret, written := webhooks.NewSecret()
	if in.Secret != "" {
		b, err := webhooks.ParseSecret(in.Secret)
		if err != nil {
			fields = append(fields, domain.FieldError{Field: "secret", Message: "Het geheim begint met whsec_, gevolgd door 24 tot 64 bytes in base64. Laat het leeg, dan maken wij er een."})
		}
		secret, written = b, in.Secret
	}
	if len(fields) > 0 {
		return nil, "", domain.Invalid(fields...)
	}
	w := &domain.Webhook{ID: uuid.NewString(), OrganisationID: a.OrganisationID, URL: in.URL, Secret: secret, CreatedAt: s.now().UTC()}
	if err := s.store.CreateWebhook(ctx, w, s.event(ctx, a, nil, "add_webhook", objectWebhook, domain.AuditOK)); err != nil {
		return nil, "", err
	}
	return w, written, nil
}

// Webhooks lists the admin's organisation's webhooks (their secrets are
// not shown again).
func (s *WebhookService) Webhooks(ctx context.Context, a domain.Actor) ([]domain.Webhook, error) {
	if err := s.requireAdmin(ctx, a, "list_webhooks"); err != nil {
		return nil, err
	}
	return s.store.Webhooks(ctx, a.OrganisationID)
}

// DeleteWebhook removes a webhook of the admin's organisation; deliveries
// not yet made are dropped. Returns ENOTFOUND for another's.
func (s *WebhookService) DeleteWebhook(ctx context.Context, a domain.Actor, id string) error {
	if err := s.requireAdmin(ctx, a, "delete_webhook"); err != nil {
		return err
	}
	return s.store.DeleteWebhook(ctx, a.OrganisationID, id, s.event(ctx, a, nil, "delete_webhook", objectWebhook, domain.AuditOK))
}

// Deliveries lists the newest deliveries of a webhook of the admin's
// organisation, at most limit. Returns ENOTFOUND for another's.
func (s *WebhookService) Deliveries(ctx context.Context, a domain.Actor, id string, limit int) ([]domain.WebhookDelivery, error) {
	if err := s.requireAdmin(ctx, a, "list_webhook_deliveries"); err != nil {
		return nil, err
	}
	return s.store.Deliveries(ctx, a.OrganisationID, id, limit)
}
