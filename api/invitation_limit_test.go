package api_test

import (
	"net/http"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

// Guessing invitation codes is slowed down: after ten failures from one
// address it gets 429, even with a good code, until it has waited.
func TestInvitationGuessesAreLimited(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("gok@example.nl", e.adviser.Email)).want(t, http.StatusCreated)
		ref := decode[scanBody](t, r).Reference
		_, code := e.mail.invitation(t, ref)
		for range 10 {
			e.do(t, "POST", "/api/v1/invitations/wrong-code-guess/accept", "", nil).want(t, http.StatusNotFound)
		}
		r = e.do(t, "POST", "/api/v1/invitations/"+code+"/accept", "", nil).want(t, http.StatusTooManyRequests)
		if r.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		checkProblem(t, r)
	})
}
