package main

import (
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"

	"basisscan/workflow/gormstore/storetest"
	"basisscan/workflow/webhooks"
)

// The service delivers webhooks itself, through the outbox: a receiver on
// loopback that fails first gets the event again and takes it, signed with
// the registered secret; and a delivery committed but not yet made when the
// service is killed -9 is made after the restart.
func TestWebhooksDeliveredThroughTheOutbox(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			status := []int{http.StatusInternalServerError}
			var got []*http.Request
			var bodies [][]byte
			recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				got, bodies = append(got, r), append(bodies, b)
				code := http.StatusOK
				if len(status) > 0 {
					code = status[0]
					if len(status) > 1 || code != http.StatusServiceUnavailable {
						status = status[1:]
					}
				}
				mu.Unlock()
				w.WriteHeader(code)
			}))
			defer recv.Close()

			dsn := storetest.DSN(t, dialect)
			d := newDeployment(t, dsn)
			d.env = append(d.env, "BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK=true")
			base := d.startInstances(1)[0]
			d.mustCLI("org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente")
			admin := d.mustCLI("user", "add", "--org", "Gemeente Zuidhaven", "--role", "admin", "--name", "Anna Beheer", "--email", "beheer@zuidhaven.nl")
			formateur := d.mustCLI("user", "add", "--org", "Gemeente Zuidhaven", "--role", "formateur", "--name", "Fatima de Vries", "--email", "formateur@zuidhaven.nl")
			d.mustCLI("user", "add", "--org", "Gemeente Zuidhaven", "--role", "adviser", "--name", "Arjen Bakker", "--email", "adviseur@zuidhaven.nl")

			code, _, hook := send(t, "POST", base+"/api/v1/webhooks", admin, map[string]string{"url": recv.URL + "/events"})
			if code != http.StatusCreated {
				t.Fatalf("register webhook: %d %v", code, hook)
			}
			secret, err := webhooks.ParseSecret(hook["secret"].(string))
			if err != nil {
				t.Fatal(err)
			}
			deliveries := func() []map[string]any {
				_, _, out := send(t, "GET", base+"/api/v1/webhooks/"+hook["id"].(string)+"/deliveries", admin, nil)
				var ds []map[string]any
				for _, it := range out["items"].([]any) {
					ds = append(ds, it.(map[string]any))
				}
				return ds
			}
			waitFor := func(what string, ok func([]map[string]any) bool) []map[string]any {
				t.Helper()
				for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
					ds := deliveries()
					if ok(ds) {
						return ds
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s: deliveries %v", what, ds)
					}
				}
			}

			code, _, sc := send(t, "POST", base+"/api/v1/scans", formateur, map[string]any{
				"candidate": map[string]string{"name": "Eva Ëlberts", "email": "eva@example.nl"}, "office": "wethouder",
				"adviser_email": "adviseur@zuidhaven.nl", "planned_appointment_date": time.Now().AddDate(0, 0, 30).Format("2006-01-02")})
			if code != http.StatusCreated {
				t.Fatalf("start: %d %v", code, sc)
			}
			ds := waitFor("the start's event, after a 500", func(ds []map[string]any) bool {
				return len(ds) == 1 && ds[0]["status"] == "delivered"
			})
			if ds[0]["attempts"].(float64) != 2 || ds[0]["to_state"] != "intake" || ds[0]["scan_id"] != sc["id"] {
				t.Errorf("the delivered start: %v", ds[0])
			}
			mu.Lock()
			for i, r := range got {
				if err := webhooks.Verify(secret, r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature"),
					bodies[i], time.Now()); err != nil {
					t.Errorf("post %d: %v", i, err)
				}
				if strings.Contains(string(bodies[i]), "eva@example.nl") || strings.Contains(string(bodies[i]), "Eva") {
					t.Errorf("the event holds personal data: %s", bodies[i])
				}
			}
			// The receiver goes down; the service is killed with the next
			// event committed and not yet delivered.
			status = []int{http.StatusServiceUnavailable}
			mu.Unlock()
			if code, _, out := send(t, "POST", base+"/api/v1/scans/"+sc["id"].(string)+"/cancel", formateur,
				map[string]string{"reason": "De kandidaat ziet af."}); code != http.StatusOK {
				t.Fatalf("cancel: %d %v", code, out)
			}
			waitFor("a failed attempt of the cancel's event", func(ds []map[string]any) bool {
				return len(ds) == 2 && ds[0]["status"] == "pending" && ds[0]["attempts"].(float64) >= 1
			})
			// Killed once River has recorded the failure: a job killed while
			// it runs is rescued only after five minutes (at least once).
			driver := "sqlite"
			if dialect == storetest.Postgres {
				driver = "pgx"
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'webhook' AND state = 'retryable'`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the failed attempt is not recorded as retryable")
				}
			}
			p := d.procs[0]
			_ = p.Process.Kill()
			_ = p.Wait()
			mu.Lock()
			status = nil
			mu.Unlock()
			base = d.startInstances(1)[0]
			ds = waitFor("the cancel's event after the restart", func(ds []map[string]any) bool {
				return len(ds) == 2 && ds[0]["status"] == "delivered"
			})
			if ds[0]["to_state"] != "cancelled" || ds[0]["from_state"] != "intake" {
				t.Errorf("the delivered cancel: %v", ds[0])
			}
		})
	}
}
