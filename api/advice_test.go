package api_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// Who may read the advice in which state: the adviser always, the candidate
// from the review on, the formateur once it is delivered; 409 before.
func TestAdviceAccess(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, c := range []struct {
			state                domain.State
			candidate, formateur int
		}{
			{domain.StateIntake, http.StatusConflict, http.StatusConflict},
			{domain.StateQuestionnaire, http.StatusConflict, http.StatusConflict},
			{domain.StateInterview, http.StatusConflict, http.StatusConflict},
			{domain.StateVOGCheck, http.StatusConflict, http.StatusConflict},
			{domain.StateAdvice, http.StatusConflict, http.StatusConflict},
			{domain.StateCandidateReview, http.StatusOK, http.StatusConflict},
			{domain.StateSignOff, http.StatusOK, http.StatusConflict},
			{domain.StateDelivered, http.StatusOK, http.StatusOK},
			{domain.StateClosed, http.StatusOK, http.StatusOK},
		} {
			t.Run(string(c.state), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, c.state)
				for _, who := range []struct {
					name, token string
					want        int
				}{
					{"adviser", s.Adviser.Token, http.StatusOK},
					{"candidate", s.Candidate.Token, c.candidate},
					{"formateur", s.Formateur.Token, c.formateur},
				} {
					r := e.do(t, "GET", s.p("/advice"), who.token, nil)
					if r.Status != who.want {
						t.Errorf("%s: %s, want %d", who.name, r, who.want)
						continue
					}
					if r.Status == http.StatusConflict {
						p := checkProblem(t, r)
						if p.State != string(c.state) || !strings.Contains(p.Detail, c.state.DutchName()) {
							t.Errorf("%s: problem names state %q, detail %q; want %s", who.name, p.State, p.Detail, c.state)
						}
						continue
					}
					if got := r.Header.Get("ETag"); got != etag(e.get(t, s).Version) {
						t.Errorf("%s: ETag = %q", who.name, got)
					}
				}
			})
		}
	})
}

