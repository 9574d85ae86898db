package api_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// signInCode returns the code of the latest sign-in link mailed to the
// address, or "" when none was.
func (m *mailbox) signInCode(t testing.TB, to string) string {
	t.Helper()
	code := ""
	for _, msg := range m.all() {
		if !strings.EqualFold(msg.To, to) {
			continue
		}
		link := linkRe.FindString(msg.Body)
		u, err := url.Parse(link)
		if link == "" || err != nil || path.Dir(u.Path) != "/aanmelden" {
			continue
		}
		code = path.Base(u.Path)
	}
	return code
}

// signIn exchanges the latest sign-in link mailed to the address for a token.
func (e *env) signIn(t testing.TB, to string) string {
	t.Helper()
	code := e.mail.signInCode(t, to)
	if code == "" {
		t.Fatalf("no sign-in link was mailed to %s", to)
	}
	tok := decode[map[string]string](t, e.do(t, "POST", "/api/v1/sign-in/"+code, "", nil).want(t, http.StatusOK))
	if tok["token"] == "" {
		t.Fatal("sign-in gave no token")
	}
	return tok["token"]
}

// The admin of organisation A cannot make an account with the address of
// an adviser of organisation B who serves A, and never holds the
// credential of an account they make: it goes to the new staff member.
func TestAdminCannotTakeOverAdviser(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		ctx := context.Background()
		if err := e.svc.AssignAdviser(ctx, orgB, e.adviser2.Email, orgA); err != nil {
			t.Fatal(err)
		}
		for _, role := range []string{"adviser", "formateur"} {
			r := e.do(t, "POST", "/api/v1/users", e.admin.Token,
				map[string]string{"role": role, "name": e.adviser2.Name, "email": strings.ToUpper(e.adviser2.Email)})
			if p := problemOf(t, r, http.StatusUnprocessableEntity); !slices.Equal(p.fields(), []string{"email"}) {
				t.Errorf("%s with a taken address: fields %v", role, p.fields())
			}
		}
		if n := len(e.mail.all()); n != 0 {
			t.Fatalf("%d mails sent for refused accounts", n)
		}

		// A new account: no token in the reply; the link goes to its owner.
		r := e.do(t, "POST", "/api/v1/users", e.admin.Token,
			map[string]string{"role": "adviser", "name": "Nieuwe Adviseur", "email": "nieuw@zuidhaven.nl"}).want(t, http.StatusCreated)
		created := decode[map[string]any](t, r)
		if _, ok := created["token"]; ok || strings.Contains(string(r.Body), "aanmelden") {
			t.Fatalf("the admin is given a credential: %s", r.Body)
		}
		msgs := e.mail.all()
		if len(msgs) != 1 || msgs[0].To != "nieuw@zuidhaven.nl" || !strings.Contains(msgs[0].Body, orgA) {
			t.Fatalf("activation mail: %+v", msgs)
		}
		code := e.mail.signInCode(t, "nieuw@zuidhaven.nl")
		token := e.signIn(t, "nieuw@zuidhaven.nl")
		e.do(t, "GET", "/api/v1/scans", token, nil).want(t, http.StatusOK)
		e.do(t, "POST", "/api/v1/sign-in/"+code, "", nil).want(t, http.StatusNotFound) // single use
		e.do(t, "POST", "/api/v1/sign-in/nope", "", nil).want(t, http.StatusNotFound)

		// The real adviser still gets the scans naming their address.
		s := e.newScanFor(t, e.formateur, e.adviser2, "kandidaat-b@example.nl")
		e.do(t, "GET", s.p(""), e.adviser2.Token, nil).want(t, http.StatusOK)
	})
}

// An activation link works once, also when used twice at the same moment,
// and not after it expired.
func TestSignInCodeSingleUseAndExpiry(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, email := range []string{"een@zuidhaven.nl", "twee@zuidhaven.nl"} {
			e.do(t, "POST", "/api/v1/users", e.admin.Token,
				map[string]string{"role": "formateur", "name": "Nieuw", "email": email}).want(t, http.StatusCreated)
		}
		code := e.mail.signInCode(t, "een@zuidhaven.nl")
		use := func() (reply, error) { return e.send("POST", "/api/v1/sign-in/"+code, "", nil) }
		ok := 0
		for _, r := range e.race(t, use, use, use) {
			if r.Status == http.StatusOK {
				ok++
			} else if r.Status != http.StatusNotFound {
				t.Errorf("concurrent sign-in: %s", r)
			}
		}
		if ok != 1 {
			t.Fatalf("%d sign-ins with one code, want 1", ok)
		}
		e.clock.Advance(73 * time.Hour)
		e.do(t, "POST", "/api/v1/sign-in/"+e.mail.signInCode(t, "twee@zuidhaven.nl"), "", nil).want(t, http.StatusNotFound)
	})
}

