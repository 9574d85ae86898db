package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// The scan itself is the phase-level view every participant sees: it never
// carries answers, interview notes, VOG details, research or the advice.
func TestScanHoldsNoCaseContent(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		secrets := []string{secretAnswer, secretInterview, secretVOGRef, secretResearch, secretAdvice}
		clean := func(what string, r reply) {
			t.Helper()
			for _, sec := range secrets {
				if strings.Contains(string(r.Body), sec) {
					t.Errorf("%s holds %q: %s", what, sec, r.Body)
				}
			}
		}
		allowedKeys := func(who string) map[string]bool {
			return map[string]bool{"id": true, "reference": true, "state": true, "version": true, "office": true,
				"organisation": true, "candidate": true, "adviser": true, "second_adviser": true, "recipient": true, "recipient_role": true, "planned_appointment_date": true,
				"outcome": true, "allowed_actions": true, "created_at": true, "updated_at": true,
				"vog_status": true, "response_deadline": true, "questionnaire_due": who != "formateur"}
		}
		views := func(stage string) {
			t.Helper()
			for _, who := range []struct{ name, token string }{
				{"formateur", s.Formateur.Token}, {"adviser", s.Adviser.Token}, {"candidate", s.Candidate.Token},
			} {
				allowedKeys := allowedKeys(who.name)
				r := e.do(t, "GET", s.p(""), who.token, nil).want(t, http.StatusOK)
				clean(stage+": the "+who.name+"'s scan", r)
				for k := range decode[map[string]any](t, r) {
					if !allowedKeys[k] {
						t.Errorf("%s: the scan has a field %q", stage, k)
					}
				}
				clean(stage+": the "+who.name+"'s list", e.do(t, "GET", "/api/v1/scans", who.token, nil).want(t, http.StatusOK))
			}
		}

		step := func(what, method, suffix, token string, body any) {
			t.Helper()
			clean(what, e.do(t, method, s.p(suffix), token, body).want(t, http.StatusOK))
		}
		step("consent", "POST", "/consent", s.Candidate.Token, map[string]bool{"consent": true})
		e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": answersFor(e.tmpl)}).want(t, http.StatusOK)
		views("answers saved")
		p := problemOf(t, e.do(t, "GET", s.p("/questionnaire"), s.Formateur.Token, nil), http.StatusForbidden)
		if strings.Contains(p.Detail, secretAnswer) {
			t.Error("the formateur's 403 holds an answer")
		}
		step("research", "PUT", "/research", s.Adviser.Token, map[string]any{"sources": []map[string]string{
			{"source": "kadaster", "checked_on": today, "note": secretResearch}}})
		step("VOG", "PUT", "/vog", s.Adviser.Token, validVOG())
		step("submit", "POST", "/questionnaire/submit", s.Candidate.Token, nil)
		step("interview", "POST", "/interview", s.Adviser.Token, map[string]any{"held_on": today, "summary": secretInterview, "attendees": attendees})
		views("interview held")
		if got := e.get(t, s).State; got != string(domain.StateAdvice) {
			t.Fatalf("state %s, want advice", got)
		}
		e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()).want(t, http.StatusOK)
		step("submit advice", "POST", "/advice/submit", s.Adviser.Token, nil)
		step("response", "POST", "/advice/response", s.Candidate.Token, map[string]bool{"agrees": true})
		step("sign-off", "POST", "/sign-off", s.Adviser.Token, nil)
		step("outcome", "POST", "/outcome", s.Formateur.Token, map[string]string{"outcome": "niet-benoemd"})
		views("closed")
		clean("history", e.do(t, "GET", s.p("/history"), s.Formateur.Token, nil).want(t, http.StatusOK))
	})
}

// The candidate's reason for withdrawing is theirs: the formateur learns
// that the candidate withdrew, never why — not in the scan, the list or the
// history. The adviser and the candidate still read it.
func TestFormateurNeverSeesTheWithdrawalReason(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		const why = "GEHEIM-REDEN: mijn gezondheid"
		e.do(t, "POST", s.p("/withdraw"), s.Candidate.Token, map[string]string{"reason": why}).want(t, http.StatusOK)
		for _, path := range []string{s.p(""), s.p("/history"), "/api/v1/scans"} {
			r := e.do(t, "GET", path, s.Formateur.Token, nil).want(t, http.StatusOK)
			if strings.Contains(string(r.Body), "GEHEIM") {
				t.Errorf("the formateur's %s holds the withdrawal reason: %s", path, r.Body)
			}
		}
		h := e.history(t, s)
		if last := h[len(h)-1]; last.To != string(domain.StateWithdrawn) {
			t.Fatalf("the formateur's history does not say the candidate withdrew: %+v", h)
		}
		for _, who := range []string{s.Adviser.Token, s.Candidate.Token} {
			r := e.do(t, "GET", s.p("/history"), who, nil).want(t, http.StatusOK)
			if !strings.Contains(string(r.Body), why) {
				t.Errorf("the reason is lost for a participant who may read it: %s", r.Body)
			}
		}
	})
}
