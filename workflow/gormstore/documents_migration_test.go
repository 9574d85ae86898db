package gormstore_test

import (
	"context"
	"database/sql"
	"os"
	"testing"

	"github.com/pressly/goose/v3"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Migration 00005 keeps every document stored before it, as a full advice:
// a database taken back to 00004 and holding an old row reads it back by
// kind once migrated again, and takes a raad's summary beside it.
func TestMigrationKeepsDocumentsAsAdvice(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st, dsn := storetest.New(t, d)
			f := newFixture(t, st)
			sc := f.create(t, st, "oud@example.nl", "code-oud")
			// A document as sign-off stored it before kinds, sealed by the store.
			if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				return domain.Change{Documents: []*domain.Document{{Kind: domain.DocumentAdvice, PDF: []byte("%PDF oud"), SHA256: "oud", CreatedAt: t0}}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			driver, dialect, dir := "sqlite", goose.DialectSQLite3, "migrations/sqlite"
			if d == storetest.Postgres {
				driver, dialect, dir = "pgx", goose.DialectPostgres, "migrations/postgres"
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			p, err := goose.NewProvider(dialect, db, os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			c := context.Background()
			if _, err := p.DownTo(c, 4); err != nil {
				t.Fatalf("down to 00004: %v", err)
			}
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM advice_documents WHERE scan_id = $1`, sc.ID).Scan(&n); err != nil || n != 1 {
				t.Fatalf("at 00004: %d documents, %v", n, err)
			}
			if _, err := p.UpTo(c, 5); err != nil {
				t.Fatalf("up to 00005: %v", err)
			}
			doc, err := st.Document(ctx, sc.ID, domain.DocumentAdvice)
			if err != nil || string(doc.PDF) != "%PDF oud" || doc.SHA256 != "oud" {
				t.Fatalf("the old document after 00005: %+v, %v", doc, err)
			}
			if _, err := st.Document(ctx, sc.ID, domain.DocumentRaad); err == nil {
				t.Fatal("an old scan has a raad's summary it never had")
			}
			if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				return domain.Change{Documents: []*domain.Document{{Kind: domain.DocumentRaad, PDF: []byte("%PDF raad"), SHA256: "raad", CreatedAt: t0}}}, nil
			}); err != nil {
				t.Fatalf("a raad's summary beside the old advice: %v", err)
			}
		})
	}
}

// Since 00005 a new organisation's candidates get a copy of the signed
// documents unless it says otherwise; the store always names the value, so
// this is the column default PostgreSQL applies to an insert that does not.
// (SQLite keeps its old default: see the migration.)
func TestOrganisationsDefaultToTheCandidatesCopy(t *testing.T) {
	t.Parallel()
	_, dsn := storetest.New(t, storetest.Postgres)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var may bool
	if err := db.QueryRow(`INSERT INTO organisations (id, name, kind, created_at)
		VALUES ('00000000-0000-4000-8000-000000000005', 'Gemeente Standaard', 'gemeente', now()) RETURNING candidate_may_download`).Scan(&may); err != nil {
		t.Fatal(err)
	}
	if !may {
		t.Error("a new organisation keeps candidates from their copy by default")
	}
}