func TestAdvice(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)

		t.Run("saved and read back", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateAdvice)
			before := e.get(t, s)
			hBefore := e.history(t, s)
			r := e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()).want(t, http.StatusOK)
			if got := r.Header.Get("ETag"); got != etag(before.Version+1) {
				t.Errorf("ETag = %q, want %q", got, etag(before.Version+1))
			}
			for _, a := range []adviceBody{decode[adviceBody](t, r), e.advice(t, s, s.Adviser.Token)} {
				if a.State != "advice" || a.Conclusion != "aandachtspunten" || a.Summary != secretAdvice || len(a.Findings) != 1 ||
					a.Findings[0].Class != "aandachtspunt" || a.Findings[0].Domain != "functioneel" {
					t.Errorf("advice = %+v", a)
				}
				if a.Response != nil || a.SignedBy != nil || a.SignedAt != nil || a.SHA256 != "" {
					t.Errorf("a draft advice has a response or signature: %+v", a)
				}
			}
			if h := e.history(t, s); len(h) != len(hBefore) {
				t.Errorf("saving a draft added %d history entries", len(h)-len(hBefore))
			}
		})

		t.Run("submit needs a conclusion and a summary", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateAdvice)
			for _, c := range []struct {
				name   string
				advice map[string]any // nil: none saved yet
				fields []string
			}{
				{"nothing written", nil, []string{"conclusion", "summary"}},
				{"no summary", map[string]any{"conclusion": "geen-bezwaar"}, []string{"summary"}},
				{"no conclusion", map[string]any{"summary": "Alles in orde."}, []string{"conclusion"}},
				{"belemmering without ontraden", map[string]any{"conclusion": "beheersmaatregelen", "summary": "x",
					"findings": []map[string]string{{"domain": "persoonlijk", "title": "Woont in het buitenland", "class": "belemmering"}}},
					[]string{"conclusion"}},
			} {
				t.Run(c.name, func(t *testing.T) {
					if c.advice != nil {
						e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, c.advice).want(t, http.StatusOK)
					}
					before := e.get(t, s)
					p := problemOf(t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil), http.StatusUnprocessableEntity)
					if !sameStrings(p.fields(), c.fields) {
						t.Errorf("fields = %v, want %v", p.fields(), c.fields)
					}
					e.unchanged(t, s, before)
				})
			}
			t.Run("belemmering with ontraden", func(t *testing.T) {
				e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{"conclusion": "ontraden", "summary": "x",
					"findings": []map[string]string{{"domain": "persoonlijk", "title": "Woont in het buitenland", "class": "belemmering"}},
				}).want(t, http.StatusOK)
				b := decode[scanBody](t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil).want(t, http.StatusOK))
				if b.State != "candidate_review" {
					t.Errorf("state = %s, want candidate_review", b.State)
				}
			})
		})

		t.Run("a beheersmaatregel needs a measure", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateAdvice)
			before := e.get(t, s)
			p := problemOf(t, e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{
				"conclusion": "beheersmaatregelen", "summary": "x",
				"findings": []map[string]any{
					{"domain": "financieel", "title": "Schuld", "class": "aandachtspunt"},
					withPlan(map[string]any{"domain": "financieel", "title": "Aandelen", "class": "beheersmaatregel", "measure": "  "}),
				},
			}), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{"findings[1].measure"}) {
				t.Errorf("fields = %v, want [findings[1].measure]", p.fields())
			}
			e.unchanged(t, s, before)
		})

		t.Run("the candidate responds", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateCandidateReview)
			p := problemOf(t, e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token, map[string]any{"comment": "x"}),
				http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{"agrees"}) {
				t.Errorf("fields = %v, want [agrees]", p.fields())
			}
			b := decode[scanBody](t, e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token,
				map[string]any{"agrees": false, "comment": "Het financiële punt klopt niet."}).want(t, http.StatusOK))
			if b.State != "sign_off" {
				t.Errorf("state = %s, want sign_off", b.State)
			}
			a := e.advice(t, s, s.Candidate.Token)
			if a.Response == nil || !a.Response.Given || a.Response.Agrees == nil || *a.Response.Agrees ||
				a.Response.Comment != "Het financiële punt klopt niet." || !a.Response.At.Equal(t0) {
				t.Errorf("response = %+v", a.Response)
			}
		})

		for _, from := range []domain.State{domain.StateCandidateReview, domain.StateSignOff} {
			t.Run("reopened from "+string(from), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, from)
				b := decode[scanBody](t, e.do(t, "POST", s.p("/advice/reopen"), s.Adviser.Token, nil).want(t, http.StatusOK))
				if b.State != "advice" {
					t.Fatalf("state = %s, want advice", b.State)
				}
				h := e.history(t, s)
				if last := h[len(h)-1]; last.Action != "reopen_advice" || last.From != string(from) || last.To != "advice" {
					t.Errorf("history ends with %+v", last)
				}
				if a := e.advice(t, s, s.Adviser.Token); a.Response != nil || a.Summary != secretAdvice {
					t.Errorf("reopened advice = %+v; want the draft kept and the response cleared", a)
				}
				problemOf(t, e.do(t, "GET", s.p("/advice"), s.Candidate.Token, nil), http.StatusConflict)
				// The candidate reviews the changed advice again.
				e.walk(t, s, domain.StateSignOff)
			})
		}

		t.Run("sign-off freezes and hashes the advice", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateSignOff)
			b := decode[scanBody](t, e.do(t, "POST", s.p("/sign-off"), s.Adviser.Token, nil).want(t, http.StatusOK))
			if b.State != "delivered" {
				t.Fatalf("state = %s, want delivered", b.State)
			}
			a := e.advice(t, s, s.Adviser.Token)
			if a.SignedBy == nil || *a.SignedBy != (person{e.adviser.Name, e.adviser.Email}) {
				t.Errorf("signed_by = %+v, want the adviser", a.SignedBy)
			}
			if a.SignedAt == nil || !a.SignedAt.Equal(t0) {
				t.Errorf("signed_at = %v, want %v", a.SignedAt, t0)
			}
			if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(a.SHA256) {
				t.Errorf("sha256 = %q", a.SHA256)
			}
			actor, err := e.svc.Authenticate(context.Background(), e.adviser.Token)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := e.svc.Scan(context.Background(), actor, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if sum, err := workflow.AdviceHash(stored); err != nil || sum != a.SHA256 {
				t.Errorf("sha256 %q does not match the stored advice's hash %q (%v)", a.SHA256, sum, err)
			}
			for _, tok := range []string{s.Candidate.Token, s.Formateur.Token} {
				if other := e.advice(t, s, tok); other.SHA256 != a.SHA256 || other.SignedBy == nil || other.SignedAt == nil {
					t.Errorf("another participant reads %+v", other)
				}
			}
			// Frozen: nothing about the advice can change any more.
			before := e.get(t, s)
			problemOf(t, e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()), http.StatusConflict)
			problemOf(t, e.do(t, "POST", s.p("/advice/reopen"), s.Adviser.Token, nil), http.StatusConflict)
			problemOf(t, e.do(t, "POST", s.p("/sign-off"), s.Adviser.Token, nil), http.StatusConflict)
			e.unchanged(t, s, before)
			if again := e.advice(t, s, s.Adviser.Token); again.SHA256 != a.SHA256 || again.Summary != a.Summary {
				t.Errorf("the signed advice changed: %+v", again)
			}
		})

		for _, outcome := range []string{"benoemd", "niet-benoemd"} {
			t.Run("outcome "+outcome, func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, domain.StateDelivered)
				b := decode[scanBody](t, e.do(t, "POST", s.p("/outcome"), s.Formateur.Token,
					map[string]string{"outcome": outcome}).want(t, http.StatusOK))
				if b.State != "closed" || b.Outcome != outcome || len(b.AllowedActions) != 0 {
					t.Errorf("after outcome: %+v", b)
				}
				h := e.history(t, s)
				if last := h[len(h)-1]; last.Action != "record_outcome" || last.From != "delivered" || last.To != "closed" || last.ActorRole != "formateur" {
					t.Errorf("history ends with %+v", last)
				}
				e.advice(t, s, s.Formateur.Token)
			})
		}
	})
}

