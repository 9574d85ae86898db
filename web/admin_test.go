package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// adminStaff returns the admin's staff account with the address.
func adminStaff(t *testing.T, e *webtest.Env, admin webtest.User, email string) (domain.User, bool) {
	t.Helper()
	users, err := e.Service.Staff(context.Background(), e.Actor(t, admin))
	if err != nil {
		t.Fatalf("staff: %v", err)
	}
	for _, u := range users {
		if strings.EqualFold(u.Email, email) {
			return u, true
		}
	}
	return domain.User{}, false
}

func TestAdminListsAndAddsAccounts(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Admin)
		p := v.Get(t, "/")
		want(t, p, http.StatusOK, "<h1>Accounts</h1>", e.Formateur.Name, e.Formateur.Email, e.Adviser.Name,
			"integriteitsadviseur", "formateur", "beheerder", "Actief", "Dit bent u",
			`href="/beheer/accounts/`+e.Formateur.ID+`/uitschakelen"`)
		for _, other := range []string{e.Formateur2.Name, e.Adviser2.Email, e.Admin2.Name} {
			if strings.Contains(p.Body, other) {
				t.Fatalf("the list shows %q of another organisation", other)
			}
		}
		if strings.Contains(p.Body, `/beheer/accounts/`+e.Admin.ID+`/uitschakelen`) {
			t.Fatal("the admin is offered to deactivate their own account")
		}

		want(t, v.Get(t, "/beheer/accounts/nieuw"), http.StatusOK, "<h1>Account toevoegen</h1>", `for="f-rol-formateur"`,
			`for="f-rol-adviser"`, `for="f-rol-admin"`, `for="f-naam"`, `for="f-email"`)
		good := url.Values{"rol": {"adviser"}, "naam": {"Sanne de Wit"}, "email": {"sanne@zuidhaven.nl"}}
		bad := []struct {
			name, key, value, field string
		}{
			{"no role", "rol", "", "f-rol-formateur"},
			{"candidate", "rol", "candidate", "f-rol-formateur"},
			{"no name", "naam", " ", "f-naam"},
			{"bad e-mail", "email", "sanne-at-zuidhaven", "f-email"},
			{"existing account", "email", e.Adviser.Email, "f-email"},
		}
		for _, b := range bad {
			f := url.Values{}
			for k, vs := range good {
				f[k] = vs
			}
			f.Set(b.key, b.value)
			p := v.Post(t, "/beheer/accounts/nieuw", f)
			want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", `href="#`+b.field+`"`, "<title>Fout: Account toevoegen")
			if b.key != "naam" && !strings.Contains(p.Body, `value="Sanne de Wit"`) {
				t.Fatalf("%s: the typed name is gone", b.name)
			}
		}
		if _, ok := adminStaff(t, e, e.Admin, "sanne@zuidhaven.nl"); ok || mailsTo(e, "sanne@zuidhaven.nl") != 0 {
			t.Fatal("a bad form added the account or sent mail")
		}

		p = v.Post(t, "/beheer/accounts/nieuw", good)
		want(t, p, http.StatusOK, "Het account is toegevoegd", "Sanne de Wit", "sanne@zuidhaven.nl")
		u, ok := adminStaff(t, e, e.Admin, "sanne@zuidhaven.nl")
		if !ok || u.Role != domain.RoleAdviser || !u.Active || u.Name != "Sanne de Wit" {
			t.Fatalf("account not added as typed: %+v", u)
		}
		link := e.Link(t, "sanne@zuidhaven.nl", "/aanmelden/")
		if strings.Contains(p.Body, link) {
			t.Fatal("the admin's page shows the new account's sign-in link")
		}
		// The link signs the new adviser in.
		nv := e.Visitor(t)
		nv.Get(t, link)
		want(t, nv.Post(t, link, nil), http.StatusOK, "<h1>Werklijst</h1>")
	})
}

