package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// eachDialect runs f as parallel subtests named by dialect, so that the
// PostgreSQL runs are named ".../postgres".
func eachDialect(t *testing.T, f func(t *testing.T, d storetest.Dialect)) {
	t.Helper()
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f(t, d)
		})
	}
}

func want(t *testing.T, p *webtest.Page, status int, texts ...string) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", p.URL, p.Status, status, p.Body)
	}
	for _, s := range texts {
		if !strings.Contains(p.Body, s) {
			t.Fatalf("%s: page lacks %q\n%s", p.URL, s, p.Body)
		}
	}
}

func TestStaffSignInByMailedLink(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		want(t, v.Get(t, "/scans"), http.StatusOK, "Inloggen") // redirected to the sign-in page
		v.SignIn(t, e.Formateur)
		want(t, v.Get(t, "/scans"), http.StatusOK, "<h1>Scans</h1>", "Afmelden")

		// The link works once.
		link := e.Link(t, e.Formateur.Email, "/aanmelden/")
		other := e.Visitor(t)
		other.Get(t, link)
		want(t, other.Post(t, link, nil), http.StatusNotFound, "werkt niet meer")

		// Signing out ends the session in the database, not only the cookie.
		secret := v.Cookie("session")
		want(t, v.Post(t, "/afmelden", nil), http.StatusOK, "U bent afgemeld.")
		thief := e.Visitor(t)
		u, _ := url.Parse(e.Server.URL)
		thief.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: secret, Path: "/"}})
		want(t, thief.Get(t, "/scans"), http.StatusOK, "<h1>Inloggen</h1>")
	})
}

func TestSignInAnswerSameForUnknownAddress(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.Get(t, "/inloggen")
		known := v.Post(t, "/inloggen", url.Values{"email": {e.Adviser.Email}})
		unknown := v.Post(t, "/inloggen", url.Values{"email": {"niemand@example.nl"}})
		want(t, known, http.StatusOK, "Kijk in uw e-mail")
		norm := func(s, addr string) string { return strings.ReplaceAll(s, addr, "ADRES") }
		if norm(known.Body, e.Adviser.Email) != norm(unknown.Body, "niemand@example.nl") || unknown.Status != known.Status {
			t.Fatalf("the answer tells a known address from an unknown one:\n%s\n---\n%s", known.Body, unknown.Body)
		}
		for _, m := range e.Mail.All() {
			if m.To == "niemand@example.nl" {
				t.Fatal("mail sent to an unknown address")
			}
		}
	})
}

func TestInvitationPageDoesNotUseTheCode(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		link := e.Link(t, email, "/invitations/")
		v := e.Visitor(t)
		for range 3 { // a mail scanner, a link preview, the candidate
			want(t, v.Get(t, link), http.StatusOK, e.Formateur.Name, e.Adviser.Name, e.Adviser.Email,
				webtest.OrgA, sc.Reference, `href="/privacy"`, `method="post"`)
		}
		p := v.AcceptInvitation(t, email)
		want(t, p, http.StatusOK, sc.Reference)
		// Used now: a second accept fails, and so does the page.
		want(t, e.Visitor(t).Get(t, link), http.StatusNotFound, "werkt niet meer")
	})
}

func TestCookieFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base           string
		session, token string
		secure         bool
	}{
		{"", "session", "csrf", false},
		{"https://basisscan.example", "__Host-session", "__Host-csrf", true},
	} {
		t.Run(tc.session, func(t *testing.T) {
			e := webtest.NewWith(t, storetest.SQLite, webtest.Options{BaseURL: tc.base})
			v := e.Visitor(t)
			res := v.Get(t, "/inloggen")
			ck := cookieOf(t, res.Header, tc.token)
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tc.secure || ck.Path != "/" || ck.Domain != "" {
				t.Errorf("form token cookie %+v", ck)
			}
			// The session cookie, set at sign-in; the test server is plain
			// HTTP, so the Secure cookie is read from the header.
			link := signInLink(t, e, v)
			req := formRequest(t, e.Server.URL+link, url.Values{"csrf": {cookieOf(t, res.Header, tc.token).Value}})
			req.AddCookie(&http.Cookie{Name: tc.token, Value: ck.Value})
			out, err := (&http.Client{CheckRedirect: noRedirect}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out.Body.Close()
			if out.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in: status %d", out.StatusCode)
			}
			s := cookieOf(t, out.Header, tc.session)
			if !s.HttpOnly || s.SameSite != http.SameSiteLaxMode || s.Secure != tc.secure || s.Path != "/" || s.Domain != "" || s.MaxAge != int((12*time.Hour).Seconds()) {
				t.Errorf("session cookie %+v", s)
			}
		})
	}
}

