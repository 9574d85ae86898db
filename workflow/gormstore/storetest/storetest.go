// Package storetest opens fresh, migrated stores for tests: one SQLite file
// per test, and one PostgreSQL schema per test on TEST_DATABASE_URL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver behind gorm.io/driver/postgres

	"basisscan/domain"
	"basisscan/workflow/gormstore"
)

// Dialect names a database the suite runs on.
type Dialect string

// The dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Dialects lists the dialects every store test runs on.
var Dialects = []Dialect{SQLite, Postgres}

// Open returns a new, migrated, empty store of the dialect. On PostgreSQL it
// skips without TEST_DATABASE_URL, unless BASISSCAN_REQUIRE_POSTGRES is set
// (as CI does), in which case it fails: a green run on SQLite alone proves
// nothing about production.
func Open(t testing.TB, d Dialect) *gormstore.Store {
	t.Helper()
	st, _ := New(t, d)
	return st
}

// Available reports whether Open runs on the dialect rather than skipping:
// for a fuzz target, whose skip would skip SQLite too, and which must
// decide before its seeds.
func Available(d Dialect) bool {
	return d != Postgres || os.Getenv("TEST_DATABASE_URL") != "" || os.Getenv("BASISSCAN_REQUIRE_POSTGRES") != ""
}

// Keys returns a keyring with one fresh random key.
func Keys(t testing.TB) *gormstore.Keyring {
	t.Helper()
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	k, err := gormstore.NewKeyring("test", map[string][]byte{"test": secret})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// AuditKeys returns the audit keys every test store seals its trail with:
// one random key per test binary, so that a test's service verifies what its
// store wrote.
var AuditKeys = sync.OnceValue(func() *domain.AuditKeys {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	k, err := domain.NewAuditKeys("test-audit", map[string][]byte{"test-audit": secret})
	if err != nil {
		panic(err)
	}
	return k
})

// LookupKey returns a fresh random key for the hash of e-mail addresses.
func LookupKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}

// New is Open that also returns the data source, for tests that look at the
// database behind the store's back.
func New(t testing.TB, d Dialect) (*gormstore.Store, string) {
	t.Helper()
	dsn := DSN(t, d)
	st, err := gormstore.Open(dsn, gormstore.Options{MaxConns: 8, Keys: Keys(t), AuditKeys: AuditKeys(), LookupKey: LookupKey()})
	if err != nil {
		t.Fatalf("open %s store: %v", d, err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s store: %v", d, err)
	}
	return st, dsn
}

// DSN returns the data source of a fresh, empty database of the dialect
// for the test: a file in its temporary folder, or a PostgreSQL schema of
// its own. It skips or fails as Open does.
func DSN(t testing.TB, d Dialect) string {
	t.Helper()
	switch d {
	case SQLite:
		return filepath.Join(t.TempDir(), "basisscan.db")
	case Postgres:
		return postgresSchema(t)
	}
	t.Fatalf("unknown dialect %q", d)
	return ""
}

// URL returns the URL of a fresh, empty PostgreSQL schema for the test, for
// tests that open the database themselves. It skips or fails as Open does.
func URL(t testing.TB) string {
	t.Helper()
	return postgresSchema(t)
}

// postgresSchema creates a schema of its own for the test and returns a URL
// whose search_path points at it.
func postgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("BASISSCAN_REQUIRE_POSTGRES") != "" {
			t.Fatal("TEST_DATABASE_URL is not set, but BASISSCAN_REQUIRE_POSTGRES is: the PostgreSQL tests must run")
		}
		t.Skip("TEST_DATABASE_URL is not set; skipping PostgreSQL")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", "TEST_DATABASE_URL", err)
	}
	defer admin.Close()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema on TEST_DATABASE_URL: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
