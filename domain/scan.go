package domain

import (
	"time"
)

// Office is the public office the candidate is considered for.
type Office string

// The offices a basisscan is done for.
const (
	OfficeWethouder           Office = "wethouder"
	OfficeGedeputeerde        Office = "gedeputeerde"
	OfficeLidDagelijksBestuur Office = "lid-dagelijks-bestuur"
	OfficeEilandgedeputeerde  Office = "eilandgedeputeerde"
)

// Offices lists every office.
var Offices = []Office{OfficeWethouder, OfficeGedeputeerde, OfficeLidDagelijksBestuur, OfficeEilandgedeputeerde}

// OfficeBody is the kind of organisation each office belongs to: the
// raad appoints wethouders, Provinciale Staten gedeputeerden, the algemeen
// bestuur of a waterschap the leden van het dagelijks bestuur, the
// eilandsraad eilandgedeputeerden. A scan for an office elsewhere checks
// the wrong law.
var OfficeBody = map[Office]OrganisationKind{
	OfficeWethouder:           KindGemeente,
	OfficeGedeputeerde:        KindProvincie,
	OfficeLidDagelijksBestuur: KindWaterschap,
	OfficeEilandgedeputeerde:  KindOpenbaarLichaam,
}

// BelongsTo reports whether the office is one of an organisation of kind k.
func (o Office) BelongsTo(k OrganisationKind) bool {
	body, ok := OfficeBody[o]
	return ok && body == k
}

// Scan is one basisscan integriteit of one candidate.
type Scan struct {
	ID        string
	Reference string // human-readable, e.g. BS-2026-7KQ2MX
	State     State
	Version   int // bumped by every write; the basis of optimistic locking

	Office                 Office
	OrganisationID         string
	Organisation           string // its name
	Policy                 Policy // the organisation's
	PlannedAppointmentDate Date

	Candidate     Person
	Adviser       Person  // the lead adviser, assigned at intake
	SecondAdviser *Person // a second adviser, who can sign off under four eyes
	Formateur     Person  // who started the scan
	Recipient     Person  // who receives the advice; the formateur unless changed
	// RecipientRole is the capacity in which Recipient receives the advice.
	RecipientRole RecipientRole
	// Portfolio is the intended portefeuille, free text; the formateur may
	// change it until the advice is put to the candidate.
	Portfolio string
	// Rescan links a re-scan to the earlier scan; nil for a first scan.
	Rescan *Rescan

	TemplateVersion string // questionnaire template the scan was started with

	Consent     *Consent
	Answers     Answers
	SubmittedAt *time.Time // questionnaire submission
	// QuestionnaireDue is the questionnaire's deadline, set at consent.
	QuestionnaireDue *time.Time
	Interview        *Interview
	Research         []ResearchSource
	VOG              *VOG
	Advice           *Advice
	Response         *Response
	Outcome          Outcome
	DecidedAt        *time.Time
	EndReason        string // reason given on withdrawal or cancellation

	// Clarifications are the adviser's requests to revisit answers after
	// submission; AnswerLog keeps every change made to a submitted answer.
	Clarifications []Clarification
	AnswerLog      []AnswerChange
	// SignalDecisions are the adviser's decisions on suggested findings, by
	// signal key.
	SignalDecisions map[string]SignalDecision

	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  *time.Time // when it reached a final state: the retention clock starts
	PurgedAt  *time.Time // when its content was destroyed; a content-free record remains
}

// Retention is how long the content of a finished scan is kept, per way it
// ended. There is no statutory term: each organisation's configuration.
type Retention struct {
	Appointed    time.Duration
	NotAppointed time.Duration
	Withdrawn    time.Duration
	Cancelled    time.Duration
}

// Due reports whether the finished scan's content is past retention at now.
func (r Retention) Due(state State, outcome Outcome, closedAt, now time.Time) bool {
	var keep time.Duration
	switch {
	case state == StateClosed && outcome == OutcomeAppointed:
		keep = r.Appointed
	case state == StateClosed && outcome == OutcomeNotAppointed:
		keep = r.NotAppointed
	case state == StateWithdrawn, state == StateRefused:
		// A refusal holds little more than the invitation; the candidate
		// chose to stop, as in a withdrawal.
		keep = r.Withdrawn
	case state == StateCancelled:
		keep = r.Cancelled
	default:
		return false
	}
	return !now.Before(closedAt.Add(keep))
}

