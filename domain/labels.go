package domain

// What people read about actions and roles: Dutch, never the identifiers
// of the API. State names are in state.go.

// actionPhrases complete "U kunt nu niet …".
var actionPhrases = map[Action]string{
	ActionConsent:              "toestemming geven of weigeren",
	ActionSaveAnswers:          "antwoorden opslaan",
	ActionSubmitQuestionnaire:  "de vragenlijst indienen",
	ActionRecordInterview:      "het gesprek vastleggen",
	ActionRecordResearch:       "het onderzoek in openbare bronnen vastleggen",
	ActionRecordVOG:            "de VOG vastleggen",
	ActionSaveAdvice:           "het advies opslaan",
	ActionSubmitAdvice:         "het advies aan de kandidaat voorleggen",
	ActionRespond:              "op het conceptadvies reageren",
	ActionCloseReview:          "de reactietermijn afsluiten",
	ActionReopenAdvice:         "het advies weer openen",
	ActionSignOff:              "het advies ondertekenen",
	ActionRecordOutcome:        "de uitkomst van de benoeming vastleggen",
	ActionWithdraw:             "de kandidatuur terugtrekken",
	ActionCancel:               "de scan stopzetten",
	ActionAssignSecondAdviser:  "een tweede adviseur aanwijzen",
	ActionRequestClarification: "om een toelichting vragen",
	ActionAnswerClarification:  "een toelichting geven",
	ActionAcceptSignal:         "een signaal overnemen in het advies",
	ActionDismissSignal:        "een signaal terzijde leggen",
	ActionStart:                "een scan starten",
	ActionDownloadAdvice:       "het advies downloaden",
}

// DutchPhrase returns what the action does, in Dutch, as the object of a
// sentence ("de vragenlijst indienen").
func (a Action) DutchPhrase() string {
	if p, ok := actionPhrases[a]; ok {
		return p
	}
	return "dit doen"
}

// roleNames are the roles as the people in them are called.
var roleNames = map[Role]string{
	RoleAdmin:     "beheerder",
	RoleFormateur: "formateur",
	RoleAdviser:   "integriteitsadviseur",
	RoleCandidate: "kandidaat",
}

// DutchName returns the role's name as shown to people ("integriteitsadviseur").
func (r Role) DutchName() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return "onbekende rol"
}