func signInLink(t *testing.T, e *webtest.Env, v *webtest.Visitor) string {
	t.Helper()
	if err := e.Service.RequestSignInLink(t.Context(), e.Adviser.Email); err != nil {
		t.Fatal(err)
	}
	return e.Link(t, e.Adviser.Email, "/aanmelden/")
}

func formRequest(t *testing.T, u string, form url.Values) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func cookieOf(t *testing.T, h http.Header, name string) *http.Cookie {
	t.Helper()
	for _, line := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == name {
			return c
		}
	}
	t.Fatalf("no cookie %s in %v", name, h.Values("Set-Cookie"))
	return nil
}

func TestCrossSiteFormRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		before := len(e.Mail.All())
		form := url.Values{"email": {e.Adviser.Email}}
		// A browser says the form came from another site.
		p := v.PostRaw(t, "/inloggen", url.Values{"email": {e.Adviser.Email}, "csrf": {v.Cookie("csrf")}},
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://kwaadwillend.example"})
		want(t, p, http.StatusForbidden)
		// A form without the token, or with another, is refused too.
		want(t, v.PostRaw(t, "/inloggen", form, nil), http.StatusForbidden)
		form.Set("csrf", strings.Repeat("0", 64))
		want(t, v.PostRaw(t, "/inloggen", form, nil), http.StatusForbidden)
		// Signing out by a forged form does not end the session.
		want(t, v.PostRaw(t, "/afmelden", url.Values{}, nil), http.StatusForbidden)
		want(t, v.Get(t, "/scans"), http.StatusOK, "<h1>Scans</h1>")
		if n := len(e.Mail.All()); n != before {
			t.Fatalf("a refused form sent %d mails", n-before)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		// Used every 29 minutes, the session lasts until 12 hours after sign-in.
		for i := 0; i < 24; i++ {
			e.Clock.Advance(29 * time.Minute)
			want(t, v.Get(t, "/scans"), http.StatusOK, "<h1>Werklijst</h1>")
		}
		e.Clock.Advance(12*time.Hour - 24*29*time.Minute)
		want(t, v.Get(t, "/scans"), http.StatusOK, "<h1>Inloggen</h1>")

		// Left alone for 30 minutes, a session has ended.
		w := e.Visitor(t)
		w.SignIn(t, e.Adviser)
		e.Clock.Advance(29*time.Minute + 59*time.Second)
		want(t, w.Get(t, "/scans"), http.StatusOK, "<h1>Werklijst</h1>")
		e.Clock.Advance(30 * time.Minute)
		want(t, w.Get(t, "/scans"), http.StatusOK, "<h1>Inloggen</h1>")
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := webtest.New(t, storetest.SQLite)
	v := e.Visitor(t)
	v.SignIn(t, e.Formateur)
	for _, path := range []string{"/inloggen", "/scans", "/privacy", "/bestaat-niet"} {
		p := v.Get(t, path)
		securityHeaders(t, path, p)
		if !strings.Contains(p.Body, `<html lang="nl">`) || !strings.Contains(p.Body, `class="skip-link" href="#inhoud"`) {
			t.Errorf("%s: no lang or skip link", path)
		}
	}
}

// Asking for sign-in links is limited per client, known address or not.
func TestSignInLinkRequestsLimited(t *testing.T) {
	t.Parallel()
	e := webtest.New(t, storetest.SQLite)
	v := e.Visitor(t)
	v.Get(t, "/inloggen")
	for i := range 10 {
		addr := e.Adviser.Email
		if i%2 == 1 {
			addr = "niemand@example.nl"
		}
		want(t, v.Post(t, "/inloggen", url.Values{"email": {addr}}), http.StatusOK, "Kijk in uw e-mail")
	}
	p := v.Post(t, "/inloggen", url.Values{"email": {e.Adviser.Email}})
	want(t, p, http.StatusTooManyRequests, "te vaak")
	if p.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if n := len(e.Mail.All()); n != 5 {
		t.Fatalf("%d mails, want 5 (one per allowed request for the known address)", n)
	}
	e.Clock.Advance(time.Minute)
	want(t, v.Post(t, "/inloggen", url.Values{"email": {e.Adviser.Email}}), http.StatusOK, "Kijk in uw e-mail")
}

// A candidate whose session ended signs in again with their address.
func TestCandidateSignsInAgainByAddress(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		v := e.Visitor(t)
		v.AcceptInvitation(t, email)
		e.Clock.Advance(31 * time.Minute)
		want(t, v.Get(t, "/scans/"+sc.ID), http.StatusOK, "<h1>Inloggen</h1>")
		v.SignInAs(t, email)
		want(t, v.Get(t, "/scans/"+sc.ID), http.StatusOK, sc.Reference)
	})
}