// Consent records the candidate's answer to the consent request.
type Consent struct {
	Given       bool
	TextVersion string
	At          time.Time
}

// Interview records the interview held by the adviser.
type Interview struct {
	HeldOn    Date
	Summary   string
	Attendees []Attendee
	Topics    []string
}

// SourceKind is a kind of open source consulted by the adviser.
type SourceKind string

// The open sources of the Handleiding.
const (
	SourceKvK         SourceKind = "kvk"
	SourceKadaster    SourceKind = "kadaster"
	SourceSocialMedia SourceKind = "social-media"
	SourceNews        SourceKind = "news"
	SourceInsolvency  SourceKind = "insolvency"
	SourceRechtspraak SourceKind = "rechtspraak"
	SourceOther       SourceKind = "other"
)

// SourceKinds lists every kind of open source.
var SourceKinds = []SourceKind{SourceKvK, SourceKadaster, SourceSocialMedia, SourceNews, SourceInsolvency, SourceRechtspraak, SourceOther}

// ResearchSource is one open source checked, with what was found.
type ResearchSource struct {
	Source    SourceKind
	CheckedOn Date
	Note      string
}

// VOGStatus is where the candidate's VOG application stands.
type VOGStatus string

// The VOG statuses.
const (
	VOGRequested VOGStatus = "requested"
	VOGIssued    VOGStatus = "issued"
	VOGRefused   VOGStatus = "refused"
)

// VOGStatuses lists every VOG status.
var VOGStatuses = []VOGStatus{VOGRequested, VOGIssued, VOGRefused}

// VOGProfilePolitiek is screening profile 01, "politieke ambtsdrager".
const VOGProfilePolitiek = "01"

// VOGMaxAgeMonths is how old a VOG may be at appointment (Gemeentewet art. 36a lid 2).
const VOGMaxAgeMonths = 3

// VOG records the certificate of conduct. By design it holds no offence text.
type VOG struct {
	Status    VOGStatus
	IssuedOn  Date // the day Justis decided
	Profile   string
	Reference string
}

// ValidFor reports whether the VOG lets a candidate be appointed on the given
// day: issued, profile 01, not in the future and at most three months old then.
func (v *VOG) ValidFor(appointment, today Date) bool {
	return v != nil && v.Status == VOGIssued && v.Profile == VOGProfilePolitiek &&
		!v.IssuedOn.IsZero() && !v.IssuedOn.After(today) && !VOGTooOld(v.IssuedOn, appointment)
}

// VOGTooOld reports whether a VOG issued on issued is older than three months
// on the day of appointment (Gemeentewet art. 36a lid 2). The one place
// that rule lives.
func VOGTooOld(issued, appointment Date) bool {
	return issued.Before(appointment.AddMonths(-VOGMaxAgeMonths))
}

// Conclusion is the overall conclusion of an advice.
type Conclusion string

// The conclusions; there is no statutory scale.
const (
	ConclusionNoObjection Conclusion = "geen-bezwaar"
	ConclusionAttention   Conclusion = "aandachtspunten"
	ConclusionMeasures    Conclusion = "beheersmaatregelen"
	ConclusionAdvisedOff  Conclusion = "ontraden"
)

// Conclusions lists every conclusion.
var Conclusions = []Conclusion{ConclusionNoObjection, ConclusionAttention, ConclusionMeasures, ConclusionAdvisedOff}

// RiskDomain is one of the four risk domains of the Handleiding.
type RiskDomain string

// The risk domains.
const (
	DomainPersonal   RiskDomain = "persoonlijk"
	DomainRelational RiskDomain = "relationeel"
	DomainFinancial  RiskDomain = "financieel"
	DomainFunctional RiskDomain = "functioneel"
)

// RiskDomains lists the risk domains in report order.
var RiskDomains = []RiskDomain{DomainPersonal, DomainRelational, DomainFinancial, DomainFunctional}

