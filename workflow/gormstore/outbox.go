package gormstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"gorm.io/gorm"

	"basisscan/domain"
)

// The outbox is River's job table, in the same database as the scans: a
// message is inserted as a job in the transaction of the change that causes
// it, and River's workers deliver it after the commit, retrying with
// back-off. What a person reads (address, name, subject, body) is sealed
// with the store's keyring; the job row shows only the scan's id.

// mailKind is the River job kind of one message.
const mailKind = "mail"

// mailAAD binds a sealed message to the outbox: it does not open elsewhere.
const mailAAD = "outbox/mail"

// mailArgs is the job of one message.
type mailArgs struct {
	Sealed string `json:"sealed"`
	// ScanID names the scan the message is about, so that erasing the scan
	// removes its messages that wait.
	ScanID string `json:"scan_id,omitempty"`
	// Key, when set, makes the job unique: a reminder is inserted once per
	// scan, kind and deadline.
	Key string `json:"key,omitempty" river:"unique"`
}

// Kind implements river.JobArgs.
func (mailArgs) Kind() string { return mailKind }

// mailMaxAttempts bounds the retries; with River's back-off (attempt⁴
// seconds) the last of 20 comes after about nine days.
const mailMaxAttempts = 20

// outboxClock is River's notion of now: the database's clock, unless a
// test put in its own with StartOutbox.
type outboxClock struct {
	now atomic.Pointer[func() time.Time]
}

// Now implements rivertype.TimeGenerator.
func (c *outboxClock) Now() time.Time {
	if f := c.now.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// NowOrNil implements rivertype.TimeGenerator: nil lets the database say.
func (c *outboxClock) NowOrNil() *time.Time {
	if f := c.now.Load(); f != nil {
		t := (*f)().UTC()
		return &t
	}
	return nil
}

// riverDriver returns River's driver for the store's database.
func (s *Store) riverDriver(db *sql.DB) riverdriver.Driver[*sql.Tx] {
	if s.postgres {
		return riverdatabasesql.New(db)
	}
	return riversqlite.New(db)
}

// openOutbox makes the insert-only River client that writes jobs inside
// the store's transactions.
func (s *Store) openOutbox() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	s.clock = &outboxClock{}
	c, err := river.NewClient(s.riverDriver(sqlDB), &river.Config{
		Logger: slog.New(slog.DiscardHandler), Test: river.TestConfig{Time: s.clock}})
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	s.inserter = c
	return nil
}

// enqueue puts the messages into the outbox inside tx. A message without an
// address is skipped: there is no one to send it to.
func (s *Store) enqueue(ctx context.Context, tx *gorm.DB, mails []domain.Mail) error {
	var sqlTx *sql.Tx
	for _, m := range mails {
		if m.To == "" {
			continue
		}
		if sqlTx == nil {
			t, ok := tx.Statement.ConnPool.(*sql.Tx)
			if !ok {
				return errors.New("outbox: not inside a transaction")
			}
			sqlTx = t
		}
		plain, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		sealed, err := s.keys.seal(plain, mailAAD)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		args := mailArgs{Sealed: sealed, ScanID: m.ScanID}
		opts := &river.InsertOpts{MaxAttempts: mailMaxAttempts}
		if !m.SendAt.IsZero() {
			opts.ScheduledAt = m.SendAt
		}
		if r := m.Reminder; r != nil {
			args.Key = fmt.Sprintf("reminder/%s/%s/%d", r.Kind, m.ScanID, r.Deadline.Unix())
			opts.UniqueOpts = river.UniqueOpts{ByArgs: true}
		}
		if _, err := s.inserter.InsertTx(ctx, sqlTx, args, opts); err != nil {
			return fmt.Errorf("outbox: insert mail: %w", err)
		}
	}
	return nil
}

// migrateOutbox runs River's own migrations, each in a transaction of its
// own (PostgreSQL's cannot share one: a migration adds an enum value the
// next one uses). On PostgreSQL a session advisory lock, held on a
// connection of its own, makes two starting instances take turns.
func (s *Store) migrateOutbox(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	m, err := rivermigrate.New(s.riverDriver(sqlDB), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("outbox migrations: %w", err)
	}
	if s.postgres {
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return fmt.Errorf("outbox migrations: %w", err)
		}
		defer conn.Close()
		var schema string
		if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return fmt.Errorf("outbox migrations: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("basisscan/river/" + schema))
		key := int64(h.Sum64() >> 1)
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
			return fmt.Errorf("outbox migrations: lock: %w", err)
		}
		defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key) }()
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("outbox migrations: %w", err)
	}
	return nil
}

// outboxReady reports whether River's migrations have all run.
func (s *Store) outboxReady(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	m, err := rivermigrate.New(s.riverDriver(sqlDB), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("outbox migration status: %w", err)
	}
	if !res.OK {
		return errMigrationsPending
	}
	return nil
}

// forgetOutbox removes, inside tx, every job about the scan: those that
// wait and those River keeps for a while after delivery.
func (s *Store) forgetOutbox(tx *gorm.DB, scanID string) error {
	q := `DELETE FROM river_job WHERE kind = ? AND json_extract(args, '$.scan_id') = ?`
	if s.postgres {
		q = `DELETE FROM river_job WHERE kind = ? AND args->>'scan_id' = ?`
	}
	if err := tx.Exec(q, mailKind, scanID).Error; err != nil {
		return fmt.Errorf("remove the scan's mail from the outbox: %w", err)
	}
	return nil
}
