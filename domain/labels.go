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

// officeNames are the offices as the law calls them.
var officeNames = map[Office]string{
	OfficeWethouder:           "wethouder",
	OfficeGedeputeerde:        "gedeputeerde",
	OfficeLidDagelijksBestuur: "lid van het dagelijks bestuur",
	OfficeEilandgedeputeerde:  "eilandgedeputeerde",
}

// DutchName returns the office's name as shown to people ("lid van het
// dagelijks bestuur").
func (o Office) DutchName() string {
	if n, ok := officeNames[o]; ok {
		return n
	}
	return "onbekend ambt"
}

// kindNames are the kinds of organisation with their article.
var kindNames = map[OrganisationKind]string{
	KindGemeente:        "een gemeente",
	KindProvincie:       "een provincie",
	KindWaterschap:      "een waterschap",
	KindOpenbaarLichaam: "een openbaar lichaam (Bonaire, Sint Eustatius of Saba)",
}

// DutchName returns the kind with its article ("een waterschap").
func (k OrganisationKind) DutchName() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return "een onbekend soort organisatie"
}
