package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// An action in a state that does not permit it is a 409 naming the state and
// the actions the caller may take instead, and changes nothing.
func TestWrongState(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		rows := []struct {
			endpoint string
			state    domain.State
		}{
			{"consent", domain.StateQuestionnaire},
			{"consent", domain.StateWithdrawn},
			{"save answers", domain.StateIntake},
			{"save answers", domain.StateInterview},
			{"submit questionnaire", domain.StateIntake},
			{"submit questionnaire", domain.StateInterview},
			{"record interview", domain.StateQuestionnaire},
			{"record interview", domain.StateVOGCheck},
			{"record research", domain.StateIntake},
			{"record research", domain.StateCandidateReview},
			{"record vog", domain.StateIntake},
			{"record vog", domain.StateClosed},
			{"save advice", domain.StateInterview},
			{"save advice", domain.StateSignOff},
			{"submit advice", domain.StateVOGCheck},
			{"submit advice", domain.StateCandidateReview},
			{"reopen advice", domain.StateAdvice},
			{"reopen advice", domain.StateDelivered},
			{"respond", domain.StateAdvice},
			{"respond", domain.StateSignOff},
			{"close review", domain.StateSignOff},
			{"sign off", domain.StateCandidateReview},
			{"sign off", domain.StateClosed},
			{"record outcome", domain.StateSignOff},
			{"record outcome", domain.StateClosed},
			{"withdraw", domain.StateDelivered},
			{"withdraw", domain.StateCancelled},
			{"cancel", domain.StateClosed},
			{"cancel", domain.StateCancelled},
		}
		var states []domain.State
		for _, r := range rows {
			states = append(states, r.state)
		}
		scans := e.scansIn(t, states...)
		for _, row := range rows {
			ep, ok := endpointsByName[row.endpoint]
			if !ok {
				t.Fatalf("no endpoint %q", row.endpoint)
			}
			t.Run(row.endpoint+" in "+string(row.state), func(t *testing.T) {
				t.Parallel()
				s := scans[row.state]
				var token string
				switch ep.may[0] {
				case domain.RoleCandidate:
					token = s.Candidate.Token
				case domain.RoleAdviser:
					token = s.Adviser.Token
				case domain.RoleFormateur:
					token = s.Formateur.Token
				}
				before := e.get(t, s)
				mine := decode[scanBody](t, e.do(t, "GET", s.p(""), token, nil).want(t, http.StatusOK))
				p := problemOf(t, e.do(t, ep.method, s.p(ep.suffix), token, ep.body), http.StatusConflict)
				if p.State != string(row.state) {
					t.Errorf("problem state = %q, want %q", p.State, row.state)
				}
				if !sameStrings(p.AllowedActions, mine.AllowedActions) {
					t.Errorf("problem allowed_actions = %v, the scan says %v", p.AllowedActions, mine.AllowedActions)
				}
				if !strings.Contains(p.Detail, row.state.DutchName()) {
					t.Errorf("detail %q does not name the state %q", p.Detail, row.state.DutchName())
				}
				for _, a := range mine.AllowedActions {
					if !strings.Contains(p.Detail, domain.Action(a).DutchPhrase()) {
						t.Errorf("detail %q does not say in Dutch that one may now %s", p.Detail, a)
					}
				}
				e.unchanged(t, s, before)
			})
		}
	})
}
