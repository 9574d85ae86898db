package gormstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"basisscan/domain"
)

// OutboxConfig configures the delivery of the outbox.
type OutboxConfig struct {
	// Mailer delivers each message. Its errors must not carry the
	// message's content or address: River keeps them with the job.
	Mailer domain.Mailer
	// Due, unless nil, says whether a reminder is still worth sending when
	// its time comes; false completes the job without sending.
	Due func(ctx context.Context, m domain.Mail) (bool, error)
	// Workers is how many messages go out at once; 0 is 4 (1 on SQLite).
	Workers int
	// PollInterval is how often an idle instance looks for due messages;
	// 0 is one second.
	PollInterval time.Duration
	// Now, unless nil, replaces the database's clock for the outbox, so
	// that tests with a clock of their own see their reminders come due.
	Now func() time.Time
	// Logger gets River's warnings and errors; nil discards them.
	Logger *slog.Logger
	// DeliverWebhook, unless nil, makes attempt number attempt of a webhook
	// delivery (workflow/webhooks' Sender.Deliver); nil leaves webhook
	// deliveries to an instance that has it.
	DeliverWebhook func(ctx context.Context, id string, attempt int) error
}

// Outbox delivers the messages in the outbox until stopped. Any number of
// instances may run on one database: River hands each job to one of them.
type Outbox struct {
	client *river.Client[*sql.Tx]
}

// mailWorker delivers one message.
type mailWorker struct {
	river.WorkerDefaults[mailArgs]
	keys *Keyring
	cfg  OutboxConfig
}

// errMailSealed is the error of a job whose message does not open: no retry
// opens it, so the job is cancelled.
var errMailSealed = errors.New("outbox: the message does not open with the configured keys")

// Work implements river.Worker.
func (w *mailWorker) Work(ctx context.Context, job *river.Job[mailArgs]) error {
	plain, err := w.keys.open(job.Args.Sealed, mailAAD)
	if err != nil {
		return river.JobCancel(errMailSealed)
	}
	var m domain.Mail
	if err := json.Unmarshal(plain, &m); err != nil {
		return river.JobCancel(errMailSealed)
	}
	if m.Reminder != nil && w.cfg.Due != nil {
		due, err := w.cfg.Due(ctx, m)
		if err != nil {
			return fmt.Errorf("check reminder: %w", err)
		}
		if !due {
			return nil // the phase moved on, or the deadline moved
		}
	}
	if err := w.cfg.Mailer.Send(ctx, m); err != nil {
		return fmt.Errorf("deliver mail (attempt %d): %w", job.Attempt, err)
	}
	return nil
}

// Timeout bounds one delivery; Send has its own, shorter timeouts.
func (w *mailWorker) Timeout(*river.Job[mailArgs]) time.Duration { return time.Minute }

// StartOutbox starts delivering the outbox. Stop it before closing the
// store.
func (s *Store) StartOutbox(ctx context.Context, cfg OutboxConfig) (*Outbox, error) {
	if cfg.Mailer == nil {
		return nil, errors.New("outbox: no mailer")
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	if cfg.Now != nil {
		s.SetOutboxClock(cfg.Now)
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &mailWorker{keys: s.keys, cfg: cfg}); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	if cfg.DeliverWebhook != nil {
		if err := river.AddWorkerSafely(workers, &webhookWorker{deliver: cfg.DeliverWebhook}); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
	}
	n := cfg.Workers
	if n <= 0 {
		n = 4
		if !s.postgres {
			n = 1
		}
	}
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
	if cfg.DeliverWebhook != nil {
		queues[webhookQueue] = river.QueueConfig{MaxWorkers: n}
	}
	poll := cfg.PollInterval
	if poll <= 0 {
		poll = time.Second
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c, err := river.NewClient(s.riverDriver(sqlDB), &river.Config{
		Queues:               queues,
		Workers:              workers,
		Logger:               logger,
		FetchCooldown:        min(poll, 100*time.Millisecond),
		FetchPollInterval:    poll,
		PollOnly:             true, // database/sql has no LISTEN; SQLite none at all
		JobTimeout:           time.Minute,
		RescueStuckJobsAfter: 5 * time.Minute, // a worker killed mid-send: its message goes again
		Test:                 river.TestConfig{Time: s.clock},
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	if err := c.Start(ctx); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return &Outbox{client: c}, nil
}

// SetOutboxClock makes now the outbox's clock instead of the database's,
// for inserts and deliveries alike: for tests with a clock of their own.
func (s *Store) SetOutboxClock(now func() time.Time) { s.clock.now.Store(&now) }

// Stop lets the messages being sent finish, within ctx, and stops.
func (o *Outbox) Stop(ctx context.Context) error {
	if err := o.client.Stop(ctx); err != nil {
		return fmt.Errorf("stop outbox: %w", err)
	}
	return nil
}

// OutboxBacklog returns how many messages wait in the outbox: due now,
// being sent, to be retried, or scheduled for later.
func (s *Store) OutboxBacklog(ctx context.Context) (int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM river_job WHERE kind = ?
		AND state IN ('available', 'running', 'retryable', 'scheduled', 'pending')`, mailKind).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("outbox backlog: %w", err)
	}
	return int(n), nil
}

// OutboxLast returns the id of the newest message in the outbox; 0 when
// there is none.
func (s *Store) OutboxLast(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT coalesce(max(id), 0) FROM river_job WHERE kind = ?`, mailKind).
		Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	return n, nil
}

// OutboxBusy returns how many messages up to id upTo are due now or being
// sent, for a test that waits until what it caused is delivered while
// other tests add more.
func (s *Store) OutboxBusy(ctx context.Context, upTo int64) (int, error) {
	// A job is due once its time has come by the outbox's clock (River
	// marks a job inserted for a past moment of the real clock available,
	// even if a test's clock has not reached it).
	var now any = s.clock.Now().UTC()
	if !s.postgres {
		now = s.clock.Now().UTC().Format("2006-01-02 15:04:05.000") // as riversqlite stores times
	}
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM river_job WHERE kind = ? AND id <= ?
		AND (state = 'running' OR (state = 'available' AND scheduled_at <= ?))`, mailKind, upTo, now).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	return int(n), nil
}
