package gormstore_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// withdraw ends the scan as the candidate would, with a reason.
func withdraw(t *testing.T, st *gormstore.Store, sc *domain.Scan, reason string) {
	t.Helper()
	closed := t0.Add(time.Hour)
	if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		s.State, s.ClosedAt, s.EndReason = domain.StateWithdrawn, &closed, reason
		s.Answers = domain.Answers{"q": "GEHEIM-antwoord " + strings.Repeat("x", 3000)}
		return domain.Change{
			History: &domain.HistoryEntry{From: domain.StateIntake, To: domain.StateWithdrawn, Action: domain.ActionWithdraw,
				ActorID: s.Candidate.ID, ActorRole: domain.RoleCandidate, Reason: reason, At: closed},
			Documents: []*domain.Document{
				{Kind: domain.DocumentAdvice, PDF: bytes.Repeat([]byte("GEHEIM-pdf"), 500), SHA256: "x", CreatedAt: closed},
				{Kind: domain.DocumentRaad, PDF: bytes.Repeat([]byte("GEHEIM-raad"), 500), SHA256: "y", CreatedAt: closed},
			},
		}, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// column returns every value of a column, as text, read behind the store's back.
func column(t *testing.T, d storetest.Dialect, dsn, query string) []string {
	t.Helper()
	driver := map[storetest.Dialect]string{storetest.SQLite: "sqlite", storetest.Postgres: "pgx"}[d]
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v []byte
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, string(v))
	}
	return out
}

// TestHistoryReasonIsSealed: a withdrawal or cancellation reason is free
// text about a person; it is encrypted at rest like the rest of the case.
func TestHistoryReasonIsSealed(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st, dsn := storetest.New(t, d)
			f := newFixture(t, st)
			sc := f.create(t, st, "reden@example.nl", "code-r")
			withdraw(t, st, sc, "GEHEIM-reden: mijn gezondheid")
			for _, v := range column(t, d, dsn, "SELECT reason FROM scan_history") {
				if strings.Contains(v, "GEHEIM") {
					t.Fatalf("a history reason is stored in plaintext: %q", v)
				}
			}
			h, err := st.History(ctx, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if last := h[len(h)-1]; last.Reason != "GEHEIM-reden: mijn gezondheid" {
				t.Fatalf("the reason does not read back: %+v", last)
			}
		})
	}
}

// TestErasureLeavesNoCopyInTheSQLiteFile: after a purge, nothing of what was
// destroyed — not even its ciphertext, which the key would still open — is
// left in the database file or its write-ahead log.
func TestErasureLeavesNoCopyInTheSQLiteFile(t *testing.T) {
	t.Parallel()
	st, dsn := storetest.New(t, storetest.SQLite)
	f := newFixture(t, st)
	sc := f.create(t, st, "wis-mij@example.nl", "code-e")
	withdraw(t, st, sc, "GEHEIM-reden van de kandidaat")
	var traces []string
	for _, q := range []string{"SELECT content FROM scans", "SELECT reason FROM scan_history WHERE reason <> ''",
		"SELECT pdf FROM advice_documents"} {
		for _, v := range column(t, storetest.SQLite, dsn, q) {
			traces = append(traces, v[len(v)-48:]) // the tail of a sealed value: random, so unique to it
		}
	}
	if len(traces) != 4 {
		t.Fatalf("expected content, reason and both documents to trace, got %d", len(traces))
	}
	audit := domain.AuditEvent{ActorID: "cli", ActorRole: domain.RoleAdmin, Action: "purge", Object: "scan", Result: domain.AuditOK, At: t0}
	if done, err := st.PurgeScan(ctx, sc.ID, t0.Add(2*time.Hour), audit); err != nil || !done {
		t.Fatalf("purge = %v, %v", done, err)
	}
	// Read the files while the store is open: closing it would checkpoint
	// the log and hide what a copy of the live files would hold.
	var files []byte
	for _, name := range []string{dsn, dsn + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		files = append(files, b...)
	}
	for _, tr := range traces {
		if bytes.Contains(files, []byte(tr)) {
			t.Errorf("a destroyed value is still in the database files: …%s", tr)
		}
	}
	for _, plain := range []string{"wis-mij@example.nl", "Eef Ëlberts"} {
		if bytes.Contains(files, []byte(plain)) {
			t.Errorf("the erased candidate's %q is still in the database files", plain)
		}
	}
}

// TestSQLiteFilesAreOwnerOnly: the database file and its companions hold
// case content; nobody but the service's user may read them.
func TestSQLiteFilesAreOwnerOnly(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "basisscan.db")
	st, err := gormstore.Open(path, gormstore.Options{Keys: storetest.Keys(t), AuditKeys: storetest.AuditKeys(), LookupKey: storetest.LookupKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	addOrg(t, st, "Gemeente Bestandsrecht")
	for _, name := range []string{dir, path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v: others than the owner can read it", filepath.Base(name), fi.Mode().Perm())
		}
	}
}
