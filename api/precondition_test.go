package api_test

import (
	"net/http"
	"testing"

	"basisscan/api"
	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// With BASISSCAN_REQUIRE_IF_MATCH every write on an existing resource
// without If-Match is 428 and changes nothing: a scan's writes must name
// its version, writes on accounts and tokens take "*". Creating requests
// need none.
func TestRequireIfMatch(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setupWith(t, d, func(s *api.Server) { s.RequireIfMatch = true })

		required := func(t *testing.T, r reply) {
			t.Helper()
			p := problemOf(t, r, http.StatusPreconditionRequired)
			if p.Type != "https://basisscan.nl/problems/precondition_required" || p.Detail == "" {
				t.Errorf("428 problem %+v", p)
			}
		}

		t.Run("creating needs none", func(t *testing.T) {
			t.Parallel()
			e.newScan(t) // POST /scans without If-Match, and the candidate's accept
			e.do(t, "POST", "/api/v1/users", e.admin.Token,
				map[string]string{"role": "adviser", "name": "Nieuwe Adviseur", "email": "nieuw@integriteit.nl"}).want(t, http.StatusCreated)
		})

		t.Run("scan POST", func(t *testing.T) {
			t.Parallel()
			s := e.newScan(t)
			before := e.get(t, s)
			required(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}))
			required(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}, "If-Match", "*"))
			e.unchanged(t, s, before)
			e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}, "If-Match", etag(before.Version)).
				want(t, http.StatusOK)
		})

		t.Run("scan PUT", func(t *testing.T) {
			t.Parallel()
			s := e.newScan(t)
			v := e.get(t, s).Version
			s2 := decode[scanBody](t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}, "If-Match", etag(v)).
				want(t, http.StatusOK))
			body := map[string]any{"answers": map[string]any{"cv_opleiding": "x"}}
			required(t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, body))
			e.unchanged(t, s, s2)
			e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, body, "If-Match", etag(s2.Version)).want(t, http.StatusOK)
		})

		t.Run("scan erase", func(t *testing.T) {
			t.Parallel()
			s := e.newScan(t)
			v := e.get(t, s).Version
			e.do(t, "POST", s.p("/withdraw"), s.Candidate.Token, map[string]string{"reason": "Persoonlijke omstandigheden."}, "If-Match", etag(v)).
				want(t, http.StatusOK)
			before := e.get(t, s)
			required(t, e.do(t, "POST", s.p("/erase"), s.Candidate.Token, nil))
			e.unchanged(t, s, before)
		})

		t.Run("account", func(t *testing.T) {
			t.Parallel()
			u, _, err := e.svc.AddUser(t.Context(), orgA, domain.RoleFormateur, "Tijdelijk", "tijdelijk@zuidhaven.nl")
			if err != nil {
				t.Fatal(err)
			}
			required(t, e.do(t, "POST", "/api/v1/users/"+u.ID+"/deactivate", e.admin.Token, nil))
			for _, x := range decode[listBody[map[string]any]](t, e.do(t, "GET", "/api/v1/users", e.admin.Token, nil).want(t, http.StatusOK)).Items {
				if x["id"] == u.ID && x["active"] != true {
					t.Error("a refused deactivation deactivated the account")
				}
			}
			e.do(t, "POST", "/api/v1/users/"+u.ID+"/deactivate", e.admin.Token, nil, "If-Match", "*").want(t, http.StatusNoContent)
		})

		t.Run("token", func(t *testing.T) {
			t.Parallel()
			u, token, err := e.svc.AddUser(t.Context(), orgA, domain.RoleFormateur, "Met Token", "token@zuidhaven.nl")
			if err != nil {
				t.Fatal(err)
			}
			list := decode[listBody[tokenBody]](t, e.do(t, "GET", "/api/v1/users/"+u.ID+"/tokens", e.admin.Token, nil).want(t, http.StatusOK)).Items
			if len(list) != 1 {
				t.Fatalf("tokens %+v", list)
			}
			required(t, e.do(t, "POST", "/api/v1/users/"+u.ID+"/tokens/"+list[0].ID+"/revoke", e.admin.Token, nil))
			e.do(t, "GET", "/api/v1/scans", token, nil).want(t, http.StatusOK)
			e.do(t, "POST", "/api/v1/users/"+u.ID+"/tokens/"+list[0].ID+"/revoke", e.admin.Token, nil, "If-Match", "*").want(t, http.StatusNoContent)
			e.do(t, "GET", "/api/v1/scans", token, nil).want(t, http.StatusUnauthorized)
		})

		t.Run("candidate", func(t *testing.T) {
			t.Parallel()
			s := e.newScan(t)
			required(t, e.do(t, "POST", "/api/v1/candidates/deactivate", e.admin.Token, map[string]string{"email": s.Candidate.Email}))
			e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusOK)
			e.do(t, "POST", "/api/v1/candidates/deactivate", e.admin.Token, map[string]string{"email": s.Candidate.Email}, "If-Match", "*").
				want(t, http.StatusNoContent)
			e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusUnauthorized)
		})

		t.Run("webhook", func(t *testing.T) {
			t.Parallel()
			r := e.do(t, "POST", "/api/v1/webhooks", e.admin.Token, map[string]string{"url": "https://ontvanger.example.nl/basisscan"}).
				want(t, http.StatusCreated)
			id, _ := decode[map[string]any](t, r)["id"].(string)
			required(t, e.do(t, "DELETE", "/api/v1/webhooks/"+id, e.admin.Token, nil))
			e.do(t, "DELETE", "/api/v1/webhooks/"+id, e.admin.Token, nil, "If-Match", "*").want(t, http.StatusNoContent)
		})

		t.Run("unauthenticated first", func(t *testing.T) {
			t.Parallel()
			s := e.newScan(t)
			e.do(t, "POST", s.p("/consent"), "", map[string]bool{"consent": true}).want(t, http.StatusUnauthorized)
		})
	})
}

// Without the setting a write needs no If-Match.
func TestIfMatchOptionalByDefault(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}).want(t, http.StatusOK)
	})
}