// The review can be closed without a response only once the response period
// (10 days by default) has passed. Its own env: it moves the clock.
func TestCloseReview(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateCandidateReview)
		closeReview := func() reply { return e.do(t, "POST", s.p("/review/close"), s.Adviser.Token, nil) }

		before := e.get(t, s)
		problemOf(t, closeReview(), http.StatusConflict)
		e.clock.Advance(10*24*time.Hour - time.Minute)
		p := problemOf(t, closeReview(), http.StatusConflict)
		if !strings.Contains(p.Detail, "reactietermijn") {
			t.Errorf("detail %q does not mention the response period", p.Detail)
		}
		e.unchanged(t, s, before)

		e.clock.Advance(2 * time.Minute)
		b := decode[scanBody](t, closeReview().want(t, http.StatusOK))
		if b.State != "sign_off" {
			t.Fatalf("state = %s, want sign_off", b.State)
		}
		a := e.advice(t, s, s.Adviser.Token)
		if a.Response == nil || a.Response.Given || a.Response.Agrees != nil {
			t.Errorf("response = %+v, want given=false without agrees", a.Response)
		}
		h := e.history(t, s)
		if last := h[len(h)-1]; last.Action != "close_review" || last.From != "candidate_review" || last.To != "sign_off" || last.ActorRole != "adviser" {
			t.Errorf("history ends with %+v", last)
		}
		// Too late to respond now.
		problemOf(t, e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token, map[string]bool{"agrees": true}), http.StatusConflict)
		e.walk(t, s, domain.StateDelivered)
		if a := e.advice(t, s, s.Formateur.Token); a.Response == nil || a.Response.Given {
			t.Errorf("signed advice response = %+v, want given=false", a.Response)
		}
	})
}
