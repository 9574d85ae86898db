package api_test

import (
	"net/http"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

// The admin manages the staff accounts of their own organisation, and
// nothing else: not scans, not candidates, not other organisations.
func TestAdminManagesStaff(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t) // makes a candidate account in orgA

		type created struct {
			ID    string `json:"id"`
			Role  string `json:"role"`
			Token string `json:"token"`
		}
		body := map[string]string{"role": "formateur", "name": "Nieuwe Formateur", "email": "Nieuw@Zuidhaven.nl"}
		for _, tok := range []string{e.formateur.Token, e.adviser.Token, s.Candidate.Token} {
			e.do(t, "POST", "/api/v1/users", tok, body).want(t, http.StatusForbidden)
			e.do(t, "GET", "/api/v1/users", tok, nil).want(t, http.StatusForbidden)
		}
		e.do(t, "POST", "/api/v1/users", e.admin.Token, map[string]string{"role": "candidate", "name": "K", "email": "k@x.nl"}).
			want(t, http.StatusUnprocessableEntity)
		u := decode[created](t, e.do(t, "POST", "/api/v1/users", e.admin.Token, body).want(t, http.StatusCreated))
		if u.Token != "" || u.Role != "formateur" {
			t.Fatalf("created = %+v", u)
		}
		e.do(t, "POST", "/api/v1/users", e.admin.Token, body).want(t, http.StatusUnprocessableEntity) // taken
		// The new formateur signs in with the mailed link, in the admin's organisation.
		u.Token = e.signIn(t, "nieuw@zuidhaven.nl")
		r := e.do(t, "POST", "/api/v1/scans", u.Token, createBody("nieuw-kandidaat@example.nl", e.adviser.Email)).want(t, http.StatusCreated)
		if decode[scanBody](t, r).Organisation != orgA {
			t.Fatal("the new account's scan is not in the admin's organisation")
		}

		list := decode[listBody[map[string]any]](t, e.do(t, "GET", "/api/v1/users", e.admin.Token, nil).want(t, http.StatusOK))
		for _, it := range list.Items {
			if it["role"] == "candidate" || it["email"] == e.formateur2.Email {
				t.Fatalf("the admin sees %v", it)
			}
		}
		if len(list.Items) != 4 { // formateur, adviser, admin, the new one
			t.Fatalf("the admin lists %d accounts, want 4", len(list.Items))
		}

		// Deactivated, the token stops at once; reactivated, the account
		// signs in again with a new link (TestReactivationNeedsNewCredential).
		e.do(t, "POST", "/api/v1/users/"+u.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "GET", "/api/v1/scans", u.Token, nil).want(t, http.StatusUnauthorized)
		e.do(t, "POST", "/api/v1/users/"+u.ID+"/activate", e.admin.Token, nil).want(t, http.StatusNoContent)
		e.do(t, "GET", "/api/v1/scans", e.signIn(t, "nieuw@zuidhaven.nl"), nil).want(t, http.StatusOK)
		// Not another organisation's account, not a candidate, not oneself.
		e.do(t, "POST", "/api/v1/users/"+e.formateur2.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "POST", "/api/v1/users/not-an-id/deactivate", e.admin.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "POST", "/api/v1/users/"+e.admin.ID+"/deactivate", e.admin.Token, nil).want(t, http.StatusConflict)
		e.do(t, "POST", "/api/v1/users/"+e.formateur.ID+"/deactivate", e.adviser.Token, nil).want(t, http.StatusForbidden)
	})
}
