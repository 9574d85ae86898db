package gormstore_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// storeResponse claims key for an actor and stores body as its response.
// It returns the claim, to ask for the key again.
func storeResponse(t *testing.T, st *gormstore.Store, key string, body []byte) domain.IdempotencyClaim {
	t.Helper()
	c := domain.IdempotencyClaim{ActorID: "actor", Key: key, Token: "t1", Fingerprint: []byte("POST /x {}"),
		Now: t0, LeaseEnds: t0.Add(time.Minute), ExpiresAt: t0.Add(24 * time.Hour)}
	if claimed, _, err := st.ClaimIdempotencyKey(ctx, c); err != nil || !claimed {
		t.Fatalf("claim %s: %v, %v", key, claimed, err)
	}
	if err := st.CompleteIdempotencyKey(ctx, c, domain.IdempotentResponse{Status: 201, Body: body,
		Header: map[string]string{"Location": "/api/v1/scans/x"}}); err != nil {
		t.Fatalf("complete %s: %v", key, err)
	}
	c.Token = "t2"
	return c
}

func TestIdempotencyStore(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()

			t.Run("the response is sealed, the key and body hashed", func(t *testing.T) {
				t.Parallel()
				st, dsn := storetest.New(t, d)
				storeResponse(t, st, "GEHEIME-SLEUTEL", []byte(`{"email":"GEHEIM@example.nl"}`))
				for _, q := range []string{"SELECT id FROM idempotency_keys", "SELECT fingerprint FROM idempotency_keys",
					"SELECT response FROM idempotency_keys"} {
					for _, v := range column(t, d, dsn, q) {
						if strings.Contains(v, "GEHEIM") || strings.Contains(v, "POST") || strings.Contains(v, "actor") {
							t.Errorf("%s holds plain text: %q", q, v)
						}
					}
				}
				if v := column(t, d, dsn, "SELECT response FROM idempotency_keys"); len(v) != 1 || !strings.HasPrefix(v[0], "v1.") {
					t.Errorf("response not sealed: %q", v)
				}
			})

			t.Run("of concurrent claims one wins", func(t *testing.T) {
				t.Parallel()
				st := storetest.Open(t, d)
				var (
					wg  sync.WaitGroup
					mu  sync.Mutex
					won int
				)
				for i := range 20 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						claimed, rec, err := st.ClaimIdempotencyKey(ctx, domain.IdempotencyClaim{ActorID: "a", Key: "k",
							Token: string(rune('a' + i)), Fingerprint: []byte("same"), Now: t0, LeaseEnds: t0.Add(time.Minute),
							ExpiresAt: t0.Add(24 * time.Hour)})
						if err != nil || (!claimed && (rec == nil || !rec.SameRequest || rec.Response != nil)) {
							t.Errorf("claim: %v, %+v, %v", claimed, rec, err)
						}
						if claimed {
							mu.Lock()
							won++
							mu.Unlock()
						}
					}()
				}
				wg.Wait()
				if won != 1 {
					t.Fatalf("%d claims won, want 1", won)
				}
			})

			t.Run("a stale claim cannot complete, a released one is free", func(t *testing.T) {
				t.Parallel()
				st := storetest.Open(t, d)
				c := domain.IdempotencyClaim{ActorID: "a", Key: "k", Token: "first", Fingerprint: []byte("f"),
					Now: t0, LeaseEnds: t0.Add(time.Minute), ExpiresAt: t0.Add(24 * time.Hour)}
				if ok, _, err := st.ClaimIdempotencyKey(ctx, c); !ok || err != nil {
					t.Fatalf("claim: %v, %v", ok, err)
				}
				// The lease ends; another request takes the key over.
				later := c
				later.Token, later.Now, later.LeaseEnds = "second", t0.Add(2*time.Minute), t0.Add(3*time.Minute)
				if ok, _, err := st.ClaimIdempotencyKey(ctx, later); !ok || err != nil {
					t.Fatalf("take-over: %v, %v", ok, err)
				}
				if err := st.CompleteIdempotencyKey(ctx, c, domain.IdempotentResponse{Status: 201}); err == nil {
					t.Error("the first claimant stored its response over the take-over")
				}
				if err := st.ReleaseIdempotencyKey(ctx, c); err != nil {
					t.Fatal(err)
				}
				if ok, rec, err := st.ClaimIdempotencyKey(ctx, later); ok || err != nil || rec == nil {
					t.Fatalf("the first claimant's release freed the second's claim: %v, %+v, %v", ok, rec, err)
				}
				if err := st.ReleaseIdempotencyKey(ctx, later); err != nil {
					t.Fatal(err)
				}
				if ok, _, err := st.ClaimIdempotencyKey(ctx, later); !ok || err != nil {
					t.Fatalf("claim after release: %v, %v", ok, err)
				}
			})

			t.Run("erasing the scan forgets its response", func(t *testing.T) {
				t.Parallel()
				st, dsn := storetest.New(t, d)
				f := newFixture(t, st)
				sc := f.create(t, st, "vergeet@example.nl", "code-i")
				c := domain.IdempotencyClaim{ActorID: f.formateur.ID, Key: "k", Token: "t", Fingerprint: []byte("f"),
					Now: t0, LeaseEnds: t0.Add(time.Minute), ExpiresAt: t0.Add(24 * time.Hour)}
				if ok, _, err := st.ClaimIdempotencyKey(ctx, c); !ok || err != nil {
					t.Fatalf("claim: %v, %v", ok, err)
				}
				if err := st.CompleteIdempotencyKey(ctx, c, domain.IdempotentResponse{Status: 201, Body: []byte("x"), ScanID: sc.ID}); err != nil {
					t.Fatal(err)
				}
				audit := domain.AuditEvent{ActorID: "cli", ActorRole: domain.RoleAdmin, Action: "purge", Object: "scan", Result: domain.AuditOK, At: t0}
				if done, err := st.PurgeScan(ctx, sc.ID, t0.Add(time.Hour), audit); err != nil || !done {
					t.Fatalf("purge = %v, %v", done, err)
				}
				if v := column(t, d, dsn, "SELECT id FROM idempotency_keys"); len(v) != 0 {
					t.Errorf("the response to the erased scan's creation is kept: %d rows", len(v))
				}
			})
		})
	}
}