// An adviser address that two accounts serving the organisation share is
// refused, never resolved by an order.
func TestAmbiguousAdviserRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		store, dsn := openStoreDSN(t, d)
		e := setupOn(t, store, nil)
		ctx := context.Background()
		const shared = "dubbel@bureau.nl"
		own, _, err := e.svc.AddUser(ctx, orgA, domain.RoleAdviser, "Eigen Adviseur", shared)
		if err != nil {
			t.Fatal(err)
		}
		other, _, err := e.svc.AddUser(ctx, orgB, domain.RoleAdviser, "Andere Adviseur", shared)
		if err != nil {
			t.Fatal(err)
		}
		// The service and the store refuse to make the address ambiguous;
		// the database is told directly, as one from before the rule might
		// hold it.
		if err := e.svc.AssignAdviser(ctx, orgB, shared, orgA); err == nil {
			t.Fatal("assigning an adviser whose address is taken in the organisation succeeded")
		}
		if err := e.store.AssignAdviser(ctx, other.ID, own.OrganisationID, domain.AuditEvent{Chain: domain.SystemChain}); !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("the store assigned an ambiguous adviser: %v", err)
		}
		db, err := sql.Open(map[storetest.Dialect]string{storetest.SQLite: "sqlite", storetest.Postgres: "pgx"}[d], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`INSERT INTO adviser_assignments (adviser_id, organisation_id) VALUES ($1, $2)`, other.ID, own.OrganisationID); err != nil {
			t.Fatal(err)
		}
		r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("k@example.nl", shared))
		if p := problemOf(t, r, http.StatusUnprocessableEntity); !slices.Equal(p.fields(), []string{"adviser_email"}) {
			t.Fatalf("fields %v", p.fields())
		}
		s := e.newScan(t)
		r = e.do(t, "PUT", s.p("/second-adviser"), s.Formateur.Token, map[string]string{"email": shared})
		if p := problemOf(t, r, http.StatusUnprocessableEntity); !slices.Equal(p.fields(), []string{"email"}) {
			t.Fatalf("second adviser fields %v", p.fields())
		}
	})
}

// Tokens end after their lifetime.
func TestTokenExpires(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		e.clock.Advance(29 * 24 * time.Hour)
		e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusOK)
		e.clock.Advance(2 * 24 * time.Hour)
		e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusUnauthorized)
		e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusOK) // a candidate's lasts longer
		e.clock.Advance(180 * 24 * time.Hour)
		e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusUnauthorized)
	})
}

