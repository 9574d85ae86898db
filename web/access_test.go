package web_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// Every page of a scan answers 404 to everyone who is not one of its
// participants: staff of another organisation, the admin of its own, and
// another scan's candidate. Routes are read from the server, so a new page
// is tried without being listed here.
func TestScanPagesHiddenFromOutsiders(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, _ := e.NewScan(t, e.Formateur, e.Adviser)
		_, otherEmail := e.NewScan(t, e.Formateur, e.Adviser)
		other := e.Visitor(t)
		other.AcceptInvitation(t, otherEmail)
		outsiders := map[string]*webtest.Visitor{"another scan's candidate": other}
		for name, u := range map[string]webtest.User{"formateur of another organisation": e.Formateur2,
			"adviser of another organisation": e.Adviser2, "admin of another organisation": e.Admin2,
			"admin of the organisation": e.Admin} {
			v := e.Visitor(t)
			v.SignIn(t, u)
			outsiders[name] = v
		}
		tried := 0
		for _, r := range e.Pages.Routes() {
			if r.Method != http.MethodGet || !strings.HasPrefix(r.Path, "/scans/:id") {
				continue
			}
			path := strings.NewReplacer(":id", sc.ID, ":section", "x", ":cid", "1", ":key", "x").Replace(r.Path)
			for name, v := range outsiders {
				p := v.Get(t, path)
				if p.Status != http.StatusNotFound {
					t.Errorf("%s: GET %s answers %d, want 404", name, r.Path, p.Status)
				}
				securityHeaders(t, r.Path, p)
			}
			tried++
		}
		if tried == 0 {
			t.Fatal("no scan pages to try")
		}
	})
}

// securityHeaders checks the headers every page carries.
func securityHeaders(t *testing.T, path string, p *webtest.Page) {
	t.Helper()
	csp := p.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("%s: CSP %q", path, csp)
	}
	if p.Header.Get("Cache-Control") != "no-store" || p.Header.Get("Referrer-Policy") != "no-referrer" ||
		p.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: headers %v", path, p.Header)
	}
}
