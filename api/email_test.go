package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

// Addresses are compared after normalising: a look-alike is refused, an
// internationalised domain is kept as punycode, and a variant of a taken
// address is taken.
func TestLookAlikeAccounts(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		add := func(email string) reply {
			return e.do(t, "POST", "/api/v1/users", e.admin.Token, map[string]string{"role": "formateur", "name": "Nieuw", "email": email})
		}
		for _, c := range []struct{ name, email, message string }{
			{"Cyrillic а in the domain", "formateur@zuidhаven.nl", "schriften"},
			{"Cyrillic а in the local part", "fоrmateur@zuidhaven.nl", "zonder accenten"},
			{"fullwidth variant of a taken address", "ｆｏｒｍａｔｅｕｒ@zuidhaven.nl", ""},
			{"upper-case variant of a taken address", "FORMATEUR@ZUIDHAVEN.NL", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				p := problemOf(t, add(c.email), http.StatusUnprocessableEntity)
				if !strings.Contains(p.message("email"), c.message) {
					t.Errorf("message for email = %q, want it to say %q (%+v)", p.message("email"), c.message, p.Errors)
				}
			})
		}
		u := decode[map[string]any](t, add("ivan@пример.рф").want(t, http.StatusCreated))
		if u["email"] != "ivan@xn--e1afmkfd.xn--p1ai" {
			t.Fatalf("stored as %v", u["email"])
		}
		problemOf(t, add("ivan@xn--e1afmkfd.xn--p1ai"), http.StatusUnprocessableEntity)
		n := len(e.mail.all())
		p := problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("kées@example.nl", e.adviser.Email)), http.StatusUnprocessableEntity)
		if p.message("candidate.email") == "" || len(e.mail.all()) != n {
			t.Fatalf("a candidate address mail cannot carry: %+v, mails %d → %d", p.Errors, n, len(e.mail.all()))
		}
	})
}
