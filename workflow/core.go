package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"basisscan/domain"
)

// core is what the aggregate services share: the configuration with its
// clock and randomness, and the audit writer every one of them records to.
type core struct {
	cfg    Config
	audits trailStore
}

// trailStore is what the services write to the audit trail outside a
// scan's write: events, and the refused attempts.
type trailStore interface {
	AppendAudit(ctx context.Context, events ...domain.AuditEvent) error
	RecordRefusal(ctx context.Context, r domain.Refusal) error
}

// now is the service clock, truncated to what every database stores, so that
// a hash computed before writing matches the value read back.
func (c *core) now() time.Time { return c.cfg.Now().UTC().Truncate(time.Microsecond) }

func (c *core) today() domain.Date { return domain.DateOf(c.cfg.Now().In(c.cfg.Location)) }

// newBearer returns a new bearer token's secret and what the store keeps of
// it, valid for ttl from now.
func (c *core) newBearer(ttl time.Duration) (string, domain.NewToken, error) {
	id, err := c.newID()
	if err != nil {
		return "", domain.NewToken{}, err
	}
	secret, hash, err := newToken(c.cfg.Random)
	if err != nil {
		return "", domain.NewToken{}, err
	}
	now := c.now()
	return secret, domain.NewToken{ID: id, Hash: hash, CreatedAt: now, ExpiresAt: now.Add(ttl)}, nil
}

// newID returns a random UUID.
func (c *core) newID() (string, error) {
	u, err := uuid.NewRandomFromReader(c.cfg.Random)
	if err != nil {
		return "", fmt.Errorf("new id: %w", err)
	}
	return u.String(), nil
}