type tokenBody struct {
	ID        string     `json:"id"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// The admin lists an account's tokens and revokes one; the others stay.
func TestAdminRevokesOneToken(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		// Two new tokens for the formateur: activating mails a link each time.
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/activate", e.admin.Token, nil).want(t, http.StatusNoContent)
		first := e.signIn(t, e.formateur.Email)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/activate", e.admin.Token, nil).want(t, http.StatusNoContent)
		second := e.signIn(t, e.formateur.Email)
		r := e.do(t, "GET", "/api/v1/users/"+e.formateur.ID+"/tokens", e.admin.Token, nil).want(t, http.StatusOK)
		if strings.Contains(string(r.Body), "hash") || strings.Contains(string(r.Body), second) {
			t.Fatalf("the token list shows secrets: %s", r.Body)
		}
		list := decode[listBody[tokenBody]](t, r).Items
		var open []tokenBody
		for _, tk := range list {
			if tk.ID == "" || tk.ExpiresAt.Before(tk.CreatedAt) {
				t.Errorf("token %+v", tk)
			}
			if tk.RevokedAt == nil {
				open = append(open, tk)
			}
		}
		if len(list) != 3 || len(open) != 2 {
			t.Fatalf("tokens %+v, want 3 of which 2 open", list)
		}

		// Not another organisation's, not by anyone but the admin.
		e.do(t, "GET", "/api/v1/users/"+e.formateur2.ID+"/tokens", e.admin.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "GET", "/api/v1/users/"+e.formateur.ID+"/tokens", e.adviser.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "POST", "/api/v1/users/"+e.formateur2.ID+"/tokens/"+open[0].ID+"/revoke", e.admin.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/tokens/"+open[0].ID+"/revoke", e.adviser.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "GET", "/api/v1/scans", second, nil).want(t, http.StatusOK)

		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/tokens/"+open[0].ID+"/revoke", e.admin.Token, nil).want(t, http.StatusNoContent)
		a := e.do(t, "GET", "/api/v1/scans", first, nil).Status
		b := e.do(t, "GET", "/api/v1/scans", second, nil).Status
		if (a == http.StatusOK) == (b == http.StatusOK) || a+b != http.StatusOK+http.StatusUnauthorized {
			t.Fatalf("after revoking one of two tokens: %d and %d", a, b)
		}
		e.do(t, "GET", "/api/v1/scans", e.adviser.Token, nil).want(t, http.StatusOK)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/tokens/"+open[0].ID+"/revoke", e.admin.Token, nil).want(t, http.StatusNotFound)
	})
}

// Deactivating and activating an account does not bring its old tokens
// back: the owner gets a new sign-in link.
func TestReactivationNeedsNewCredential(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusUnauthorized)
		if e.mail.signInCode(t, e.formateur.Email) != "" {
			t.Fatal("a deactivated account was mailed a link")
		}
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/activate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusUnauthorized)
		token := e.signIn(t, e.formateur.Email)
		e.do(t, "GET", "/api/v1/scans", token, nil).want(t, http.StatusOK)

		// A link mailed before a deactivation does not work after it.
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/activate", e.admin.Token, nil).want(t, http.StatusNoContent)
		code := e.mail.signInCode(t, e.formateur.Email)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "POST", "/api/v1/sign-in/"+code, "", nil).want(t, http.StatusNotFound)
	})
}

// A candidate's token ends with their scan: once its content is erased,
// the token of that scan's invitation stops, the other scan's stays.
func TestCandidateTokenEndsWithScan(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		first := e.newScanFor(t, e.formateur, e.adviser, "twee-scans@example.nl")
		second := e.newScanFor(t, e.formateur, e.adviser, "twee-scans@example.nl")
		e.walk(t, first, domain.StateWithdrawn)
		// Right after withdrawing the candidate may still export and erase.
		e.do(t, "GET", first.p("/export"), first.Candidate.Token, nil).want(t, http.StatusOK)
		e.do(t, "POST", first.p("/erase"), first.Candidate.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "GET", "/api/v1/scans", first.Candidate.Token, nil).want(t, http.StatusUnauthorized)
		e.do(t, "GET", second.p(""), second.Candidate.Token, nil).want(t, http.StatusOK)
	})
}

// The admin deactivates a candidate of their organisation by address,
// without learning whether the address is known.
func TestAdminDeactivatesCandidate(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		other := e.otherScan(t) // a candidate of orgB
		deactivate := func(token, email string) reply {
			return e.do(t, "POST", "/api/v1/candidates/deactivate", token, map[string]string{"email": email})
		}
		for _, tok := range []string{e.formateur.Token, e.adviser.Token, s.Candidate.Token} {
			deactivate(tok, s.Candidate.Email).want(t, http.StatusForbidden)
		}
		e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusOK)
		known := deactivate(e.admin.Token, strings.ToUpper(s.Candidate.Email)).want(t, http.StatusNoContent)
		unknown := deactivate(e.admin.Token, "niemand@example.nl").want(t, http.StatusNoContent)
		elsewhere := deactivate(e.admin.Token, other.Candidate.Email).want(t, http.StatusNoContent)
		if string(known.Body) != string(unknown.Body) || string(known.Body) != string(elsewhere.Body) {
			t.Fatalf("known %q, unknown %q", known.Body, unknown.Body)
		}
		e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusUnauthorized)
		e.do(t, "GET", other.p(""), other.Candidate.Token, nil).want(t, http.StatusOK) // another organisation's
		c, err := e.store.AuditChain(context.Background(), domain.SystemChain)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range c.Events {
			if ev.Action == "deactivate_candidate" && ev.ActorID == e.admin.ID {
				n++
				if strings.Contains(ev.Object, "@example.nl") {
					t.Errorf("the audit names the address: %+v", ev)
				}
			}
		}
		if n != 3 {
			t.Fatalf("%d deactivate_candidate events by the admin, want 3", n)
		}
	})
}

// The admin's account changes over the API are audited as the admin's.
func TestAdminChangesAuditedAsAdmin(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		r := e.do(t, "POST", "/api/v1/users", e.admin.Token,
			map[string]string{"role": "formateur", "name": "Nieuw", "email": "nieuw@zuidhaven.nl"}).want(t, http.StatusCreated)
		id := decode[map[string]any](t, r)["id"].(string)
		e.do(t, "POST", "/api/v1/users/"+id+"/deactivate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "POST", "/api/v1/users/"+id+"/activate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.signIn(t, "nieuw@zuidhaven.nl")
		tokens := decode[listBody[tokenBody]](t, e.do(t, "GET", "/api/v1/users/"+id+"/tokens", e.admin.Token, nil).want(t, http.StatusOK)).Items
		if len(tokens) != 1 {
			t.Fatalf("tokens %+v, want the one from the sign-in", tokens)
		}
		e.do(t, "POST", "/api/v1/users/"+id+"/tokens/"+tokens[0].ID+"/revoke", e.admin.Token, nil).want(t, http.StatusNoContent)
		c, err := e.store.AuditChain(context.Background(), domain.SystemChain)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, ev := range c.Events {
			if ev.Object == "user:"+id || ev.Object == "token:"+tokens[0].ID {
				if ev.ActorID != e.admin.ID || ev.ActorRole != domain.RoleAdmin {
					t.Errorf("%s audited as %s %s", ev.Action, ev.ActorRole, ev.ActorID)
				}
				seen[ev.Action] = true
			}
		}
		for _, a := range []string{"add_user", "deactivate_user", "activate_user", "revoke_token"} {
			if !seen[a] {
				t.Errorf("no %s event on user:%s", a, id)
			}
		}
	})
}

// A formateur who starts a scan for an address another formateur already
// used learns nothing of that other scan: not its name, reference or
// formateur, nor that it exists.
func TestSecondScanRevealsNoFirst(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		first := e.newScan(t) // "Eva Ëlberts-Smit"
		body := createBody(strings.ToUpper(first.Candidate.Email), e.adviser.Email)
		body["candidate"] = map[string]string{"name": "E. Smit", "email": strings.ToUpper(first.Candidate.Email)}
		_, token, err := e.svc.AddUser(context.Background(), orgA, domain.RoleFormateur, "Tweede Formateur", "tweede@zuidhaven.nl")
		if err != nil {
			t.Fatal(err)
		}
		second := user{Token: token}
		r := e.do(t, "POST", "/api/v1/scans", second.Token, body).want(t, http.StatusCreated)
		got := decode[scanBody](t, r)
		replies := []reply{r,
			e.do(t, "GET", "/api/v1/scans/"+got.ID, second.Token, nil).want(t, http.StatusOK),
			e.do(t, "GET", "/api/v1/scans", second.Token, nil).want(t, http.StatusOK),
			e.do(t, "GET", "/api/v1/scans/"+got.ID+"/history", second.Token, nil).want(t, http.StatusOK),
		}
		for _, r := range replies {
			for _, secret := range []string{"Ëlberts", first.Reference, first.ID, e.formateur.Name} {
				if strings.Contains(string(r.Body), secret) {
					t.Errorf("%s reveals %q of the first scan", r, secret)
				}
			}
		}
		if got.Candidate.Name != "E. Smit" {
			t.Errorf("the second scan shows the name %q", got.Candidate.Name)
		}
		if n := e.get(t, first).Candidate.Name; n != "Eva Ëlberts-Smit" {
			t.Errorf("the first scan now shows %q", n)
		}
	})
}

// Every account endpoint is the admin's: participants get 403, callers
// without a valid token 401, and nothing changes.
func TestAccountEndpointsAreTheAdmins(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		uid := e.formateur.ID
		eps := []struct{ method, path string }{
			{"GET", "/api/v1/users"},
			{"POST", "/api/v1/users"},
			{"POST", "/api/v1/users/" + uid + "/deactivate"},
			{"POST", "/api/v1/users/" + uid + "/activate"},
			{"GET", "/api/v1/users/" + uid + "/tokens"},
			{"POST", "/api/v1/users/" + uid + "/tokens/00000000-0000-0000-0000-000000000000/revoke"},
			{"POST", "/api/v1/candidates/deactivate"},
		}
		bodies := map[string]any{
			"/api/v1/users":                 map[string]string{"role": "formateur", "name": "X", "email": "x@zuidhaven.nl"},
			"/api/v1/candidates/deactivate": map[string]string{"email": s.Candidate.Email},
		}
		for _, ep := range eps {
			var body any
			if ep.method == "POST" {
				body = bodies[ep.path]
			}
			for _, c := range []struct {
				name, token string
				want        int
			}{
				{"formateur", e.formateur.Token, http.StatusForbidden},
				{"adviser", e.adviser.Token, http.StatusForbidden},
				{"candidate", s.Candidate.Token, http.StatusForbidden},
				{"no token", "", http.StatusUnauthorized},
				{"unknown token", "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a", http.StatusUnauthorized},
			} {
				if r := e.do(t, ep.method, ep.path, c.token, body); r.Status != c.want {
					t.Errorf("%s %s by %s: %s, want %d", ep.method, ep.path, c.name, r, c.want)
				}
			}
		}
		e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusOK)
		e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusOK)
		if n := len(e.mail.all()); n != 1 { // the invitation only
			t.Errorf("%d mails sent, want only the invitation", n)
		}
	})
}
