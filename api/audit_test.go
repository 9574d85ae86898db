package api_test

import (
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

type auditItem struct {
	Seq       int                `json:"seq"`
	ActorID   string             `json:"actor_id"`
	ActorRole domain.Role        `json:"actor_role"`
	Action    string             `json:"action"`
	Object    string             `json:"object"`
	Result    domain.AuditResult `json:"result"`
	RequestID string             `json:"request_id"`
	Source    string             `json:"source"`
	Hash      string             `json:"hash"`
	PrevHash  string             `json:"prev_hash"`
}

// Every write and every read of answers, advice or PDF on a scan lands in
// its chain, with who, what, the request and its source; every refused
// attempt on it is counted beside the chain.
func TestAuditTrailOfAScan(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		e.walk(t, s, domain.StateDelivered)
		e.do(t, "GET", s.p("/questionnaire"), s.Adviser.Token, nil).want(t, http.StatusOK)
		e.do(t, "GET", s.p("/questionnaire"), s.Formateur.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "GET", s.p(""), e.adviser2.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "POST", s.p("/sign-off"), e.formateur2.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "GET", s.p("/advice.pdf"), s.Formateur.Token, nil).want(t, http.StatusOK)
		e.do(t, "GET", s.p("/advice"), s.Formateur.Token, nil).want(t, http.StatusOK)

		trail := decode[auditTrailWithRefusals](t, e.do(t, "GET", s.p("/audit"), s.Adviser.Token, nil).want(t, http.StatusOK))
		if !trail.Intact {
			t.Fatal("a fresh trail reads as broken")
		}
		type key struct {
			actor  string
			action string
			result domain.AuditResult
		}
		seen := map[key]bool{}
		for i, ev := range trail.Items {
			seen[key{ev.ActorID, ev.Action, ev.Result}] = true
			if ev.Seq != i+1 || ev.RequestID == "" || ev.Source == "" || len(ev.Hash) != 64 {
				t.Errorf("event %d incomplete: %+v", i+1, ev)
			}
			if i > 0 && ev.PrevHash != trail.Items[i-1].Hash {
				t.Errorf("event %d does not chain to %d", i+1, i)
			}
		}
		// Refusals are counted beside the chain, not in it.
		for _, r := range trail.Refusals {
			seen[key{r.ActorID, r.Action, domain.AuditDenied}] = r.Count > 0 && r.Source != ""
		}
		for _, want := range []key{
			{e.formateur.ID, "start", domain.AuditOK},
			{s.Adviser.ID, "sign_off", domain.AuditOK},
			{s.Adviser.ID, "read_answers", domain.AuditOK},
			{s.Formateur.ID, "read_answers", domain.AuditDenied},
			{e.adviser2.ID, "read_scan", domain.AuditDenied},
			{e.formateur2.ID, "sign_off", domain.AuditDenied},
			{s.Formateur.ID, "download_advice", domain.AuditOK},
			{s.Formateur.ID, "read_advice", domain.AuditOK},
			{s.Adviser.ID, "read_audit", domain.AuditOK},
		} {
			if !seen[want] {
				t.Errorf("no audit event %+v", want)
			}
		}

		// The trail is the adviser's: others are refused, strangers see nothing.
		e.do(t, "GET", s.p("/audit"), s.Formateur.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "GET", s.p("/audit"), s.Candidate.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "GET", s.p("/audit"), e.adviser2.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "GET", s.p("/audit"), e.admin.Token, nil).want(t, http.StatusNotFound)

		// The admin verifies every chain; nobody else may.
		type verify struct {
			Chains int  `json:"chains"`
			Intact bool `json:"intact"`
		}
		v := decode[verify](t, e.do(t, "GET", "/api/v1/audit/verify", e.admin.Token, nil).want(t, http.StatusOK))
		if !v.Intact || v.Chains < 2 { // this scan's and the system chain
			t.Fatalf("verify = %+v", v)
		}
		e.do(t, "GET", "/api/v1/audit/verify", s.Adviser.Token, nil).want(t, http.StatusForbidden)

		// Refused authentications are counted too, in no chain.
		e.do(t, "GET", "/api/v1/scans", "not-a-token", nil).want(t, http.StatusUnauthorized)
		e.do(t, "GET", "/api/v1/scans", "", nil).want(t, http.StatusUnauthorized)
		v2 := decode[verify](t, e.do(t, "GET", "/api/v1/audit/verify", e.admin.Token, nil).want(t, http.StatusOK))
		if !v2.Intact || v2.Chains != v.Chains {
			t.Fatalf("after refusals: %+v (before %+v)", v2, v)
		}
	})
}
