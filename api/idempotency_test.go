package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// mailsTo counts the messages sent to the address.
func (e *env) mailsTo(address string) int {
	n := 0
	for _, m := range e.mail.all() {
		if m.To == address {
			n++
		}
	}
	return n
}

// scanCount is how many scans the formateur sees.
func (e *env) scanCount(t *testing.T) int {
	t.Helper()
	return len(decode[listBody[scanBody]](t, e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusOK)).Items)
}

// postUntilDone posts until the answer is not a 409 of a request in
// flight, as a client honouring Retry-After would (faster, for the test).
func (e *env) postUntilDone(t *testing.T, base, p, token string, body any, headers ...string) (reply, error) {
	for range 400 {
		r, err := e.sendTo(base, "POST", p, token, body, headers...)
		if err != nil || r.Status != http.StatusConflict || r.Header.Get("Retry-After") == "" {
			return r, err
		}
		time.Sleep(25 * time.Millisecond)
	}
	return reply{}, fmt.Errorf("POST %s: still in flight", p)
}

// Twenty identical POST /scans with one key at once create one scan and
// send one invitation; every one of them gets the first response, and all
// but the first say it is replayed.
func TestIdempotentParallelCreates(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		before := e.scanCount(t)
		const address = "gelijktijdig@example.nl"
		body := createBody(address, e.adviser.Email)
		replies := make([]reply, 20)
		var wg sync.WaitGroup
		for i := range replies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.postUntilDone(t, e.srv.URL, "/api/v1/scans", e.formateur.Token, body, "Idempotency-Key", "aanvraag-2026-0042")
				if err != nil {
					t.Error(err)
				}
				replies[i] = r
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		first := 0
		for _, r := range replies {
			r.want(t, http.StatusCreated)
			if !bytes.Equal(r.Body, replies[0].Body) {
				t.Errorf("replies differ:\n%s\n%s", r.Body, replies[0].Body)
			}
			for _, h := range []string{"Location", "ETag", "Content-Type"} {
				if r.Header.Get(h) != replies[0].Header.Get(h) || r.Header.Get(h) == "" {
					t.Errorf("%s: %q and %q", h, r.Header.Get(h), replies[0].Header.Get(h))
				}
			}
			switch r.Header.Get("Idempotent-Replayed") {
			case "":
				first++
			case "true":
			default:
				t.Errorf("Idempotent-Replayed: %q", r.Header.Get("Idempotent-Replayed"))
			}
		}
		if first != 1 {
			t.Errorf("%d replies not replayed, want 1", first)
		}
		if got := e.scanCount(t); got != before+1 {
			t.Errorf("%d scans created, want 1", got-before)
		}
		if n := e.mailsTo(address); n != 1 {
			t.Errorf("%d invitations sent, want 1", n)
		}
	})
}

// The same key with another body, or on another route, is another request:
// 422, and nothing is created. Keys are per caller: another user's same
// key is theirs.
func TestIdempotencyKeyReused(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		key := []string{"Idempotency-Key", "sleutel-1"}
		e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("eerste@example.nl", e.adviser.Email), key...).want(t, http.StatusCreated)
		before := e.scanCount(t)
		p := problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("tweede@example.nl", e.adviser.Email), key...),
			http.StatusUnprocessableEntity)
		if !strings.Contains(p.Detail, "Idempotency-Key") {
			t.Errorf("detail %q", p.Detail)
		}
		if e.scanCount(t) != before || e.mailsTo("tweede@example.nl") != 0 {
			t.Error("a reused key created a scan")
		}
		// Another caller's key of the same name is another key.
		e.do(t, "POST", "/api/v1/scans", e.formateur2.Token, createBody("derde@example.nl", e.adviser2.Email), key...).want(t, http.StatusCreated)
	})
}

