// Package gormstore is the GORM implementation of domain.Store, on
// PostgreSQL in production and on an embedded pure-Go SQLite by default.
// It is the only package that imports gorm.
package gormstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"basisscan/domain"
)

//go:embed migrations
var migrations embed.FS

// Store implements domain.Store.
type Store struct {
	db        *gorm.DB
	postgres  bool
	keys      *Keyring
	auditKeys *domain.AuditKeys
	lookupKey []byte

	rekeyBatch int // ids Rekey reads at a time; 0 is rekeyBatch

	inserter *river.Client[*sql.Tx] // writes the outbox's jobs in our transactions
	clock    *outboxClock
}

// Options configure Open.
type Options struct {
	// MaxConns bounds the PostgreSQL pool; idle connections are kept at the
	// same number, since churning connections costs more than keeping them.
	MaxConns int
	// Keys encrypt answers, notes, VOG details, the advice and its
	// document, and the names and addresses of users.
	Keys *Keyring
	// AuditKeys seal the audit trail.
	AuditKeys *domain.AuditKeys
	// LookupKey (32 bytes) keys the hash of e-mail addresses that look-ups
	// use in place of the sealed address. Keep it outside the database.
	LookupKey []byte
}

// IsPostgres reports whether url names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open connects to url: a postgres:// URL, or else the path of a SQLite file.
func Open(url string, opts Options) (*Store, error) {
	if opts.Keys == nil {
		return nil, errors.New("open database: no encryption keys")
	}
	if opts.AuditKeys == nil {
		return nil, errors.New("open database: no audit keys")
	}
	if len(opts.LookupKey) != 32 {
		return nil, errors.New("open database: the look-up key must be 32 bytes")
	}
	maxConns := opts.MaxConns
	cfg := &gorm.Config{
		Logger:         logger.Discard, // queries carry personal data: never log them
		TranslateError: true,
		PrepareStmt:    false,
	}
	var (
		db  *gorm.DB
		err error
	)
	pg := IsPostgres(url)
	if pg {
		db, err = gorm.Open(postgres.Open(url), cfg)
	} else {
		if err := prepareSQLiteFile(url); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		db, err = gorm.Open(sqlite.Open(sqliteDSN(url)), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if pg {
		if maxConns <= 0 {
			maxConns = 10
		}
		sqlDB.SetMaxOpenConns(maxConns)
		sqlDB.SetMaxIdleConns(maxConns)
	} else {
		// One writer at a time is SQLite's model; one connection makes every
		// transaction serial instead of failing with SQLITE_BUSY.
		sqlDB.SetMaxOpenConns(1)
		sqlDB.SetMaxIdleConns(1)
	}
	st := &Store{db: db, postgres: pg, keys: opts.Keys, auditKeys: opts.AuditKeys, lookupKey: opts.LookupKey}
	if err := st.openOutbox(); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}

func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	// secure_delete overwrites what a delete or update frees, so that an
	// erased candidate's ciphertext does not linger in free pages.
	return path + sep + "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=secure_delete(1)"
}

// prepareSQLiteFile creates the database file readable by its owner only,
// in a directory only the owner can enter; SQLite gives its -wal and -shm
// files the database file's mode. An existing file that others can read
// is narrowed to the owner. Paths SQLite reads as URIs or options are left
// to SQLite.
func prepareSQLiteFile(path string) error {
	if path == "" || strings.HasPrefix(path, "file:") || strings.HasPrefix(path, ":memory:") || strings.Contains(path, "?") {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create database directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil {
		return fmt.Errorf("database file: %w", err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err = os.Stat(name); err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(name, fi.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("restrict database file: %w", err)
			}
		}
	}
	return nil
}

// compact makes SQLite's write-ahead log give up what a purge replaced:
// until a checkpoint, the log still holds earlier versions of the pages.
// PostgreSQL keeps dead row versions until vacuum; the README says so.
func (s *Store) compact(ctx context.Context) error {
	if s.postgres {
		return nil
	}
	if err := s.db.WithContext(ctx).Exec(`PRAGMA wal_checkpoint(TRUNCATE)`).Error; err != nil {
		return fmt.Errorf("checkpoint after purge: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// errMigrationsPending is the readiness error of a database that an older
// release migrated: this one's queries would meet a schema they do not know.
var errMigrationsPending = errors.New("database migrations are pending")

// Ready reports whether the database answers and every embedded migration
// has been applied. It takes no migration lock: a check must not wait on an
// instance that is migrating.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	p, err := s.migrationProvider(sqlDB)
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("migration status: %w", err)
	}
	if pending {
		return errMigrationsPending
	}
	return s.outboxReady(ctx)
}

// Migrate applies the embedded migrations that have not run yet, then
// River's (the outbox's job table). On PostgreSQL advisory locks keep two
// starting instances from racing.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	p, err := s.migrationProvider(sqlDB)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	// River's tables, for the outbox, come from River's own migrations.
	if err := s.migrateOutbox(ctx); err != nil {
		return applied, fmt.Errorf("migrate: %w", err)
	}
	if _, err := s.sealLegacyUsers(ctx); err != nil {
		return applied, fmt.Errorf("migrate: %w", err)
	}
	return applied, nil
}

func (s *Store) migrationProvider(sqlDB *sql.DB) (*goose.Provider, error) {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	var opts []goose.ProviderOption
	if s.postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
		// One lock per schema: instances migrating the same schema wait for
		// each other, and no one else does (tests use a schema each).
		var schema string
		if err := sqlDB.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("basisscan/" + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(dialect, sqlDB, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

var errNotFound = &domain.Error{Code: domain.ENOTFOUND, Message: "Niet gevonden."}
