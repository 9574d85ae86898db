package gormstore_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// The outbox, on every dialect: a message is delivered if and only if its
// change commits, sealed while it waits, and gone with an erased scan.
func TestOutbox(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			t.Run("committed is delivered, rolled back is not", func(t *testing.T) { t.Parallel(); testOutboxCommit(t, d) })
			t.Run("sealed while waiting, erased with the scan", func(t *testing.T) { t.Parallel(); testOutboxSealed(t, d) })
		})
	}
}

func testOutboxCommit(t *testing.T, d storetest.Dialect) {
	st := storetest.Open(t, d)
	f := newFixture(t, st)
	sc := f.create(t, st, "k@example.nl", "code-a")
	mail := func(subject string) domain.Mail {
		return domain.Mail{To: "k@example.nl", ToName: "Kees", Subject: subject, Body: "Beste Kees,", ScanID: sc.ID}
	}
	refused := errors.New("refused")
	if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		return domain.Change{Mails: []domain.Mail{mail("rolled back")}}, refused
	}); !errors.Is(err, refused) {
		t.Fatalf("update = %v, want refused", err)
	}
	if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		return domain.Change{Mails: []domain.Mail{mail("committed")}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	box := &domaintest.Mailbox{}
	storetest.Outbox(t, st, gormstore.OutboxConfig{Mailer: box})
	storetest.Drain(t, st)
	got := box.All()
	if len(got) != 1 || got[0].Subject != "committed" || got[0].Body != "Beste Kees," || got[0].ScanID != sc.ID {
		t.Fatalf("delivered %+v, want the committed message only", got)
	}
	if n, err := st.OutboxBacklog(ctx); err != nil || n != 0 {
		t.Fatalf("backlog = %d, %v; want 0", n, err)
	}
}

func testOutboxSealed(t *testing.T, d storetest.Dialect) {
	st, dsn := storetest.New(t, d)
	f := newFixture(t, st)
	sc := f.create(t, st, "k@example.nl", "code-b")
	if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		return domain.Change{Mails: []domain.Mail{{To: "geheim@example.nl", ToName: "Geheime Naam", Subject: "Onderwerp-X",
			Body: "Tekst-Y", ScanID: sc.ID, SendAt: time.Now().Add(time.Hour)}}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	db := openRaw(t, d, dsn)
	var args string
	if err := db.QueryRow(argsQuery(d)).Scan(&args); err != nil {
		t.Fatalf("read job: %v", err)
	}
	for _, plain := range []string{"geheim", "Geheime", "Onderwerp-X", "Tekst-Y"} {
		if strings.Contains(args, plain) {
			t.Fatalf("the job row holds %q in the clear: %s", plain, args)
		}
	}
	if !strings.Contains(args, sc.ID) {
		t.Fatalf("the job row does not name its scan: %s", args)
	}
	if n, err := st.OutboxBacklog(ctx); err != nil || n != 1 {
		t.Fatalf("backlog = %d, %v; want the scheduled message", n, err)
	}
	if _, err := st.PurgeScan(ctx, sc.ID, t0, domain.AuditEvent{ActorID: "cli", ActorRole: domain.RoleAdmin, Action: "purge", Object: "scan", Result: domain.AuditOK, At: t0}); err != nil {
		t.Fatalf("purge: %v", err)
	}
	if n, err := st.OutboxBacklog(ctx); err != nil || n != 0 {
		t.Fatalf("backlog after erasure = %d, %v; want 0", n, err)
	}
}

func argsQuery(d storetest.Dialect) string {
	if d == storetest.Postgres {
		return `SELECT args::text FROM river_job`
	}
	return `SELECT json(args) FROM river_job`
}

func openRaw(t *testing.T, d storetest.Dialect, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if d == storetest.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return db
}
