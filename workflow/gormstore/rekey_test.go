package gormstore_test

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

func keyring(t *testing.T, active string, keys map[string][]byte) *gormstore.Keyring {
	t.Helper()
	k, err := gormstore.NewKeyring(active, keys)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func secret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

// A key that was rotated out can be retired: after Rekey a keyring with
// the new key alone opens every scan, document, history reason and user,
// and a second Rekey finds nothing left to do.
func TestRekeyRetiresTheOldKey(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			lookup := storetest.LookupKey()
			open := func(k *gormstore.Keyring) *gormstore.Store {
				st, err := gormstore.Open(dsn, gormstore.Options{Keys: k, AuditKeys: storetest.AuditKeys(), LookupKey: lookup})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return st
			}
			a, b := secret(), secret()

			st := open(keyring(t, "a", map[string][]byte{"a": a}))
			f := newFixture(t, st)
			sc := f.create(t, st, "k@example.nl", "code")
			withdraw(t, st, sc, "GEHEIM-reden")
			// A second scan without a document or reason: rows of every kind.
			other := f.create(t, st, "l@example.nl", "code-2")
			// Enough history that a reason sits past id 10: the cursor must
			// page by number, not by text ("12" < "2").
			for i := range 8 {
				f.create(t, st, fmt.Sprintf("v%d@example.nl", i), fmt.Sprintf("code-v%d", i))
			}
			late := f.create(t, st, "m@example.nl", "code-3")
			withdraw(t, st, late, "GEHEIM-later")
			hook := &domain.Webhook{ID: uuid.NewString(), OrganisationID: f.org, URL: "https://zaken.example.nl/hook",
				Secret: []byte("GEHEIM-webhook-sleutel-van-32-bytes"), CreatedAt: t0}
			if err := st.CreateWebhook(ctx, hook, systemEvent("add_webhook")); err != nil {
				t.Fatal(err)
			}
			before, err := st.Scan(ctx, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			claim := storeResponse(t, st, "sleutel", []byte(`{"candidate":"GEHEIM-naam"}`))
			// A message waits in the outbox, sealed under the old key.
			if _, err := st.UpdateScan(ctx, other.ID, func(*domain.Scan, domain.TxReader) (domain.Change, error) {
				return domain.Change{Mails: []domain.Mail{{To: "l@example.nl", ToName: "GEHEIM-ontvanger", Subject: "Herinnering",
					Body: "GEHEIM-bericht", ScanID: other.ID}}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			_ = st.Close()

			st = open(keyring(t, "b", map[string][]byte{"a": a, "b": b}))
			st.SetRekeyBatch(1) // every table takes several pages
			counts, err := st.Rekey(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Thirteen users: the formateur, the adviser and eleven candidates.
			want := []gormstore.Resealed{{Table: "scans", Rows: 11}, {Table: "advice_documents", Rows: 2},
				{Table: "scan_history", Rows: 2}, {Table: "users", Rows: 13}, {Table: "river_job", Rows: 1}, {Table: "webhooks", Rows: 1}, {Table: "idempotency_keys", Rows: 1}}
			if !reflect.DeepEqual(counts, want) {
				t.Fatalf("rekey counts = %+v, want %+v", counts, want)
			}
			if again, err := st.Rekey(ctx); err != nil || !reflect.DeepEqual(again, []gormstore.Resealed{{"scans", 0},
				{"advice_documents", 0}, {"scan_history", 0}, {"users", 0}, {"river_job", 0}, {"webhooks", 0}, {"idempotency_keys", 0}}) {
				t.Fatalf("second rekey = %+v, %v; want nothing left", again, err)
			}
			_ = st.Close()

			st = open(keyring(t, "b", map[string][]byte{"b": b}))
			defer st.Close()
			got, err := st.Scan(ctx, sc.ID)
			if err != nil {
				t.Fatalf("scan after retiring the old key: %v", err)
			}
			if !reflect.DeepEqual(got, before) {
				t.Fatalf("scan changed by rekey:\n got %+v\nwant %+v", got, before)
			}
			if _, err := st.Scan(ctx, other.ID); err != nil {
				t.Fatalf("second scan after retiring the old key: %v", err)
			}
			doc, err := st.Document(ctx, sc.ID, domain.DocumentAdvice)
			if err != nil || !bytes.Equal(doc.PDF, bytes.Repeat([]byte("GEHEIM-pdf"), 500)) {
				t.Fatalf("document after retiring the old key: %v", err)
			}
			raad, err := st.Document(ctx, sc.ID, domain.DocumentRaad)
			if err != nil || !bytes.Equal(raad.PDF, bytes.Repeat([]byte("GEHEIM-raad"), 500)) {
				t.Fatalf("raad document after retiring the old key: %v", err)
			}
			h, err := st.History(ctx, sc.ID)
			if err != nil || h[len(h)-1].Reason != "GEHEIM-reden" {
				t.Fatalf("history after retiring the old key: %+v, %v", h, err)
			}
			if h, err := st.History(ctx, late.ID); err != nil || h[len(h)-1].Reason != "GEHEIM-later" {
				t.Fatalf("a later history reason after retiring the old key: %+v, %v", h, err)
			}
			staff, err := st.StaffUsers(ctx, f.org)
			if err != nil || len(staff) != 2 {
				t.Fatalf("staff after retiring the old key: %+v, %v", staff, err)
			}
			for _, u := range staff {
				if u.Email != f.formateur.Email && u.Email != f.adviser.Email {
					t.Fatalf("staff member changed by rekey: %+v", u)
				}
			}
			// The waiting message goes out under the new key alone.
			box := &domaintest.Mailbox{}
			storetest.Outbox(t, st, gormstore.OutboxConfig{Mailer: box})
			storetest.Drain(t, st)
			if got := box.All(); len(got) != 1 || got[0].Body != "GEHEIM-bericht" {
				t.Fatalf("the waiting message after retiring the old key: %+v", got)
			}
			hooks, err := st.Webhooks(ctx, f.org)
			if err != nil || len(hooks) != 1 || string(hooks[0].Secret) != string(hook.Secret) {
				t.Fatalf("webhook after retiring the old key: %+v, %v", hooks, err)
			}
			if _, rec, err := st.ClaimIdempotencyKey(ctx, claim); err != nil || rec == nil || rec.Response == nil ||
				string(rec.Response.Body) != `{"candidate":"GEHEIM-naam"}` {
				t.Fatalf("stored response after retiring the old key: %+v, %v", rec, err)
			}
			for _, q := range []string{"SELECT content FROM scans", "SELECT pdf FROM advice_documents",
				"SELECT reason FROM scan_history WHERE reason <> ''", "SELECT name FROM users", "SELECT email FROM users",
				"SELECT secret FROM webhooks", "SELECT response FROM idempotency_keys"} {
				for _, v := range column(t, d, dsn, q) {
					if !strings.HasPrefix(v, "v1.b.") {
						t.Errorf("%s: a value is not sealed under the new key: %.12q", q, v)
					}
				}
			}
		})
	}
}

// A database holds content of version 1 (from before the stored form had a
// schema): it loads as it was, and rekey rewrites it as version 3 even
// under the active key.
func TestLegacyContentLoadsAndRekeyUpgrades(t *testing.T) {
	t.Parallel()
	legacy, err := os.ReadFile("testdata/content-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			keys := keyring(t, "a", map[string][]byte{"a": secret()})
			st, err := gormstore.Open(dsn, gormstore.Options{Keys: keys, AuditKeys: storetest.AuditKeys(), LookupKey: storetest.LookupKey()})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := newFixture(t, st)
			sc := f.create(t, st, "k@example.nl", "code")
			sealed, err := keys.Seal(legacy, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			exec(t, d, dsn, `UPDATE scans SET content = $1 WHERE id = $2`, sealed, sc.ID)

			want := gormstore.ContentOnly(gormstore.LegacyDecoded())
			check := func(when string) {
				t.Helper()
				got, err := st.Scan(ctx, sc.ID)
				if err != nil {
					t.Fatalf("%s: %v", when, err)
				}
				if c := gormstore.ContentOnly(got); !reflect.DeepEqual(c, want) {
					t.Fatalf("%s: content differs:\n got %+v\nwant %+v", when, c, want)
				}
			}
			check("version 1")
			counts, err := st.Rekey(ctx)
			if err != nil || counts[0] != (gormstore.Resealed{Table: "scans", Rows: 1}) {
				t.Fatalf("rekey = %+v, %v; want the one scan rewritten", counts, err)
			}
			raw := column(t, d, dsn, "SELECT content FROM scans")
			plain, err := keys.Open(raw[0], sc.ID)
			if err != nil || !strings.HasPrefix(string(plain), `{"v":3,`) {
				t.Fatalf("stored after rekey: %.40q, %v", plain, err)
			}
			check("after rekey")
		})
	}
}

// exec runs a statement behind the store's back.
func exec(t *testing.T, d storetest.Dialect, dsn, query string, args ...any) {
	t.Helper()
	driver := map[storetest.Dialect]string{storetest.SQLite: "sqlite", storetest.Postgres: "pgx"}[d]
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}
