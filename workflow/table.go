// Package workflow holds the scan's state machine and the service that fires
// its actions, each in one transaction of the store.
package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"basisscan/domain"
)

// Rules are the values guards need besides the scan itself.
type Rules struct {
	Now            time.Time
	ResponsePeriod time.Duration
	Template       *domain.Template
	By             string // user id of whoever fires the action, or asks which they may
	// Location is the zone of times in messages; nil means UTC.
	Location *time.Location
}

// Guard is a named condition on a transition. Check returns nil when the
// transition may be taken, or an *domain.Error saying why not.
type Guard struct {
	Name  string
	Check func(s *domain.Scan, r Rules) error
	// Precondition marks a guard that looks only at the scan as stored and
	// the clock, not at what the action brings: while it fails, the action
	// is not offered in allowed_actions.
	Precondition bool
}

// Transition is one row of the table: in state From, Role may do Action,
// which moves the scan to To if Guard (when set) passes. Rows with the same
// From and Action are tried in order; the first whose guard passes applies.
type Transition struct {
	From   domain.State
	Action domain.Action
	Role   domain.Role
	To     domain.State
	Guard  *Guard
}

// beforeDelivery are the states from which a candidate may withdraw and a
// formateur may cancel.
var beforeDelivery = []domain.State{
	domain.StateIntake, domain.StateQuestionnaire, domain.StateInterview, domain.StateVOGCheck,
	domain.StateAdvice, domain.StateCandidateReview, domain.StateSignOff,
}

// vogStates are the states in which the adviser may record the VOG without
// it moving the scan: the application takes weeks, so it runs in parallel
// from the questionnaire on, and after delivery it is an addendum. In
// candidate review and sign-off a refusal reopens the advice (vogReviewStates).
var vogStates = []domain.State{
	domain.StateQuestionnaire, domain.StateInterview, domain.StateAdvice,
	domain.StateCandidateReview, domain.StateSignOff, domain.StateDelivered,
}

// vogReviewStates are the states of an advice put to the candidate, which a
// refused VOG reopens.
var vogReviewStates = []domain.State{domain.StateCandidateReview, domain.StateSignOff}

// appointmentStates are the states in which the formateur may move the
// planned appointment date: every state before the scan is closed.
var appointmentStates = append(slices.Clone(beforeDelivery), domain.StateDelivered)

// researchStates are the states in which the adviser records open sources.
var researchStates = []domain.State{
	domain.StateQuestionnaire, domain.StateInterview, domain.StateVOGCheck, domain.StateAdvice,
}

// reviewStates are the states in which the adviser works from the submitted
// answers: asks for clarifications and decides on signals.
var reviewStates = []domain.State{domain.StateInterview, domain.StateVOGCheck, domain.StateAdvice}

// portfolioStates are the states in which the formateur may edit the
// intended portefeuille: until the advice is put to the candidate.
var portfolioStates = []domain.State{
	domain.StateIntake, domain.StateQuestionnaire, domain.StateInterview, domain.StateVOGCheck, domain.StateAdvice,
}

// Table is the transition table of a scan: the single source of truth for
// what may happen in which state, by whom.
var Table = buildTable()

