package gormstore_test

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

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
	lift := []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`}
	if d == storetest.Postgres {
		lift = []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`}
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
