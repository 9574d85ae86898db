package gormstore_test

import (
	"database/sql"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Refusals recorded at once, while another connection holds the write lock,
// are each counted: none is lost to a busy database.
func TestRefusalsCountedUnderALock(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st, dsn := storetest.New(t, d)
			driver, lock := "sqlite", `BEGIN IMMEDIATE`
			if d == storetest.Postgres {
				driver, lock = "pgx", `BEGIN; LOCK TABLE audit_refusals IN EXCLUSIVE MODE`
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.ExecContext(ctx, lock); err != nil {
				t.Fatal(err)
			}
			const n = 32
			minute := t0.Truncate(time.Minute)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := domain.Refusal{Minute: minute, ActorID: "outsider", ActorRole: domain.RoleAdviser, Action: "read_scan",
						Object: "scan", Source: "192.0.2.1"}
					if i%2 == 1 {
						r.Action = "authenticate"
					}
					if err := st.RecordRefusal(ctx, r); err != nil {
						t.Errorf("refusal %d: %v", i, err)
					}
				}()
			}
			time.Sleep(300 * time.Millisecond)
			if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
				t.Fatal(err)
			}
			wg.Wait()
			rs, err := st.Refusals(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, r := range rs {
				total += r.Count
				if r.Count != n/2 || !r.Minute.Equal(minute) {
					t.Errorf("refusal row %+v, want count %d in minute %v", r, n/2, minute)
				}
			}
			if total != n || len(rs) != 2 {
				t.Fatalf("%d refusals in %d rows, want %d in 2", total, len(rs), n)
			}
		})
	}
}