func buildTable() []Transition {
	const (
		cand = domain.RoleCandidate
		adv  = domain.RoleAdviser
		form = domain.RoleFormateur
	)
	t := []Transition{
		{domain.StateIntake, domain.ActionConsent, cand, domain.StateQuestionnaire, &consentGiven},
		{domain.StateIntake, domain.ActionConsent, cand, domain.StateRefused, &consentRefused},
		{domain.StateQuestionnaire, domain.ActionSaveAnswers, cand, domain.StateQuestionnaire, nil},
		{domain.StateQuestionnaire, domain.ActionSubmitQuestionnaire, cand, domain.StateInterview, &requiredAnswered},
		{domain.StateInterview, domain.ActionRecordInterview, adv, domain.StateAdvice, &vogDecided},
		{domain.StateInterview, domain.ActionRecordInterview, adv, domain.StateVOGCheck, nil},
		{domain.StateVOGCheck, domain.ActionRecordVOG, adv, domain.StateAdvice, &vogDecided},
		{domain.StateVOGCheck, domain.ActionRecordVOG, adv, domain.StateVOGCheck, nil},
		{domain.StateAdvice, domain.ActionSaveAdvice, adv, domain.StateAdvice, nil},
		{domain.StateAdvice, domain.ActionSubmitAdvice, adv, domain.StateCandidateReview, &adviceComplete},
		{domain.StateCandidateReview, domain.ActionRespond, cand, domain.StateSignOff, nil},
		{domain.StateCandidateReview, domain.ActionCloseReview, adv, domain.StateSignOff, &responsePeriodOver},
		{domain.StateCandidateReview, domain.ActionReopenAdvice, adv, domain.StateAdvice, nil},
		{domain.StateSignOff, domain.ActionReopenAdvice, adv, domain.StateAdvice, nil},
		{domain.StateSignOff, domain.ActionWeighResponse, adv, domain.StateSignOff, nil},
		{domain.StateSignOff, domain.ActionSignOff, adv, domain.StateDelivered, &signOffReady},
		{domain.StateDelivered, domain.ActionRecordOutcome, form, domain.StateClosed, &appointable},
	}
	for _, st := range vogReviewStates {
		t = append(t, Transition{st, domain.ActionRecordVOG, adv, domain.StateAdvice, &vogRefused})
	}
	for _, st := range vogStates {
		t = append(t, Transition{st, domain.ActionRecordVOG, adv, st, nil})
	}
	for _, st := range appointmentStates {
		t = append(t, Transition{st, domain.ActionChangeAppointment, form, st, nil})
	}
	for _, st := range researchStates {
		t = append(t, Transition{st, domain.ActionRecordResearch, adv, st, nil})
	}
	for _, st := range reviewStates {
		t = append(t,
			Transition{st, domain.ActionRequestClarification, adv, st, nil},
			Transition{st, domain.ActionAnswerClarification, cand, st, nil},
			Transition{st, domain.ActionAcceptSignal, adv, st, nil},
			Transition{st, domain.ActionDismissSignal, adv, st, nil},
		)
	}
	for _, st := range portfolioStates {
		t = append(t, Transition{st, domain.ActionEditPortfolio, form, st, nil})
	}
	for _, st := range beforeDelivery {
		t = append(t,
			Transition{st, domain.ActionWithdraw, cand, domain.StateWithdrawn, nil},
			Transition{st, domain.ActionCancel, form, domain.StateCancelled, &reasonGiven},
			Transition{st, domain.ActionAssignSecondAdviser, form, st, nil},
		)
	}
	return t
}

// rows returns the rows for an action in a state, in table order.
func rows(from domain.State, a domain.Action) []Transition {
	var out []Transition
	for _, t := range Table {
		if t.From == from && t.Action == a {
			out = append(out, t)
		}
	}
	return out
}

// RoleOf returns the role that performs action a.
func RoleOf(a domain.Action) domain.Role {
	for _, t := range Table {
		if t.Action == a {
			return t.Role
		}
	}
	return ""
}

// Allowed returns the actions role may take in state, in table order.
func Allowed(state domain.State, role domain.Role) []domain.Action {
	out := []domain.Action{}
	for _, t := range Table {
		if t.From == state && t.Role == role && !slices.Contains(out, t.Action) {
			out = append(out, t.Action)
		}
	}
	return out
}

// Next returns the state that action a leads to from the scan's state, with
// the scan already changed by the action. It returns ECONFLICT when the
// action is not permitted in the state, or the first failing guard's error.
func Next(s *domain.Scan, a domain.Action, r Rules) (domain.State, error) {
	candidates := rows(s.State, a)
	if len(candidates) == 0 {
		return "", notAllowed(s.State, a, Allowed(s.State, RoleOf(a)))
	}
	var first error
	for _, t := range candidates {
		if t.Guard == nil {
			return t.To, nil
		}
		err := t.Guard.Check(s, r)
		if err == nil {
			return t.To, nil
		}
		if first == nil {
			first = err
		}
	}
	return "", first
}

// notAllowed is the conflict of action a in state, naming what is allowed.
func notAllowed(state domain.State, a domain.Action, allowed []domain.Action) error {
	names := make([]string, len(allowed))
	for i, x := range allowed {
		names[i] = x.DutchPhrase()
	}
	msg := fmt.Sprintf("U kunt nu niet %s: de scan is in de fase %q.", a.DutchPhrase(), state.DutchName())
	switch {
	case state.Final():
		msg += " De scan is afgerond; er kan niets meer aan worden gedaan."
	case len(names) > 0:
		msg += " U kunt nu wel: " + strings.Join(names, "; ") + "."
	default:
		msg += " U hoeft nu niets te doen; u hoort het wanneer de scan verder is."
	}
	return &domain.Error{Code: domain.ECONFLICT, Message: msg, State: state, Allowed: allowed}
}
