package gormstore_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

func TestAuditTrail(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			t.Run("tampering is detected", func(t *testing.T) { t.Parallel(); testTampering(t, d) })
			t.Run("concurrent appends keep one chain", func(t *testing.T) { t.Parallel(); testConcurrentAudit(t, storetest.Open(t, d)) })
		})
	}
}

func auditEvent(chain string, i int) domain.AuditEvent {
	return domain.AuditEvent{Chain: chain, ActorID: "u1", ActorRole: domain.RoleAdviser, Organisation: "Gemeente Zuidhaven",
		Action: fmt.Sprintf("action_%d", i), Object: "answers", Result: domain.AuditOK, At: t0, RequestID: "r", Source: "127.0.0.1"}
}

func fiveEvents(t *testing.T, st *gormstore.Store, chain string) {
	t.Helper()
	for i := 1; i <= 5; i++ {
		if err := st.AppendAudit(ctx, auditEvent(chain, i)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := st.AuditChain(ctx, chain)
	if err != nil || len(c.Events) != 5 || c.Verify(storetest.AuditKeys()) != nil {
		t.Fatalf("fresh chain: %d events, break %v, %v", len(c.Events), c.Verify(storetest.AuditKeys()), err)
	}
}

// rawDB opens the database behind the store, as an intruder with SQL access
// would, and lifts the append-only triggers.
func rawDB(t *testing.T, d storetest.Dialect, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if d == storetest.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// First: the triggers refuse a change.
	if _, err := db.Exec(`UPDATE audit_events SET action = 'x'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update of the audit trail: %v, want refused as append-only", err)
	}
	if _, err := db.Exec(`DELETE FROM audit_events`); err == nil {
		t.Fatal("delete of the audit trail was allowed")
	}
	lift := []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`, `DROP TRIGGER audit_heads_forward`}
	if d == storetest.Postgres {
		lift = []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`,
			`ALTER TABLE audit_heads DISABLE TRIGGER audit_heads_forward`}
	}
	for _, q := range lift {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func testTampering(t *testing.T, d storetest.Dialect) {
	tampers := []struct {
		name    string
		sql     []string
		wantSeq int
		reason  string
	}{
		{"altered", []string{`UPDATE audit_events SET action = 'read_answers' WHERE chain = 'c' AND seq = 3`}, 3, "altered"},
		{"deleted in the middle", []string{`DELETE FROM audit_events WHERE chain = 'c' AND seq = 2`}, 2, "deleted"},
		{"deleted at the end", []string{`DELETE FROM audit_events WHERE chain = 'c' AND seq = 5`}, 5, "removed at the end"},
		{"reordered", []string{
			`UPDATE audit_events SET seq = 100 WHERE chain = 'c' AND seq = 3`,
			`UPDATE audit_events SET seq = 3 WHERE chain = 'c' AND seq = 4`,
			`UPDATE audit_events SET seq = 4 WHERE chain = 'c' AND seq = 100`,
		}, 3, "reordered"},
		{"rehashed after a change", []string{
			// Changing an event and its own hash still breaks the link to the next.
			`UPDATE audit_events SET action = 'x', hash = 'ffff' WHERE chain = 'c' AND seq = 2`,
		}, 2, "altered"},
		// The last event has no successor whose link would break: its MAC,
		// or the head, must find a change to it. Without the key an intruder
		// can only hash with a plain SHA-256.
		{"the last event changed and re-hashed, the head left", []string{
			`UPDATE audit_events SET action = 'x', hash = '` + plainSHA256("x") + `' WHERE chain = 'c' AND seq = 5`,
		}, 5, "altered"},
		{"the last event changed and re-hashed, the head moved to it", []string{
			`UPDATE audit_events SET action = 'x', hash = '` + plainSHA256("x") + `' WHERE chain = 'c' AND seq = 5`,
			`UPDATE audit_heads SET hash = '` + plainSHA256("x") + `' WHERE chain = 'c'`,
		}, 5, "altered"},
		{"the head's MAC changed alone", []string{
			`UPDATE audit_heads SET hash = '` + plainSHA256("x") + `' WHERE chain = 'c'`,
		}, 6, "removed at the end"},
		{"the head moved back alone", []string{
			`UPDATE audit_heads SET seq = 4 WHERE chain = 'c'`,
		}, 6, "removed at the end"},
	}
	for _, tt := range tampers {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, dsn := storetest.New(t, d)
			fiveEvents(t, st, "c")
			fiveEvents(t, st, "other")
			db := rawDB(t, d, dsn)
			for _, q := range tt.sql {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			c, err := st.AuditChain(ctx, "c")
			if err != nil {
				t.Fatal(err)
			}
			b := c.Verify(storetest.AuditKeys())
			if b == nil || b.Seq != tt.wantSeq || !strings.Contains(b.Reason, tt.reason) {
				t.Fatalf("break = %v, want at %d (%s)", b, tt.wantSeq, tt.reason)
			}
			if other, _ := st.AuditChain(ctx, "other"); other.Verify(storetest.AuditKeys()) != nil {
				t.Fatalf("the untouched chain reads as broken: %v", other.Verify(storetest.AuditKeys()))
			}
		})
	}
}

// plainSHA256 is the hash an intruder without the audit key can make.
func plainSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Every column of audit_events, changed alone in one event, is reported at
// that event: the MAC covers each one (or, for chain and seq, the event goes
// missing from its place). The columns are read from the database, so that
// a column added later and left out of the MAC fails here.
func TestAuditEveryColumnCovered(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st, dsn := storetest.New(t, d)
			fiveEvents(t, st, "c")
			db := rawDB(t, d, dsn)
			q := `SELECT name FROM pragma_table_info('audit_events')`
			if d == storetest.Postgres {
				q = `SELECT column_name FROM information_schema.columns
					WHERE table_schema = current_schema() AND table_name = 'audit_events'`
			}
			rows, err := db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			var columns []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				columns = append(columns, c)
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
			if len(columns) < 19 {
				t.Fatalf("audit_events has columns %v, want at least the 19 the store writes", columns)
			}
			before, err := st.AuditChain(ctx, "c")
			if err != nil {
				t.Fatal(err)
			}
			original := before.Events[2] // seq 3
			for _, col := range columns {
				t.Run(col, func(t *testing.T) {
					set, args := col+` = `+col+` || 'x'`, []any{}
					switch col {
					case "seq":
						set = `seq = seq + 100`
					case "scan_version":
						set = `scan_version = scan_version + 1`
					case "at":
						set, args = `at = $1`, []any{t0.Add(time.Second)}
					}
					res, err := db.Exec(`UPDATE audit_events SET `+set+` WHERE chain = 'c' AND seq = 3`, args...)
					if err != nil {
						t.Fatal(err)
					}
					if n, _ := res.RowsAffected(); n != 1 {
						t.Fatalf("changed %d rows", n)
					}
					c, err := st.AuditChain(ctx, "c")
					if err != nil {
						t.Fatal(err)
					}
					if b := c.Verify(storetest.AuditKeys()); b == nil || b.Seq != 3 {
						t.Errorf("%s changed: break = %v, want at event 3", col, b)
					}
					// Put the event back for the next column.
					if _, err := db.Exec(`DELETE FROM audit_events WHERE (chain = 'c' AND seq IN (3, 103)) OR chain = 'cx'`); err != nil {
						t.Fatal(err)
					}
					insertEvent(t, db, original)
					if c, _ := st.AuditChain(ctx, "c"); c.Verify(storetest.AuditKeys()) != nil {
						t.Fatalf("restored chain: %v", c.Verify(storetest.AuditKeys()))
					}
				})
			}
		})
	}
}

// insertEvent writes ev as stored, as an intruder restoring it would.
func insertEvent(t *testing.T, db *sql.DB, ev domain.AuditEvent) {
	t.Helper()
	if _, err := db.Exec(`INSERT INTO audit_events (chain, seq, actor_id, actor_role, organisation, action, object,
		result, at, request_id, source, scan_state, scan_version, adviser_id, second_adviser_id, history_digest,
		key_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		ev.Chain, ev.Seq, ev.ActorID, string(ev.ActorRole), ev.Organisation, ev.Action, ev.Object, string(ev.Result),
		ev.At, ev.RequestID, ev.Source, string(ev.ScanState), ev.ScanVersion, ev.AdviserID, ev.SecondAdviserID,
		ev.HistoryDigest, ev.KeyID, ev.PrevHash, ev.Hash); err != nil {
		t.Fatal(err)
	}
}

func testConcurrentAudit(t *testing.T, st *gormstore.Store) {
	const n = 12
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := st.AppendAudit(ctx, auditEvent("busy", i)); err != nil {
				t.Errorf("append %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	c, err := st.AuditChain(ctx, "busy")
	if err != nil || len(c.Events) != n || c.Verify(storetest.AuditKeys()) != nil {
		t.Fatalf("%d events, break %v, %v", len(c.Events), c.Verify(storetest.AuditKeys()), err)
	}
	chains, err := st.AuditChains(ctx)
	if err != nil || len(chains) != 1 || chains[0] != "busy" {
		t.Fatalf("chains = %v, %v", chains, err)
	}
}
