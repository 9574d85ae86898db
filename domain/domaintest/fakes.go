package domaintest

import (
	"context"
	"sync"
	"time"

	"basisscan/domain"
)

// Clock is a settable clock for a service under test, safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Mailbox is a domain.Mailer that keeps every message in memory.
type Mailbox struct {
	// Settle, unless nil, runs before All reads: a test that delivers
	// through an outbox waits there until what is due has arrived.
	Settle func()

	mu   sync.Mutex
	msgs []domain.Mail
}

var _ domain.Mailer = (*Mailbox)(nil)

// Send implements domain.Mailer.
func (m *Mailbox) Send(_ context.Context, msg domain.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

// All returns the messages sent so far.
func (m *Mailbox) All() []domain.Mail {
	if m.Settle != nil {
		m.Settle()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]domain.Mail(nil), m.msgs...)
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