func TestAdminDeactivatesAndActivates(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Admin)
		f := e.Visitor(t)
		f.SignIn(t, e.Formateur)
		want(t, f.Get(t, "/scans"), http.StatusOK, "<h1>Scans</h1>")

		path := "/beheer/accounts/" + e.Formateur.ID
		want(t, v.Get(t, path+"/uitschakelen"), http.StatusOK, "<h1>Account uitschakelen</h1>", e.Formateur.Name,
			`action="`+path+`/uitschakelen"`)
		if u, _ := adminStaff(t, e, e.Admin, e.Formateur.Email); !u.Active {
			t.Fatal("the confirmation page deactivated the account")
		}
		want(t, v.Post(t, path+"/uitschakelen", nil), http.StatusOK, "Het account is uitgeschakeld", "Uitgeschakeld",
			`action="`+path+`/inschakelen"`)
		if u, _ := adminStaff(t, e, e.Admin, e.Formateur.Email); u.Active {
			t.Fatal("account still active")
		}
		// The formateur's session stops working at once.
		want(t, f.Get(t, "/scans"), http.StatusOK, "<h1>Inloggen</h1>")

		// The admin cannot deactivate themselves.
		want(t, v.Post(t, "/beheer/accounts/"+e.Admin.ID+"/uitschakelen", nil), http.StatusConflict, "eigen account")

		before := mailsTo(e, e.Formateur.Email)
		want(t, v.Post(t, path+"/inschakelen", nil), http.StatusOK, "Het account is weer ingeschakeld")
		if u, _ := adminStaff(t, e, e.Admin, e.Formateur.Email); !u.Active {
			t.Fatal("account not active again")
		}
		if mailsTo(e, e.Formateur.Email) != before+1 {
			t.Fatal("no new sign-in link mailed on activation")
		}
		f.SignIn(t, e.Formateur)
		want(t, f.Get(t, "/scans"), http.StatusOK, "<h1>Scans</h1>")
	})
}

func TestAdminPagesClosedToOthers(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		_, email := e.NewScan(t, e.Formateur, e.Adviser)
		admin2 := e.Visitor(t)
		admin2.SignIn(t, e.Admin2)
		path := "/beheer/accounts/" + e.Formateur.ID
		want(t, admin2.Get(t, path+"/uitschakelen"), http.StatusNotFound, "Pagina niet gevonden")
		want(t, admin2.Post(t, path+"/uitschakelen", nil), http.StatusNotFound)
		want(t, admin2.Post(t, path+"/inschakelen", nil), http.StatusNotFound)
		if u, _ := adminStaff(t, e, e.Admin, e.Formateur.Email); !u.Active {
			t.Fatal("an admin of another organisation deactivated the account")
		}

		candidate := e.Visitor(t)
		candidate.AcceptInvitation(t, email)
		for _, u := range []webtest.User{e.Formateur, e.Adviser} {
			v := e.Visitor(t)
			v.SignIn(t, u)
			for _, p := range []*webtest.Page{v.Get(t, "/beheer/accounts"), v.Get(t, "/beheer/accounts/nieuw"),
				v.Get(t, path+"/uitschakelen"), v.Post(t, "/beheer/accounts/nieuw", url.Values{"rol": {"admin"}, "naam": {"X"}, "email": {"x@example.nl"}}),
				v.Post(t, path+"/uitschakelen", nil)} {
				want(t, p, http.StatusNotFound)
			}
		}
		want(t, candidate.Get(t, "/beheer/accounts"), http.StatusNotFound)
		want(t, candidate.Post(t, path+"/uitschakelen", nil), http.StatusNotFound)
		if u, _ := adminStaff(t, e, e.Admin, e.Formateur.Email); !u.Active {
			t.Fatal("another role deactivated the account")
		}
		if _, ok := adminStaff(t, e, e.Admin, "x@example.nl"); ok {
			t.Fatal("another role added an account")
		}
	})
}
