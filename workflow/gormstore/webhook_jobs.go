package gormstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"basisscan/domain"
)

// Webhook deliveries are River jobs too, in a queue of their own so that an
// instance delivers them only when it has a sender, and a slow receiver
// never holds up the mail.
const (
	webhookKind  = "webhook"
	webhookQueue = "webhooks"
)

// webhookArgs is the job of one delivery: its id only; the delivery row
// holds the event, which holds ids and states only.
type webhookArgs struct {
	DeliveryID string `json:"delivery_id"`
}

// Kind implements river.JobArgs.
func (webhookArgs) Kind() string { return webhookKind }

// enqueueWebhooks inserts a job for each delivery inside tx.
func (s *Store) enqueueWebhooks(ctx context.Context, tx *gorm.DB, ids []string) error {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return errors.New("outbox: not inside a transaction")
	}
	for _, id := range ids {
		if _, err := s.inserter.InsertTx(ctx, sqlTx, webhookArgs{DeliveryID: id},
			&river.InsertOpts{Queue: webhookQueue, MaxAttempts: domain.WebhookMaxAttempts}); err != nil {
			return fmt.Errorf("outbox: insert webhook delivery: %w", err)
		}
	}
	return nil
}

// webhookWorker makes one attempt of a delivery.
type webhookWorker struct {
	river.WorkerDefaults[webhookArgs]
	deliver func(ctx context.Context, id string, attempt int) error
}

// Work implements river.Worker: an error makes River try again later, with
// back-off, until the last attempt.
func (w *webhookWorker) Work(ctx context.Context, job *river.Job[webhookArgs]) error {
	return w.deliver(ctx, job.Args.DeliveryID, job.Attempt)
}

// Timeout bounds one attempt; the sender's client has its own, shorter one.
func (w *webhookWorker) Timeout(*river.Job[webhookArgs]) time.Duration { return 30 * time.Second }

// OutboxJobs counts the outbox's jobs of each kind (mail, webhook) that
// wait (due, running, scheduled or to be retried), and those failing: to
// be retried after an error, or given up.
func (s *Store) OutboxJobs(ctx context.Context, failing bool) (map[string]int, error) {
	states := `'available', 'running', 'retryable', 'scheduled', 'pending'`
	if failing {
		states = `'retryable', 'discarded'`
	}
	var rows []struct {
		Kind string
		N    int
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT kind, COUNT(*) AS n FROM river_job WHERE state IN (` + states + `) GROUP BY kind`).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("outbox jobs: %w", err)
	}
	out := map[string]int{mailKind: 0, webhookKind: 0}
	for _, r := range rows {
		out[r.Kind] = r.N
	}
	return out, nil
}
