package domain

// State is the phase a scan is in. Only the workflow package assigns it.
type State string

// The states of a scan, in process order.
const (
	StateIntake          State = "intake"
	StateQuestionnaire   State = "questionnaire"
	StateInterview       State = "interview"
	StateVOGCheck        State = "vog_check"
	StateAdvice          State = "advice"
	StateCandidateReview State = "candidate_review"
	StateSignOff         State = "sign_off"
	StateDelivered       State = "delivered"
	StateClosed          State = "closed"
	StateWithdrawn       State = "withdrawn"
	StateCancelled       State = "cancelled"
	// StateRefused ends a scan whose candidate refused consent: not a
	// withdrawal, which comes after consent.
	StateRefused State = "refused"
)

// States lists every state in process order.
var States = []State{
	StateIntake, StateQuestionnaire, StateInterview, StateVOGCheck, StateAdvice,
	StateCandidateReview, StateSignOff, StateDelivered, StateClosed, StateWithdrawn, StateCancelled,
	StateRefused,
}

// Action is something a role does to a scan; some actions move it to another state.
type Action string

// The actions on a scan.
const (
	ActionConsent              Action = "consent"
	ActionSaveAnswers          Action = "save_answers"
	ActionSubmitQuestionnaire  Action = "submit_questionnaire"
	ActionRecordInterview      Action = "record_interview"
	ActionRecordResearch       Action = "record_research"
	ActionRecordVOG            Action = "record_vog"
	ActionSaveAdvice           Action = "save_advice"
	ActionSubmitAdvice         Action = "submit_advice"
	ActionRespond              Action = "respond"
	ActionCloseReview          Action = "close_review"
	ActionReopenAdvice         Action = "reopen_advice"
	ActionSignOff              Action = "sign_off"
	ActionRecordOutcome        Action = "record_outcome"
	ActionWithdraw             Action = "withdraw"
	ActionCancel               Action = "cancel"
	ActionAssignSecondAdviser  Action = "assign_second_adviser"
	ActionRequestClarification Action = "request_clarification"
	ActionAnswerClarification  Action = "answer_clarification"
	ActionAcceptSignal         Action = "accept_signal"
	ActionDismissSignal        Action = "dismiss_signal"
	ActionChangeAppointment    Action = "change_appointment_date"
	ActionEditPortfolio        Action = "edit_portfolio"
	ActionWeighResponse        Action = "weigh_response"
	// ActionStart is recorded in the history when a scan is created; it is not
	// in the transition table because there is no state before intake.
	ActionStart Action = "start"
	// ActionDownloadAdvice is recorded in the history on every download of
	// the advice document; it changes nothing.
	ActionDownloadAdvice Action = "download_advice"
)

// Actions lists every action that the transition table may permit.
var Actions = []Action{
	ActionConsent, ActionSaveAnswers, ActionSubmitQuestionnaire, ActionRecordInterview,
	ActionRecordResearch, ActionRecordVOG, ActionSaveAdvice, ActionSubmitAdvice, ActionRespond,
	ActionCloseReview, ActionReopenAdvice, ActionSignOff, ActionRecordOutcome, ActionWithdraw,
	ActionCancel, ActionAssignSecondAdviser, ActionRequestClarification, ActionAnswerClarification,
	ActionAcceptSignal, ActionDismissSignal, ActionChangeAppointment, ActionEditPortfolio, ActionWeighResponse,
}

// Dutch names of the states, for messages shown to users.
var stateNames = map[State]string{
	StateIntake:          "intake",
	StateQuestionnaire:   "vragenlijst",
	StateInterview:       "gesprek",
	StateVOGCheck:        "VOG-controle",
	StateAdvice:          "advies",
	StateCandidateReview: "reactie kandidaat",
	StateSignOff:         "ondertekening",
	StateDelivered:       "opgeleverd",
	StateClosed:          "afgesloten",
	StateWithdrawn:       "teruggetrokken",
	StateCancelled:       "geannuleerd",
	StateRefused:         "toestemming geweigerd",
}

// DutchName returns the state's name as shown to users.
func (s State) DutchName() string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return string(s)
}

// Final reports whether no action can leave the state.
func (s State) Final() bool {
	return s == StateClosed || s == StateWithdrawn || s == StateCancelled || s == StateRefused
}
