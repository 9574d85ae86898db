package workflow_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// intruder opens the database behind the store as someone with write access
// would, and lifts every trigger of the audit tables.
func intruder(t *testing.T, d storetest.Dialect, dsn string) *sql.DB {
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
	if d == storetest.Postgres {
		for _, q := range []string{`ALTER TABLE audit_events DISABLE TRIGGER USER`, `ALTER TABLE audit_heads DISABLE TRIGGER USER`} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		return db
	}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		if _, err := db.Exec(`DROP TRIGGER "` + n + `"`); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// unkeyedHash is the hash anyone can recompute: SHA-256 over the event's
// content, as the chain was hashed before it was keyed.
func unkeyedHash(e domain.AuditEvent) string {
	b, _ := json.Marshal(struct {
		Chain        string      `json:"chain"`
		Seq          int         `json:"seq"`
		ActorID      string      `json:"actor_id"`
		ActorRole    domain.Role `json:"actor_role"`
		Organisation string      `json:"organisation"`
		Action       string      `json:"action"`
		Object       string      `json:"object"`
		Result       string      `json:"result"`
		At           string      `json:"at"`
		RequestID    string      `json:"request_id"`
		Source       string      `json:"source"`
		PrevHash     string      `json:"prev_hash"`
	}{e.Chain, e.Seq, e.ActorID, e.ActorRole, e.Organisation, e.Action, e.Object, string(e.Result),
		e.At.UTC().Format(time.RFC3339Nano), e.RequestID, e.Source, e.PrevHash})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// rewrite replaces the chain with keep(events), renumbered, relinked and
// rehashed from the first event it changes on, and moves its head: what an
// intruder does to hide something. It returns the seq of the first event it
// rewrote.
func rewrite(t *testing.T, e *env, db *sql.DB, chain string, keep func([]domain.AuditEvent) []domain.AuditEvent) int {
	t.Helper()
	c, err := e.store.AuditChain(ctx, chain)
	if err != nil {
		t.Fatal(err)
	}
	events := keep(append([]domain.AuditEvent(nil), c.Events...))
	from := 0 // the first index that differs; everything before stays as stored
	for from < len(events) && from < len(c.Events) && events[from] == c.Events[from] {
		from++
	}
	if _, err := db.Exec(`DELETE FROM audit_events WHERE chain = $1 AND seq > $2`, chain, from); err != nil {
		t.Fatal(err)
	}
	prev := ""
	if from > 0 {
		prev = events[from-1].Hash
	}
	for i := from; i < len(events); i++ {
		ev := &events[i]
		ev.Seq, ev.PrevHash = i+1, prev
		ev.Hash = unkeyedHash(*ev)
		prev = ev.Hash
		if _, err := db.Exec(`INSERT INTO audit_events (chain, seq, actor_id, actor_role, organisation, action, object,
			result, at, request_id, source, scan_state, scan_version, adviser_id, second_adviser_id, history_digest,
			key_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			ev.Chain, ev.Seq, ev.ActorID, string(ev.ActorRole), ev.Organisation, ev.Action, ev.Object, string(ev.Result),
			ev.At, ev.RequestID, ev.Source, string(ev.ScanState), ev.ScanVersion, ev.AdviserID, ev.SecondAdviserID,
			ev.HistoryDigest, ev.KeyID, ev.PrevHash, ev.Hash); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`UPDATE audit_heads SET seq = $1, hash = $2 WHERE chain = $3`, len(events), prev, chain); err != nil {
		t.Fatal(err)
	}
	return from + 1
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// Every way an intruder with write access to the database tried to rewrite
// the trail, or the scan it covers, is reported by verify.
func TestAuditTamperingIsFound(t *testing.T) {
	t.Parallel()
	type tamper struct {
		name  string
		chain func(sc *domain.Scan) string // the chain reported broken
		// do tampers; it returns the seq the break must be reported at, or 0
		// for any.
		do func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, otherAdviser string) int
		// noCheckpoint: the tampering happens before the first checkpoint.
		noCheckpoint bool
	}
	scanChain := func(sc *domain.Scan) string { return sc.ID }
	tampers := []tamper{
		{"reads deleted and the chain recomputed", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			return rewrite(t, e, db, sc.ID, func(evs []domain.AuditEvent) []domain.AuditEvent {
				var out []domain.AuditEvent
				for _, ev := range evs {
					if !strings.HasPrefix(ev.Action, "read_") {
						out = append(out, ev)
					}
				}
				return out
			})
		}, false},
		{"an actor changed and the chain recomputed", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, other string) int {
			return rewrite(t, e, db, sc.ID, func(evs []domain.AuditEvent) []domain.AuditEvent {
				evs[len(evs)-1].ActorID = other
				return evs
			})
		}, false},
		{"the last event deleted and the head moved back", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			c, _ := e.store.AuditChain(ctx, sc.ID)
			last := c.Events[len(c.Events)-1]
			exec(t, db, `DELETE FROM audit_events WHERE chain = $1 AND seq = $2`, sc.ID, last.Seq)
			exec(t, db, `UPDATE audit_heads SET seq = $1, hash = $2 WHERE chain = $3`, last.Seq-1, last.PrevHash, sc.ID)
			return last.Seq
		}, false},
		{"the last event deleted and the head left as is", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			c, _ := e.store.AuditChain(ctx, sc.ID)
			last := c.Events[len(c.Events)-1]
			exec(t, db, `DELETE FROM audit_events WHERE chain = $1 AND seq = $2`, sc.ID, last.Seq)
			return last.Seq
		}, true},
		{"the last event deleted, the head moved back, and the chain grown again", scanChain,
			func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
				c, _ := e.store.AuditChain(ctx, sc.ID)
				last := c.Events[len(c.Events)-1]
				exec(t, db, `DELETE FROM audit_events WHERE chain = $1 AND seq = $2`, sc.ID, last.Seq)
				exec(t, db, `UPDATE audit_heads SET seq = $1, hash = $2 WHERE chain = $3`, last.Seq-1, last.PrevHash, sc.ID)
				// The service goes on: a new, validly sealed event takes the
				// deleted one's place.
				if _, err := e.svc.Questionnaire(ctx, e.adviser, sc.ID); err != nil {
					t.Fatal(err)
				}
				return last.Seq
			}, false},
		{"a whole chain deleted with its head", func(*domain.Scan) string { return domain.SystemChain },
			func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
				exec(t, db, `DELETE FROM audit_events WHERE chain = $1`, domain.SystemChain)
				exec(t, db, `DELETE FROM audit_heads WHERE chain = $1`, domain.SystemChain)
				return 1
			}, false},
		{"a scan's whole chain deleted before any checkpoint", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			exec(t, db, `DELETE FROM audit_events WHERE chain = $1`, sc.ID)
			exec(t, db, `DELETE FROM audit_heads WHERE chain = $1`, sc.ID)
			return 1
		}, true},
		{"the state changed", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			exec(t, db, `UPDATE scans SET state = 'delivered' WHERE id = $1`, sc.ID)
			return 0
		}, false},
		{"the version changed", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			exec(t, db, `UPDATE scans SET version = version + 1 WHERE id = $1`, sc.ID)
			return 0
		}, false},
		{"the adviser changed", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, other string) int {
			exec(t, db, `UPDATE scans SET adviser_id = $1 WHERE id = $2`, other, sc.ID)
			return 0
		}, false},
		{"a history row changed", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			exec(t, db, `UPDATE scan_history SET to_state = 'closed' WHERE id = (SELECT max(id) FROM scan_history WHERE scan_id = $1)`, sc.ID)
			return 0
		}, false},
		{"a history row deleted", scanChain, func(t *testing.T, e *env, db *sql.DB, sc *domain.Scan, _ string) int {
			exec(t, db, `DELETE FROM scan_history WHERE id = (SELECT max(id) FROM scan_history WHERE scan_id = $1)`, sc.ID)
			return 0
		}, false},
	}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			for _, tt := range tampers {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					e := setup(t, d)
					other, _, err := e.svc.AddUser(ctx, "Gemeente Zuidhaven", domain.RoleAdviser, "Ander", "b@example.nl")
					if err != nil {
						t.Fatal(err)
					}
					sc := e.start(t)
					for range 3 {
						if _, err := e.svc.Questionnaire(ctx, e.adviser, sc.ID); err != nil {
							t.Fatal(err)
						}
					}
					e.answerAll(t, sc.ID)
					if _, err := e.svc.Authenticate(ctx, "unknown"); err == nil {
						t.Fatal("an unknown token authenticated")
					}
					admin := domain.Actor{UserID: "cli", Role: domain.RoleAdmin}
					if _, breaks, err := e.svc.VerifyAudit(ctx, admin); err != nil || len(breaks) != 0 {
						t.Fatalf("before tampering: %v, %v", breaks, err)
					}
					if !tt.noCheckpoint {
						checkpoint(t, e)
					}
					seq := tt.do(t, e, intruder(t, d, e.dsn), sc, other.ID)
					_, breaks, err := e.svc.VerifyAudit(ctx, admin)
					if err != nil {
						t.Fatal(err)
					}
					want := tt.chain(sc)
					found := false
					for _, b := range breaks {
						found = found || (b.Chain == want && (seq == 0 || b.Seq == seq))
					}
					if !found {
						t.Fatalf("verify did not report chain %s at event %d: %v", want, seq, breaks)
					}
				})
			}
		})
	}
}

// checkpoint writes the chains' heads to the checkpoint file.
func checkpoint(t *testing.T, e *env) {
	t.Helper()
	if n, err := e.svc.CheckpointAudit(ctx); err != nil || n == 0 {
		t.Fatalf("checkpoint: %d chains, %v", n, err)
	}
}

// Verify reads a chain a page at a time, and still finds a change in a
// later page.
func TestAuditVerifyPaged(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			templates, err := configs.Templates()
			if err != nil {
				t.Fatal(err)
			}
			const page = 2
			svc, err := workflow.New(e.store, e.mail, workflow.Config{Templates: templates, ActiveTemplate: "2026-1",
				Renderer: e.renderer, AuditKeys: storetest.AuditKeys(), AuditPageSize: page})
			if err != nil {
				t.Fatal(err)
			}
			sc := e.start(t)
			for range 5 {
				if _, err := e.svc.Questionnaire(ctx, e.adviser, sc.ID); err != nil {
					t.Fatal(err)
				}
			}
			c, _ := e.store.AuditChain(ctx, sc.ID)
			if len(c.Events) <= 3*page {
				t.Fatalf("the chain has %d events, want more than %d pages", len(c.Events), 3)
			}
			admin := domain.Actor{UserID: "cli", Role: domain.RoleAdmin}
			if _, breaks, err := svc.VerifyAudit(ctx, admin); err != nil || len(breaks) != 0 {
				t.Fatalf("intact chain in pages: %v, %v", breaks, err)
			}
			target := len(c.Events) - 1 // in the last full page or after
			exec(t, intruder(t, d, e.dsn), `UPDATE audit_events SET source = '203.0.113.9' WHERE chain = $1 AND seq = $2`, sc.ID, target)
			_, breaks, err := svc.VerifyAudit(ctx, admin)
			if err != nil || len(breaks) != 1 || breaks[0].Chain != sc.ID || breaks[0].Seq != target {
				t.Fatalf("breaks = %v, %v; want chain %s at %d", breaks, err, sc.ID, target)
			}
		})
	}
}

// A checkpoint line changed without the key is reported.
func TestAuditCheckpointLineAltered(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			sc := e.start(t)
			checkpoint(t, e)
			file := e.checkpointFile
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// Change the checkpointed seq of the scan's chain, without the key.
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			changed := false
			for i, l := range lines {
				if strings.Contains(l, sc.ID) {
					lines[i] = strings.Replace(l, `"seq":`, `"seq":1`, 1)
					changed = true
				}
			}
			if !changed {
				t.Fatalf("no checkpoint of chain %s in %q", sc.ID, b)
			}
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, breaks, err := e.svc.VerifyAudit(ctx, domain.Actor{UserID: "cli", Role: domain.RoleAdmin})
			if err != nil || len(breaks) != 1 || breaks[0].Chain != "checkpoints" || !strings.Contains(breaks[0].Reason, "MAC") {
				t.Fatalf("breaks = %v, %v", breaks, err)
			}
		})
	}
}

// On PostgreSQL TRUNCATE fires no row trigger; the audit tables refuse it
// on its own, and refuse deleting a head.
func TestAuditTruncateRefused(t *testing.T) {
	t.Parallel()
	e := setup(t, storetest.Postgres)
	e.start(t)
	db, err := sql.Open("pgx", e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`TRUNCATE audit_events, audit_heads`, `TRUNCATE audit_events`, `TRUNCATE audit_heads`,
		`TRUNCATE audit_refusals`, `DELETE FROM audit_heads`, `UPDATE audit_heads SET seq = seq - 1`} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", q, err)
		}
	}
	if _, breaks, err := e.svc.VerifyAudit(ctx, domain.Actor{UserID: "cli", Role: domain.RoleAdmin}); err != nil || len(breaks) != 0 {
		t.Fatalf("after the refused statements: %v, %v", breaks, err)
	}
}