// FindingClass is the weight of a finding.
type FindingClass string

// The finding classes.
const (
	ClassAttention   FindingClass = "aandachtspunt"
	ClassMeasure     FindingClass = "beheersmaatregel"
	ClassObstruction FindingClass = "belemmering" // a legal obstacle to appointment
)

// FindingClasses lists every class.
var FindingClasses = []FindingClass{ClassAttention, ClassMeasure, ClassObstruction}

// Finding is one conclusion of the advice in one risk domain.
type Finding struct {
	Domain      RiskDomain
	Title       string
	Description string
	Class       FindingClass
	Measure     string
	// MeasureOwner and MeasureDeadline say who carries out the measure by when.
	MeasureOwner    MeasureOwner    `json:",omitempty"`
	MeasureDeadline MeasureDeadline `json:",omitzero"`
	LegalBasis      string          `json:",omitempty"`
	Signal          string          `json:",omitempty"` // key of the signal it was accepted from
}

// Clarification asks the candidate to revisit some submitted answers.
type Clarification struct {
	ID          string
	Questions   []string // question ids reopened for the candidate
	Note        string
	RequestedAt time.Time
	RequestedBy string
	AnsweredAt  *time.Time
}

// Open reports whether the candidate has yet to answer it.
func (c Clarification) Open() bool { return c.AnsweredAt == nil }

// AnswerChange is one change to a submitted answer.
type AnswerChange struct {
	Question      string
	Previous      any
	Value         any // nil: the answer was removed
	At            time.Time
	Clarification string
}

// SignalStatus is the adviser's decision on a suggested finding.
type SignalStatus string

// The signal statuses; a signal without a decision is open.
const (
	SignalOpen      SignalStatus = "open"
	SignalAccepted  SignalStatus = "accepted"
	SignalDismissed SignalStatus = "dismissed"
)

// SignalDecision records what the adviser did with a suggested finding.
type SignalDecision struct {
	Status SignalStatus
	Reason string // why it was dismissed
	At     time.Time
	By     string
}

// Advice is the adviser's advice. It is frozen at sign-off.
type Advice struct {
	Conclusion Conclusion
	Summary    string
	Findings   []Finding
	WrittenBy  string // user id of the adviser who last saved it
	// EditedBy holds the user id of everyone who ever changed the content
	// (conclusion, summary, findings), in the order they first did: under
	// four eyes none of them may sign.
	EditedBy   []string
	ReviewFrom *time.Time // when it was last put to the candidate
	// Weighing is how the adviser weighed the candidate's response; required
	// before sign-off when the candidate disagreed.
	Weighing *Weighing
	SignedBy *Person
	// SignerOrganisation is the name of the signer's own organisation, for
	// the signature block: an adviser may serve other organisations.
	SignerOrganisation string
	SignedAt           *time.Time
	// VOGAtSignOff is the VOG as it stood at sign-off, as the signed
	// document states it; a VOG recorded later is an addendum to the scan.
	VOGAtSignOff *VOG
	SHA256       string // of the canonical frozen content, hex
}

// HasObstruction reports whether any finding is a belemmering.
func (a *Advice) HasObstruction() bool {
	for _, f := range a.Findings {
		if f.Class == ClassObstruction {
			return true
		}
	}
	return false
}

// Response is the candidate's response to the draft advice (hoor en wederhoor).
type Response struct {
	Given   bool // false: the review closed without a response
	Agrees  bool
	Comment string
	At      time.Time
}

// Outcome is the appointing body's decision, recorded by the formateur.
type Outcome string

// The outcomes.
const (
	OutcomeNone         Outcome = ""
	OutcomeAppointed    Outcome = "benoemd"
	OutcomeNotAppointed Outcome = "niet-benoemd"
)

// Outcomes lists the decisions a formateur can record.
var Outcomes = []Outcome{OutcomeAppointed, OutcomeNotAppointed}

// HistoryEntry is one recorded action on a scan. The history is append-only.
type HistoryEntry struct {
	Seq       int // order of the entry within the scan's history, from 1
	From      State
	To        State
	Action    Action
	ActorID   string
	ActorRole Role
	Reason    string
	At        time.Time
}
