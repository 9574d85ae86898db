package api_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// pgProxy forwards loopback TCP connections to PostgreSQL until cut: a
// database outage the test can start and end, without stopping the server
// other tests use.
type pgProxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *pgProxy {
	t.Helper()
	p := &pgProxy{target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *pgProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// cut stops listening and drops every open connection: the database is gone.
func (p *pgProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address: the database is back.
func (p *pgProxy) restore(t *testing.T) {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the port was just closed; it is ours again at once on Linux
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestDatabaseOutageIs503 cuts the connection to PostgreSQL under a running
// service: every request that needs the database answers 503 with
// Retry-After (never 500, never 401 for a valid token), promptly, and the
// service recovers by itself once the database is back.
func TestDatabaseOutageIs503(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.URL(t)
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		proxy := startProxy(t, u.Host)
		u.Host = proxy.addr
		openMu.Lock()
		store, err := gormstore.Open(u.String(), gormstore.Options{MaxConns: 4, Keys: storetest.Keys(t), AuditKeys: storetest.AuditKeys(), LookupKey: storetest.LookupKey()})
		if err == nil {
			_, err = store.Migrate(context.Background())
		}
		openMu.Unlock()
		if err != nil {
			t.Fatalf("open store through the proxy: %v", err)
		}
		t.Cleanup(func() { _ = store.Close() })
		e := setupOn(t, store, nil)
		s := e.newScan(t)

		proxy.cut()
		requests := []struct {
			name, method, path, token string
			body                      any
		}{
			{"list", http.MethodGet, "/api/v1/scans", e.formateur.Token, nil},
			{"read", http.MethodGet, s.p(""), e.adviser.Token, nil},
			{"write", http.MethodPost, s.p("/cancel"), e.formateur.Token, map[string]string{"reason": "Andere kandidaat."}},
			{"start", http.MethodPost, "/api/v1/scans", e.formateur.Token, createBody("nieuw@example.nl", e.adviser.Email)},
			{"unknown token", http.MethodGet, "/api/v1/scans", "onbekend", nil},
			{"invitation", http.MethodPost, "/api/v1/invitations/abc/accept", "", map[string]any{}},
			{"readiness", http.MethodGet, "/readyz", "", nil},
		}
		for _, r := range requests {
			start := time.Now()
			got, err := e.send(r.method, r.path, r.token, r.body)
			if err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			if got.Status != http.StatusServiceUnavailable {
				t.Errorf("%s during the outage: status %d, want 503\n%s", r.name, got.Status, got)
				continue
			}
			if got.Header.Get("Retry-After") == "" {
				t.Errorf("%s: 503 without Retry-After", r.name)
			}
			checkProblem(t, got)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("%s: the 503 took %s", r.name, d)
			}
		}

		proxy.restore(t)
		var got reply
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if got, err = e.send(http.MethodGet, s.p(""), e.formateur.Token, nil); err == nil && got.Status == http.StatusOK {
				break
			}
		}
		if got.Status != http.StatusOK {
			t.Fatalf("after the database came back: %s", got)
		}
		// The write refused during the outage changed nothing: the scan can
		// still be cancelled, once.
		e.do(t, http.MethodPost, s.p("/cancel"), e.formateur.Token, map[string]string{"reason": "Andere kandidaat."}).want(t, http.StatusOK)
	})
}
