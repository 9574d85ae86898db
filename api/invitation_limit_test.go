package api_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"basisscan/api"
	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

const badCode = "/api/v1/invitations/wrong-code-guess/accept"

// invite starts a scan and returns its invitation code, not yet used.
func (e *env) invite(t *testing.T) string {
	t.Helper()
	n := e.seq.Add(1)
	r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody(fmt.Sprintf("uitnodiging%d@example.nl", n), e.adviser.Email)).
		want(t, http.StatusCreated)
	_, code := e.mail.invitation(t, decode[scanBody](t, r).Reference)
	return code
}

// sendFrom posts to p from the loopback address local (127.x.y.z), so that
// the server sees that peer address.
func (e *env) sendFrom(t *testing.T, local, p string) reply {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
	u, err := url.JoinPath(e.srv.URL, p)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Post(u, "", nil)
	if err != nil {
		t.Fatalf("POST %s from %s: %v", p, local, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{Method: "POST", Path: p, Status: resp.StatusCode, Header: resp.Header, Body: b}
	if r.Status >= 400 {
		checkProblem(t, r)
	}
	return r
}

// A valid code is never refused because of failures from the same address:
// behind a reverse proxy all candidates share one. Bad codes from it are
// answered 429 after ten.
func TestInvitationValidCodeAfterBadOnes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		code := e.invite(t)
		for range 10 {
			e.do(t, "POST", badCode, "", nil).want(t, http.StatusNotFound)
		}
		r := e.do(t, "POST", badCode, "", nil).want(t, http.StatusTooManyRequests)
		if r.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		e.do(t, "POST", "/api/v1/invitations/"+code+"/accept", "", nil).want(t, http.StatusOK)
		// A used code is unknown again, and limited as such.
		e.do(t, "POST", "/api/v1/invitations/"+code+"/accept", "", nil).want(t, http.StatusTooManyRequests)
	})
}

// Failures are counted exactly, also when they arrive at once.
func TestInvitationFailuresCountedExactly(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		reqs := make([]func() (reply, error), 200)
		for i := range reqs {
			reqs[i] = func() (reply, error) { return e.send("POST", badCode, "", nil) }
		}
		counts := map[int]int{}
		for _, r := range e.race(t, reqs...) {
			counts[r.Status]++
		}
		if counts[http.StatusNotFound] != 10 || counts[http.StatusTooManyRequests] != 190 {
			t.Fatalf("200 parallel bad codes: %v, want 10 × 404 and 190 × 429", counts)
		}
	})
}

// Failures from all addresses together are limited too (default 100 a
// minute), so rotating source addresses buys no more guesses; a valid code
// is still accepted.
func TestInvitationFailuresLimitedOverall(t *testing.T) {
	// Linux routes all of 127.0.0.0/8 to the loopback interface; other
	// systems may need aliases for it.
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no loopback address 127.0.0.2 to send from: %v", err)
	}
	l.Close()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		code := e.invite(t)
		counts := map[int]int{}
		for i := range 110 {
			counts[e.sendFrom(t, fmt.Sprintf("127.0.%d.%d", i/200+1, i%200+1), badCode).Status]++
		}
		if counts[http.StatusNotFound] != 100 || counts[http.StatusTooManyRequests] != 10 {
			t.Fatalf("110 bad codes from as many addresses: %v, want 100 × 404 and 10 × 429", counts)
		}
		if r := e.sendFrom(t, "127.0.9.9", "/api/v1/invitations/"+code+"/accept"); r.Status != http.StatusOK {
			t.Fatalf("valid code under the overall limit: %d", r.Status)
		}
		// The allowance refills at its rate: 100 a minute is one each 0.6 s.
		e.clock.Advance(time.Second)
		if r := e.sendFrom(t, "127.0.9.10", badCode); r.Status != http.StatusNotFound {
			t.Fatalf("bad code after the overall allowance refilled one: %d", r.Status)
		}
		if r := e.sendFrom(t, "127.0.9.11", badCode); r.Status != http.StatusTooManyRequests {
			t.Fatalf("second bad code after one refill: %d", r.Status)
		}
	})
}

// X-Forwarded-For names the client only when the direct peer is a
// configured trusted proxy; the limiter and the audit trail use that client.
func TestInvitationForwardedFor(t *testing.T) {
	forwarded := func(ip string) []string { return []string{"X-Forwarded-For", ip} }
	t.Run("ignored from an untrusted peer", func(t *testing.T) {
		eachDialect(t, func(t *testing.T, d storetest.Dialect) {
			e := setup(t, d)
			for i := range 10 {
				e.do(t, "POST", badCode, "", nil, forwarded(fmt.Sprintf("203.0.113.%d", i+1))...).want(t, http.StatusNotFound)
			}
			e.do(t, "POST", badCode, "", nil, forwarded("203.0.113.99")...).want(t, http.StatusTooManyRequests)
			if src := e.auditSource(t, forwarded("198.51.100.9")); src != "127.0.0.1" {
				t.Errorf("audit source = %q, want the peer 127.0.0.1", src)
			}
		})
	})
	t.Run("honoured from a trusted proxy", func(t *testing.T) {
		eachDialect(t, func(t *testing.T, d storetest.Dialect) {
			e := setupWith(t, d, func(s *api.Server) { s.TrustedProxies = []string{"127.0.0.1/32", "::1"} })
			for range 10 {
				e.do(t, "POST", badCode, "", nil, forwarded("203.0.113.7")...).want(t, http.StatusNotFound)
			}
			e.do(t, "POST", badCode, "", nil, forwarded("203.0.113.7")...).want(t, http.StatusTooManyRequests)
			e.do(t, "POST", badCode, "", nil, forwarded("203.0.113.8")...).want(t, http.StatusNotFound)
			if src := e.auditSource(t, forwarded("198.51.100.9")); src != "198.51.100.9" {
				t.Errorf("audit source = %q, want the forwarded client 198.51.100.9", src)
			}
		})
	})
}

// auditSource has the adviser read a scan's answers with the headers and
// returns the source address the audit trail recorded for that read.
func (e *env) auditSource(t *testing.T, headers []string) string {
	t.Helper()
	s := e.scanIn(t, domain.StateInterview)
	r := e.do(t, "GET", s.p("/questionnaire"), s.Adviser.Token, nil, headers...).want(t, http.StatusOK)
	id := r.Header.Get("X-Request-Id")
	for _, ev := range decode[auditTrailWithRefusals](t, e.do(t, "GET", s.p("/audit"), s.Adviser.Token, nil).want(t, http.StatusOK)).Items {
		if ev.RequestID == id {
			return ev.Source
		}
	}
	t.Fatalf("no audit event for request %s", id)
	return ""
}