// A retry while the first request runs is 409 with Retry-After and runs
// nothing; once the first is done, the retry gets its response. A claim
// whose request died (its lease ended without a response) is taken over.
func TestIdempotencyKeyInFlight(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		st, dsn := openStoreDSN(t, d)
		e := setupOn(t, st, nil)

		t.Run("claimed elsewhere", func(t *testing.T) {
			// The claim of a request running on another instance.
			now := e.clock.Now()
			claimed, _, err := e.store.ClaimIdempotencyKey(context.Background(), domain.IdempotencyClaim{
				ActorID: e.formateur.ID, Key: "onderweg", Token: "elders", Fingerprint: []byte("elders"),
				Now: now, LeaseEnds: now.Add(2 * time.Minute), ExpiresAt: now.Add(24 * time.Hour)})
			if err != nil || !claimed {
				t.Fatalf("claim: %v, %v", claimed, err)
			}
			before := e.scanCount(t)
			r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("onderweg@example.nl", e.adviser.Email), "Idempotency-Key", "onderweg")
			problemOf(t, r, http.StatusConflict)
			if r.Header.Get("Retry-After") == "" {
				t.Error("409 without Retry-After")
			}
			if e.scanCount(t) != before {
				t.Error("a request in flight ran twice")
			}
			// The lease ends without a response: that request died.
			e.clock.Advance(2*time.Minute + time.Second)
			e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("onderweg@example.nl", e.adviser.Email), "Idempotency-Key", "onderweg").
				want(t, http.StatusCreated)
		})

		t.Run("running here", func(t *testing.T) {
			if d == storetest.SQLite {
				// SQLite runs one transaction at a time: the retry waits
				// for the first request's, and then gets its response.
				t.Skip("the retry waits for SQLite's one connection")
			}
			// The first request is held inside its transaction: the test
			// locks the organisation's row, and inserting the scan waits for
			// it (its foreign key takes a share lock on that row).
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			keys := func() int {
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM idempotency_keys`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			claimedBefore := keys()
			lock, err := db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = lock.Rollback() }()
			if _, err := lock.Exec(`SELECT id FROM organisations WHERE name = $1 FOR UPDATE`, orgA); err != nil {
				t.Fatal(err)
			}
			body := createBody("vastgehouden@example.nl", e.adviser.Email)
			key := []string{"Idempotency-Key", "vastgehouden"}
			done := make(chan reply, 1)
			go func() {
				r, err := e.send("POST", "/api/v1/scans", e.formateur.Token, body, key...)
				if err != nil {
					t.Error(err)
				}
				done <- r
			}()
			// In flight once its key is claimed.
			for deadline := time.Now().Add(30 * time.Second); keys() == claimedBefore; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the first request never claimed its key")
				}
			}
			r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body, key...)
			problemOf(t, r, http.StatusConflict)
			if r.Header.Get("Retry-After") == "" {
				t.Error("409 without Retry-After")
			}
			if err := lock.Rollback(); err != nil {
				t.Fatal(err)
			}
			first := (<-done).want(t, http.StatusCreated)
			again := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body, key...).want(t, http.StatusCreated)
			if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("retry after the first finished: %s", again)
			}
			if n := e.mailsTo("vastgehouden@example.nl"); n != 1 {
				t.Errorf("%d invitations, want 1", n)
			}
		})
	})
}

// A key is remembered for 24 hours: then the same request runs anew, and
// the stored response is gone from the database.
func TestIdempotencyKeyExpires(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		key := []string{"Idempotency-Key", "een-dag"}
		first := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("dag1@example.nl", e.adviser.Email), key...).want(t, http.StatusCreated)
		e.clock.Advance(23 * time.Hour)
		again := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("dag1@example.nl", e.adviser.Email), key...).want(t, http.StatusCreated)
		if again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatal("not replayed within the day")
		}
		e.clock.Advance(time.Hour)
		if n, err := e.store.PurgeIdempotencyKeys(context.Background(), e.clock.Now()); err != nil || n != 1 {
			t.Fatalf("purge after 24 hours: %d, %v", n, err)
		}
		later := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("dag2@example.nl", e.adviser.Email), key...).want(t, http.StatusCreated)
		if later.Header.Get("Idempotent-Replayed") != "" || decode[scanBody](t, later).ID == decode[scanBody](t, first).ID {
			t.Errorf("an expired key replayed: %s", later)
		}
	})
}

// A key is 1 to 255 printable ASCII characters; anything else is 400 and
// creates nothing.
func TestIdempotencyKeySyntax(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		before := e.scanCount(t)
		for name, k := range map[string]string{
			"empty": "", "too long": strings.Repeat("k", 256), "tab": "a\tb", "not ASCII": "sleutel-é",
		} {
			t.Run(name, func(t *testing.T) {
				problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("syntax@example.nl", e.adviser.Email), "Idempotency-Key", k),
					http.StatusBadRequest)
			})
		}
		if e.scanCount(t) != before {
			t.Error("a request with a bad key created a scan")
		}
		e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("syntax@example.nl", e.adviser.Email),
			"Idempotency-Key", strings.Repeat("k", 254)+"~").want(t, http.StatusCreated)
	})
}

// The other creating requests take a key too: a user, a clarification
// request and the interview are each made once.
func TestIdempotentOtherCreates(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)

		t.Run("user", func(t *testing.T) {
			t.Parallel()
			body := map[string]string{"role": "formateur", "name": "Nieuwe Formateur", "email": "nieuw@zuidhaven.nl"}
			key := []string{"Idempotency-Key", "gebruiker-1"}
			first := e.do(t, "POST", "/api/v1/users", e.admin.Token, body, key...).want(t, http.StatusCreated)
			again := e.do(t, "POST", "/api/v1/users", e.admin.Token, body, key...).want(t, http.StatusCreated)
			if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Location") != first.Header.Get("Location") ||
				again.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replay %s of %s", again, first)
			}
			if n := e.mailsTo("nieuw@zuidhaven.nl"); n != 1 {
				t.Errorf("%d sign-in mails, want 1", n)
			}
		})

		for _, c := range []struct {
			name, suffix string
			body         any
		}{
			{"clarification", "/clarifications", map[string]any{"questions": []string{"cv_werkervaring"}, "note": "Graag toelichten."}},
			{"interview", "/interview", map[string]any{"held_on": today, "summary": "Gesprek.", "attendees": attendees}},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, domain.StateInterview)
				key := []string{"Idempotency-Key", c.name}
				first := e.do(t, "POST", s.p(c.suffix), s.Adviser.Token, c.body, key...).want(t, http.StatusOK)
				after := e.get(t, s)
				again := e.do(t, "POST", s.p(c.suffix), s.Adviser.Token, c.body, key...).want(t, http.StatusOK)
				if !bytes.Equal(first.Body, again.Body) || again.Header.Get("ETag") != first.Header.Get("ETag") ||
					again.Header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("replay %s of %s", again, first)
				}
				e.unchanged(t, s, after)
			})
		}

		t.Run("failure is not kept", func(t *testing.T) {
			t.Parallel()
			// A refused request changed nothing: the key is free for the
			// corrected request.
			key := []string{"Idempotency-Key", "eerst-fout"}
			bad := createBody("fout@example.nl", "onbekend@example.nl")
			problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, bad, key...), http.StatusUnprocessableEntity)
			problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, bad, key...), http.StatusUnprocessableEntity)
			e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("fout@example.nl", e.adviser.Email), key...).want(t, http.StatusCreated)
		})
	})
}

// Two instances on one database share the keys and the limits on failed
// codes: a retry answered by the other instance is replayed, and failures
// on one count on the other.
func TestTwoInstancesShareKeysAndLimits(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		other := httptest.NewServer(e.newServer().Handler())
		t.Cleanup(other.Close)

		body := createBody("twee@example.nl", e.adviser.Email)
		key := []string{"Idempotency-Key", "twee-instanties"}
		first := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body, key...).want(t, http.StatusCreated)
		again, err := e.sendTo(other.URL, "POST", "/api/v1/scans", e.formateur.Token, body, key...)
		if err != nil {
			t.Fatal(err)
		}
		again.want(t, http.StatusCreated)
		if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the other instance ran it again: %s", again)
		}
		if r, _ := e.sendTo(other.URL, "POST", "/api/v1/scans", e.formateur.Token, createBody("drie@example.nl", e.adviser.Email), key...); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("another body on the other instance: %s", r)
		}

		// Ten failures from one address on this instance; the eleventh, on
		// the other, is refused.
		for i := range 10 {
			if r := e.do(t, "POST", badCode, "", nil); r.Status != http.StatusNotFound {
				t.Fatalf("failure %d: %s", i+1, r)
			}
		}
		r, err := e.sendTo(other.URL, "POST", badCode, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("the other instance after ten failures: %s", r)
		}
	})
}