// A session id the visitor brought is never taken over: sign-in starts a
// new one.
func TestSignInStartsNewSession(t *testing.T) {
	t.Parallel()
	e := webtest.New(t, storetest.SQLite)
	v := e.Visitor(t)
	u, _ := url.Parse(e.Server.URL)
	v.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "gekozen-door-een-aanvaller", Path: "/"}})
	v.SignIn(t, e.Adviser)
	first := v.Cookie("session")
	if first == "" || first == "gekozen-door-een-aanvaller" {
		t.Fatalf("session after sign-in: %q", first)
	}
	v.SignIn(t, e.Adviser)
	if again := v.Cookie("session"); again == first {
		t.Fatal("signing in again kept the session id")
	}
}

// The admin's list of a staff member's tokens tells sessions from bearer
// tokens and shows when each was last used.
func TestTokenListShowsSessionsAndLastUse(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		e.Clock.Advance(5 * time.Minute)
		want(t, v.Get(t, "/scans"), http.StatusOK, "Werklijst")
		req, err := http.NewRequest(http.MethodGet, e.Server.URL+"/api/v1/users/"+e.Adviser.ID+"/tokens", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.Admin.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body struct {
			Items []struct {
				Kind       string     `json:"kind"`
				LastUsedAt *time.Time `json:"last_used_at"`
			} `json:"items"`
		}
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("tokens: %d %v", res.StatusCode, err)
		}
		kinds := map[string]*time.Time{}
		for _, it := range body.Items {
			kinds[it.Kind] = it.LastUsedAt
		}
		if len(body.Items) != 2 || kinds["bearer"] != nil {
			t.Fatalf("tokens %+v: want the unused bearer token and the session", body.Items)
		}
		if at := kinds["session"]; at == nil || !at.Equal(e.Clock.Now().UTC().Truncate(time.Microsecond)) {
			t.Fatalf("session last used %v, want %v", at, e.Clock.Now())
		}
	})
}

// A session secret is no bearer token and a bearer token no session: each
// works only where it was given.
func TestSessionsAndBearerTokensApart(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		api := func(token string) int {
			req, err := http.NewRequest(http.MethodGet, e.Server.URL+"/api/v1/scans", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if got := api(e.Adviser.Token); got != http.StatusOK {
			t.Fatalf("the bearer token in the API: %d", got)
		}
		if got := api(v.Cookie("session")); got != http.StatusUnauthorized {
			t.Fatalf("the session secret as a bearer token: %d, want 401", got)
		}
		w := e.Visitor(t)
		u, _ := url.Parse(e.Server.URL)
		w.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: e.Adviser.Token, Path: "/"}})
		want(t, w.Get(t, "/scans"), http.StatusOK, "<h1>Inloggen</h1>")
	})
}

// A sign-in link asked for on the sign-in page works for 15 minutes.
func TestSignInLinkValidFifteenMinutes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		for _, c := range []struct {
			after time.Duration
			ok    bool
		}{{14*time.Minute + 59*time.Second, true}, {15 * time.Minute, false}} {
			v := e.Visitor(t)
			v.Get(t, "/inloggen")
			want(t, v.Post(t, "/inloggen", url.Values{"email": {e.Formateur.Email}}), http.StatusOK, "Kijk in uw e-mail")
			link := e.Link(t, e.Formateur.Email, "/aanmelden/")
			e.Clock.Advance(c.after)
			v.Get(t, link)
			p := v.Post(t, link, nil)
			if c.ok {
				want(t, p, http.StatusOK, "<h1>Scans</h1>")
			} else {
				want(t, p, http.StatusNotFound, "werkt niet meer")
			}
		}
	})
}

// The stylesheet and scripts are served without touching the session or
// the form token: no cookie, and no record of use.
func TestStaticFilesNeedNoSession(t *testing.T) {
	t.Parallel()
	e := webtest.New(t, storetest.SQLite)
	v := e.Visitor(t)
	for _, f := range []string{"/static/basisscan.css", "/static/basisscan.js", "/static/questionnaire.js"} {
		p := v.Get(t, f)
		if p.Status != http.StatusOK || len(p.Header.Values("Set-Cookie")) != 0 || p.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: status %d, cookies %v, headers %v", f, p.Status, p.Header.Values("Set-Cookie"), p.Header)
		}
	}
	// A signed-in visitor on an unknown address still gets the page, menu and all.
	v.SignIn(t, e.Formateur)
	want(t, v.Get(t, "/bestaat-niet"), http.StatusNotFound, "Pagina niet gevonden", "Afmelden")
}
