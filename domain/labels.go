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
	ActionChangeAppointment:    "de beoogde benoemingsdatum wijzigen",
	ActionEditPortfolio:        "de beoogde portefeuille wijzigen",
	ActionWeighResponse:        "de weging van de reactie van de kandidaat vastleggen",
	ActionStart:                "een scan starten",
	ActionDownloadAdvice:       "het advies downloaden",
}

// DutchPhrase returns what the action does, in Dutch, as the object of a
// sentence ("de vragenlijst indienen").
func (a Action) DutchPhrase() string {
	return nameOr(actionPhrases, a, "dit doen")
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
	return nameOr(roleNames, r, "onbekende rol")
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
	return nameOr(officeNames, o, "onbekend ambt")
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
	return nameOr(kindNames, k, "een onbekend soort organisatie")
}

// nameOr returns what names holds for k, or fallback: words for people,
// never the identifier itself.
func nameOr[K ~string](names map[K]string, k K, fallback string) string {
	if n, ok := names[k]; ok {
		return n
	}
	return fallback
}

// The Dutch names of the values of an advice, as the PDF and the pages
// show them.
var (
	sourceNames = map[SourceKind]string{
		SourceKvK:         "KvK-handelsregister",
		SourceKadaster:    "Kadaster",
		SourceSocialMedia: "Sociale media",
		SourceNews:        "Nieuwsberichten",
		SourceInsolvency:  "Insolventieregister",
		SourceRechtspraak: "Rechtspraak",
		SourceOther:       "Overige bron",
	}
	conclusionNames = map[Conclusion]string{
		ConclusionNoObjection: "Geen belemmeringen of aandachtspunten",
		ConclusionAttention:   "Aandachtspunten",
		ConclusionMeasures:    "Benoembaar mits de beheersmaatregelen worden uitgevoerd",
		ConclusionAdvisedOff:  "Benoeming ontraden",
	}
	riskDomainNames = map[RiskDomain]string{
		DomainPersonal:   "Persoonlijk",
		DomainRelational: "Relationeel",
		DomainFinancial:  "Financieel",
		DomainFunctional: "Functioneel",
	}
	findingClassNames = map[FindingClass]string{
		ClassAttention:   "Aandachtspunt",
		ClassMeasure:     "Beheersmaatregel",
		ClassObstruction: "Belemmering",
	}
)

// DutchName returns the source's name ("Kadaster"), or the raw value for
// a kind without one: visible beats blank.
func (k SourceKind) DutchName() string { return nameOr(sourceNames, k, string(k)) }

// DutchName returns the conclusion as the advice states it ("Aandachtspunten").
func (c Conclusion) DutchName() string { return nameOr(conclusionNames, c, string(c)) }

// DutchName returns the risk domain's name ("Financieel").
func (d RiskDomain) DutchName() string { return nameOr(riskDomainNames, d, string(d)) }

// DutchName returns the class of a finding ("Beheersmaatregel").
func (c FindingClass) DutchName() string { return nameOr(findingClassNames, c, string(c)) }

// The Dutch names of the parties and plans around an advice (issue 12).
var (
	recipientRoleNames = map[RecipientRole]string{
		RecipientFormateur:    "formateur",
		RecipientBurgemeester: "burgemeester",
		RecipientCommissaris:  "Commissaris van de Koning",
		RecipientDijkgraaf:    "dijkgraaf",
		RecipientGezaghebber:  "gezaghebber",
		RecipientVoorzitter:   "voorzitter",
	}
	rescanKindNames = map[RescanKind]string{
		RescanReappointment: "herbenoeming",
		RescanMidTerm:       "tussentijdse vacature",
	}
	deadlineKindNames = map[DeadlineKind]string{
		DeadlineBeforeAppointment: "vóór benoeming",
		DeadlineThreeMonths:       "binnen drie maanden na benoeming",
		DeadlineOnDate:            "uiterlijk op een datum",
	}
	// ownerNames are the owners of a measure; the chair, the secretary and
	// the board are called differently in each kind of body.
	ownerNames = map[MeasureOwner]string{
		OwnerCandidate: "de kandidaat",
		OwnerFormateur: "de formateur",
		OwnerGriffie:   "de griffie",
	}
	ownerNamesOf = map[OrganisationKind]map[MeasureOwner]string{
		KindGemeente: {OwnerChair: "de burgemeester", OwnerSecretary: "de gemeentesecretaris",
			OwnerBoard: "het college van burgemeester en wethouders"},
		KindProvincie: {OwnerChair: "de Commissaris van de Koning", OwnerSecretary: "de provinciesecretaris",
			OwnerBoard: "Gedeputeerde Staten"},
		KindWaterschap: {OwnerChair: "de dijkgraaf", OwnerSecretary: "de secretaris-directeur",
			OwnerBoard: "het dagelijks bestuur"},
		KindOpenbaarLichaam: {OwnerChair: "de gezaghebber", OwnerSecretary: "de eilandsecretaris",
			OwnerBoard: "het bestuurscollege"},
	}
	genericOwnerNames = map[MeasureOwner]string{
		OwnerChair: "de voorzitter van het bestuur", OwnerSecretary: "de secretaris", OwnerBoard: "het bestuur",
	}
)

// DutchName returns the capacity in which the advice is received
// ("Commissaris van de Koning").
func (r RecipientRole) DutchName() string { return nameOr(recipientRoleNames, r, "formateur") }

// DutchName returns why a candidate is scanned again ("herbenoeming").
func (k RescanKind) DutchName() string { return nameOr(rescanKindNames, k, "herhaalde scan") }

// DutchName returns the kind of deadline ("vóór benoeming").
func (k DeadlineKind) DutchName() string { return nameOr(deadlineKindNames, k, "geen termijn") }

// Dutch returns the deadline as the advice states it: "vóór benoeming",
// "binnen drie maanden na benoeming" or "uiterlijk 1 juni 2027".
func (d MeasureDeadline) Dutch() string {
	if d.Kind == DeadlineOnDate {
		return "uiterlijk " + d.On.Dutch()
	}
	return d.Kind.DutchName()
}

// DutchNameFor returns who carries out the measure in an organisation of
// kind k ("de gemeentesecretaris").
func (o MeasureOwner) DutchNameFor(k OrganisationKind) string {
	if n, ok := ownerNames[o]; ok {
		return n
	}
	if n, ok := ownerNamesOf[k][o]; ok {
		return n
	}
	return nameOr(genericOwnerNames, o, "niet benoemd")
}

// KindOf returns the kind of organisation an office belongs to.
func (o Office) KindOf() OrganisationKind { return OfficeBody[o] }
