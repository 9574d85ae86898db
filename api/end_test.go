package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

var beforeDelivery = []domain.State{
	domain.StateIntake, domain.StateQuestionnaire, domain.StateInterview, domain.StateVOGCheck,
	domain.StateAdvice, domain.StateCandidateReview, domain.StateSignOff,
}

func TestWithdraw(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for i, st := range beforeDelivery {
			t.Run("from "+string(st), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, st)
				// The reason is optional: every other row gives none.
				var body any
				reason := ""
				if i%2 == 0 {
					reason = "Ik trek mij terug."
					body = map[string]string{"reason": reason}
				}
				b := decode[scanBody](t, e.do(t, "POST", s.p("/withdraw"), s.Candidate.Token, body).want(t, http.StatusOK))
				if b.State != "withdrawn" || len(b.AllowedActions) != 0 {
					t.Errorf("after withdrawal: state %s, allowed %v", b.State, b.AllowedActions)
				}
				// The candidate reads their own reason back; the formateur
				// never does (TestFormateurNeverSeesTheWithdrawalReason).
				h := decode[listBody[historyItem]](t, e.do(t, "GET", s.p("/history"), s.Candidate.Token, nil).want(t, http.StatusOK)).Items
				last := h[len(h)-1]
				if last.From != string(st) || last.To != "withdrawn" || last.Action != "withdraw" || last.ActorRole != "candidate" || last.Reason != reason {
					t.Errorf("history ends with %+v, want %s → withdrawn by the candidate, reason %q", last, st, reason)
				}
			})
		}
		for _, st := range []domain.State{domain.StateDelivered, domain.StateClosed, domain.StateCancelled} {
			t.Run("not from "+string(st), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, st)
				before := e.get(t, s)
				p := problemOf(t, e.do(t, "POST", s.p("/withdraw"), s.Candidate.Token, nil), http.StatusConflict)
				if p.State != string(st) {
					t.Errorf("problem state = %q, want %s", p.State, st)
				}
				e.unchanged(t, s, before)
			})
		}
	})
}

func TestCancel(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, st := range beforeDelivery {
			t.Run("from "+string(st), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, st)
				for _, body := range []any{nil, map[string]string{}, map[string]string{"reason": "   "}} {
					before := e.get(t, s)
					p := problemOf(t, e.do(t, "POST", s.p("/cancel"), s.Formateur.Token, body), http.StatusUnprocessableEntity)
					if !sameStrings(p.fields(), []string{"reason"}) {
						t.Errorf("cancel with %v: fields %v, want [reason]", body, p.fields())
					}
					e.unchanged(t, s, before)
				}
				reason := "De coalitie is geklapt."
				b := decode[scanBody](t, e.do(t, "POST", s.p("/cancel"), s.Formateur.Token, map[string]string{"reason": reason}).want(t, http.StatusOK))
				if b.State != "cancelled" || len(b.AllowedActions) != 0 {
					t.Errorf("after cancellation: state %s, allowed %v", b.State, b.AllowedActions)
				}
				h := e.history(t, s)
				last := h[len(h)-1]
				if last.From != string(st) || last.To != "cancelled" || last.Action != "cancel" || last.ActorRole != "formateur" || last.Reason != reason {
					t.Errorf("history ends with %+v", last)
				}
			})
		}
		for _, st := range []domain.State{domain.StateDelivered, domain.StateClosed, domain.StateWithdrawn} {
			t.Run("not from "+string(st), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, st)
				before := e.get(t, s)
				p := problemOf(t, e.do(t, "POST", s.p("/cancel"), s.Formateur.Token, map[string]string{"reason": "x"}), http.StatusConflict)
				if p.State != string(st) {
					t.Errorf("problem state = %q, want %s", p.State, st)
				}
				e.unchanged(t, s, before)
			})
		}
	})
}

func TestHistory(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		var seen []historyItem
		check := func(want ...historyItem) {
			t.Helper()
			h := e.history(t, s)
			// Append-only: what was read before is still there, unchanged.
			if len(h) < len(seen) || !slices.Equal(h[:len(seen)], seen) {
				t.Fatalf("history was rewritten:\nbefore %+v\nnow    %+v", seen, h)
			}
			added := h[len(seen):]
			if len(added) != len(want) {
				t.Fatalf("added %+v, want %d entries %+v", added, len(want), want)
			}
			for i, w := range want {
				a := added[i]
				if a.From != w.From || a.To != w.To || a.Action != w.Action || a.ActorRole != w.ActorRole || a.Reason != w.Reason || !a.At.Equal(e.clock.Now()) {
					t.Errorf("entry %+v, want %+v at %v", a, w, e.clock.Now())
				}
			}
			for i := 1; i < len(h); i++ {
				if h[i].Seq <= h[i-1].Seq || h[i].At.Before(h[i-1].At) {
					t.Errorf("history out of order at %d: %+v", i, h)
				}
			}
			seen = h
		}
		entry := func(from, to, action, role string) historyItem {
			return historyItem{From: from, To: to, Action: action, ActorRole: role}
		}
		check(entry("", "intake", "start", "formateur"))
		for _, step := range []struct {
			to   domain.State
			want []historyItem
		}{
			{domain.StateQuestionnaire, []historyItem{entry("intake", "questionnaire", "consent", "candidate")}},
			{domain.StateInterview, []historyItem{entry("questionnaire", "interview", "submit_questionnaire", "candidate")}},
			{domain.StateVOGCheck, []historyItem{entry("interview", "vog_check", "record_interview", "adviser")}},
			{domain.StateAdvice, []historyItem{entry("vog_check", "advice", "record_vog", "adviser")}},
			{domain.StateCandidateReview, []historyItem{entry("advice", "candidate_review", "submit_advice", "adviser")}},
			{domain.StateSignOff, []historyItem{entry("candidate_review", "sign_off", "respond", "candidate")}},
			{domain.StateDelivered, []historyItem{entry("sign_off", "delivered", "sign_off", "adviser")}},
			{domain.StateClosed, []historyItem{entry("delivered", "closed", "record_outcome", "formateur")}},
		} {
			e.clock.Advance(time.Hour) // one hour per step, so that each entry has its own time
			e.walk(t, s, step.to)
			check(step.want...)
		}
		// Every participant reads the same history.
		for _, tok := range []string{s.Adviser.Token, s.Candidate.Token} {
			h := decode[listBody[historyItem]](t, e.do(t, "GET", s.p("/history"), tok, nil).want(t, http.StatusOK)).Items
			if !slices.Equal(h, seen) {
				t.Errorf("another participant reads %+v", h)
			}
		}
	})
}
