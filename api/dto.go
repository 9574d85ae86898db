package api

import (
	"time"

	"basisscan/domain"
	"basisscan/workflow"
)

// Requests. Bounds on every string keep a single request small; server-owned
// fields (state, version, owners, signatures) do not exist here, so a body
// that sets them is refused as an unknown field.

type personRequest struct {
	Name  string `json:"name" validate:"required,notblank,max=200"`
	Email string `json:"email" validate:"required,email,max=254"`
}

type createScanRequest struct {
	Candidate              personRequest `json:"candidate" validate:"required"`
	Office                 string        `json:"office" validate:"required,office"`
	AdviserEmail           string        `json:"adviser_email" validate:"required,email,max=254"`
	PlannedAppointmentDate string        `json:"planned_appointment_date" validate:"required,datetime=2006-01-02"`
	// Recipient, Portfolio and Rescan are optional: the formateur receives
	// the advice as formateur, and the scan is a first one.
	Recipient *recipientRequest `json:"recipient"`
	Portfolio string            `json:"portfolio" validate:"max=500"`
	Rescan    *rescanRequest    `json:"rescan"`
}

// recipientRequest names who receives the advice in which capacity; the
// workflow checks the role against the organisation's kind and names the
// choices in Dutch.
type recipientRequest struct {
	Role  string `json:"role" validate:"max=50"`
	Email string `json:"email" validate:"omitempty,email,max=254"`
}

type rescanRequest struct {
	Kind             string `json:"kind" validate:"required,max=50"`
	EarlierReference string `json:"earlier_reference" validate:"required,notblank,max=20"`
}

type portfolioRequest struct {
	Portfolio string `json:"portfolio" validate:"max=500"`
}

type weighingRequest struct {
	Changed     *bool  `json:"changed" validate:"required"`
	Explanation string `json:"explanation" validate:"required,notblank,max=5000" text:"multiline"`
}

type consentRequest struct {
	Consent *bool `json:"consent" validate:"required"`
	// Version is the consent text's version the candidate read, as GET
	// …/consent gave it; optional.
	Version string `json:"version" validate:"max=50"`
}

// textResponse is a text for people in one version.
type textResponse struct {
	Version string `json:"version"`
	Text    string `json:"text"`
}

// consentTextResponse is what the candidate reads before consenting.
type consentTextResponse struct {
	Version          string       `json:"version"`
	Text             string       `json:"text"`
	PrivacyStatement textResponse `json:"privacy_statement"`
	PrivacyURL       string       `json:"privacy_url"` // the statement as a page, for anyone
}

type answersRequest struct {
	Answers map[string]any `json:"answers" validate:"required,max=500,dive,keys,max=100,endkeys"`
}

type interviewRequest struct {
	HeldOn    string            `json:"held_on" validate:"required,datetime=2006-01-02"`
	Summary   string            `json:"summary" validate:"required,notblank,max=20000" text:"multiline"`
	Attendees []attendeeRequest `json:"attendees" validate:"required,min=1,max=20,dive"`
	Topics    []string          `json:"topics" validate:"max=30,dive,required,notblank,max=200"`
}

type attendeeRequest struct {
	Name string `json:"name" validate:"required,notblank,max=200"`
	Role string `json:"role" validate:"required,notblank,max=200"`
}

// deadlineRequest is by when a measure is carried out; on only with kind on-date.
type deadlineRequest struct {
	Kind string `json:"kind" validate:"required,max=50"`
	On   string `json:"on" validate:"omitempty,datetime=2006-01-02"`
}

type researchSourceRequest struct {
	Source    string `json:"source" validate:"required,source_kind"`
	CheckedOn string `json:"checked_on" validate:"required,datetime=2006-01-02"`
	Note      string `json:"note" validate:"max=5000" text:"multiline"`
}

type researchRequest struct {
	Sources []researchSourceRequest `json:"sources" validate:"required,max=100,dive"`
}

type vogRequest struct {
	Status    string `json:"status" validate:"required,vog_status"`
	IssuedOn  string `json:"issued_on" validate:"omitempty,datetime=2006-01-02"`
	Profile   string `json:"profile" validate:"omitempty,max=10"`
	Reference string `json:"reference" validate:"max=100"`
}

type findingRequest struct {
	Domain      string `json:"domain" validate:"required,risk_domain"`
	Title       string `json:"title" validate:"required,notblank,max=300"`
	Description string `json:"description" validate:"max=20000" text:"multiline"`
	Class       string `json:"class" validate:"required,finding_class"`
	Measure     string `json:"measure" validate:"max=5000" text:"multiline"`
	LegalBasis  string `json:"legal_basis" validate:"max=300"`
	Signal      string `json:"signal" validate:"max=120"` // the signal it was accepted from, kept when the adviser edits
	// MeasureOwner and MeasureDeadline: the workflow checks them, naming the choices in Dutch.
	MeasureOwner    string           `json:"measure_owner" validate:"max=50"`
	MeasureDeadline *deadlineRequest `json:"measure_deadline"`
}

type adviceRequest struct {
	Conclusion string           `json:"conclusion" validate:"omitempty,conclusion"`
	Summary    string           `json:"summary" validate:"max=20000" text:"multiline"`
	Findings   []findingRequest `json:"findings" validate:"max=200,dive"`
}

type responseRequest struct {
	Agrees  *bool  `json:"agrees" validate:"required"`
	Comment string `json:"comment" validate:"max=20000" text:"multiline"`
}

type reasonRequest struct {
	Reason string `json:"reason" validate:"max=2000" text:"multiline"`
}

type clarificationRequest struct {
	Questions []string `json:"questions" validate:"required,min=1,max=100,dive,required,max=100"`
	Note      string   `json:"note" validate:"required,notblank,max=5000" text:"multiline"`
}

type signalAcceptRequest struct {
	Domain      string `json:"domain" validate:"omitempty,risk_domain"`
	Class       string `json:"class" validate:"omitempty,finding_class"`
	Title       string `json:"title" validate:"max=300"`
	Description string `json:"description" validate:"max=20000" text:"multiline"`
	Measure     string `json:"measure" validate:"max=5000" text:"multiline"`
	// MeasureOwner and MeasureDeadline may be given now or completed in the advice.
	MeasureOwner    string           `json:"measure_owner" validate:"max=50"`
	MeasureDeadline *deadlineRequest `json:"measure_deadline"`
}

type signalDismissRequest struct {
	Reason string `json:"reason" validate:"required,notblank,max=5000" text:"multiline"`
}

type signalResponse struct {
	Key         string              `json:"key"`
	Rule        string              `json:"rule"`
	Status      domain.SignalStatus `json:"status"`
	Reason      string              `json:"reason,omitempty"`
	DecidedAt   *time.Time          `json:"decided_at,omitempty"`
	Domain      domain.RiskDomain   `json:"domain"`
	Class       domain.FindingClass `json:"class"`
	Title       string              `json:"title"`
	Description string              `json:"description"`
	LegalBasis  string              `json:"legal_basis,omitempty"`
	Source      string              `json:"source,omitempty"`
	Measure     string              `json:"measure,omitempty"`
	// AdviserWordsOnly: accept only with a title and description of one's own.
	AdviserWordsOnly bool           `json:"adviser_words_only,omitempty"`
	Section          string         `json:"section"`
	Question         string         `json:"question"`
	Answer           any            `json:"answer"`
	Entry            map[string]any `json:"entry,omitempty"`
}

type secondAdviserRequest struct {
	Email string `json:"email" validate:"required,email,max=254"`
}

type outcomeRequest struct {
	Outcome string `json:"outcome" validate:"required,outcome"`
}

type emptyRequest struct{}

type appointmentDateRequest struct {
	Date   string `json:"date" validate:"required,datetime=2006-01-02"`
	Reason string `json:"reason" validate:"required,notblank,max=1000" text:"multiline"`
}

// Responses.

type personResponse struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type scanResponse struct {
	ID            string               `json:"id"`
	Reference     string               `json:"reference"`
	State         domain.State         `json:"state"`
	Version       int                  `json:"version"`
	Office        domain.Office        `json:"office"`
	Organisation  string               `json:"organisation"`
	Candidate     personResponse       `json:"candidate"`
	Adviser       personResponse       `json:"adviser"`
	SecondAdviser *personResponse      `json:"second_adviser,omitempty"`
	Recipient     personResponse       `json:"recipient"`
	RecipientRole domain.RecipientRole `json:"recipient_role"`
	// Portfolio is for the formateur and the adviser; Rescan for the adviser only.
	Portfolio              string          `json:"portfolio,omitempty"`
	Rescan                 *rescanResponse `json:"rescan,omitempty"`
	PlannedAppointmentDate domain.Date     `json:"planned_appointment_date"`
	Outcome                domain.Outcome  `json:"outcome,omitempty"`
	AllowedActions         []domain.Action `json:"allowed_actions"`
	CreatedAt              time.Time       `json:"created_at"`
	UpdatedAt              time.Time       `json:"updated_at"`
	// The dates and statuses that follow from the planned appointment date
	// (see scanView): a VOG status, never its details; the deadlines.
	VOGStatus        vogStatusResponse `json:"vog_status"`
	ResponseDeadline *time.Time        `json:"response_deadline,omitempty"`
	QuestionnaireDue *time.Time        `json:"questionnaire_due,omitempty"` // adviser and candidate only
}

// vogStatusResponse is where the VOG stands for the planned appointment:
// status is none, requested, valid, too_old or refused; text says it in Dutch.
type vogStatusResponse struct {
	Status string `json:"status"`
	Text   string `json:"text"`
}

func person(p domain.Person) personResponse { return personResponse{Name: p.Name, Email: p.Email} }

// rescanResponse is a re-scan's link as the adviser sees it; the earlier
// scan's state and conclusion only where the scan itself is read.
type rescanResponse struct {
	Kind              domain.RescanKind `json:"kind"`
	EarlierReference  string            `json:"earlier_reference"`
	EarlierState      domain.State      `json:"earlier_state,omitempty"`
	EarlierConclusion domain.Conclusion `json:"earlier_conclusion,omitempty"`
	EarlierOutcome    domain.Outcome    `json:"earlier_outcome,omitempty"`
}

// toScanResponse is the phase-level view every participant may see: it holds
// no answers, notes or VOG details. The portfolio is the formateur's and
// the adviser's: the candidate needs it for nothing they do. The re-scan
// link is the adviser's alone.
func toScanResponse(s *domain.Scan, allowed []domain.Action, role domain.Role) scanResponse {
	out := toPhaseResponse(s, allowed)
	if role == domain.RoleAdviser || role == domain.RoleFormateur {
		out.Portfolio = s.Portfolio
	}
	if role == domain.RoleAdviser && s.Rescan != nil {
		out.Rescan = &rescanResponse{Kind: s.Rescan.Kind, EarlierReference: s.Rescan.EarlierReference}
	}
	return out
}

func toPhaseResponse(s *domain.Scan, allowed []domain.Action) scanResponse {
	var second *personResponse
	if s.SecondAdviser != nil {
		p := person(*s.SecondAdviser)
		second = &p
	}
	return scanResponse{SecondAdviser: second,
		ID: s.ID, Reference: s.Reference, State: s.State, Version: s.Version, Office: s.Office,
		Organisation: s.Organisation, Candidate: person(s.Candidate), Adviser: person(s.Adviser),
		Recipient: person(s.Recipient), RecipientRole: s.RecipientRole, PlannedAppointmentDate: s.PlannedAppointmentDate, Outcome: s.Outcome,
		AllowedActions: allowed, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}
}

type listResponse[T any] struct {
	Items []T `json:"items"`
}

type questionnaireResponse struct {
	Version        string                  `json:"version"`
	Title          string                  `json:"title"`
	Sections       []domain.Section        `json:"sections"`
	Answers        domain.Answers          `json:"answers"`
	Missing        []string                `json:"missing"`
	Progress       []progressResponse      `json:"progress"`
	SubmittedAt    *time.Time              `json:"submitted_at"`
	Clarifications []clarificationResponse `json:"clarifications"`
	AnswerLog      []answerChangeResponse  `json:"answer_log"`
}

type progressResponse struct {
	Section   string   `json:"section"`
	Title     string   `json:"title"`
	Remaining int      `json:"remaining"`
	Missing   []string `json:"missing"`
}

type clarificationResponse struct {
	ID          string     `json:"id"`
	Questions   []string   `json:"questions"`
	Note        string     `json:"note"`
	RequestedAt time.Time  `json:"requested_at"`
	AnsweredAt  *time.Time `json:"answered_at"`
}

type answerChangeResponse struct {
	Question      string    `json:"question"`
	Previous      any       `json:"previous"`
	Value         any       `json:"value"`
	At            time.Time `json:"at"`
	Clarification string    `json:"clarification"`
}

func toQuestionnaireResponse(q *workflow.QuestionnaireView) questionnaireResponse {
	out := questionnaireResponse{Version: q.Template.Version, Title: q.Template.Title, Sections: q.Template.Sections,
		Answers: q.Answers, Missing: []string{}, SubmittedAt: q.SubmittedAt,
		Clarifications: []clarificationResponse{}, AnswerLog: []answerChangeResponse{}}
	for _, p := range q.Template.Progress(q.Answers) {
		out.Missing = append(out.Missing, p.Missing...)
		out.Progress = append(out.Progress, progressResponse{Section: p.ID, Title: p.Title, Remaining: p.Remaining, Missing: p.Missing})
	}
	for _, c := range q.Clarifications {
		out.Clarifications = append(out.Clarifications, clarificationResponse{ID: c.ID, Questions: c.Questions,
			Note: c.Note, RequestedAt: c.RequestedAt, AnsweredAt: c.AnsweredAt})
	}
	for _, ch := range q.AnswerLog {
		out.AnswerLog = append(out.AnswerLog, answerChangeResponse(ch))
	}
	return out
}

type findingResponse struct {
	Domain          domain.RiskDomain   `json:"domain"`
	Title           string              `json:"title"`
	Description     string              `json:"description"`
	Class           domain.FindingClass `json:"class"`
	Measure         string              `json:"measure"`
	LegalBasis      string              `json:"legal_basis,omitempty"`
	Signal          string              `json:"signal,omitempty"`
	MeasureOwner    domain.MeasureOwner `json:"measure_owner,omitempty"`
	MeasureDeadline *deadlineResponse   `json:"measure_deadline,omitempty"`
}

type deadlineResponse struct {
	Kind domain.DeadlineKind `json:"kind"`
	On   *domain.Date        `json:"on,omitempty"`
}

type weighingResponse struct {
	Changed     bool      `json:"changed"`
	Explanation string    `json:"explanation"`
	At          time.Time `json:"at"`
}

type candidateResponse struct {
	Given   bool      `json:"given"`
	Agrees  *bool     `json:"agrees"`
	Comment string    `json:"comment"`
	At      time.Time `json:"at"`
}

type adviceResponse struct {
	State      domain.State       `json:"state"`
	Conclusion domain.Conclusion  `json:"conclusion"`
	Summary    string             `json:"summary"`
	Findings   []findingResponse  `json:"findings"`
	Response   *candidateResponse `json:"response"`
	SignedBy   *personResponse    `json:"signed_by,omitempty"`
	SignedAt   *time.Time         `json:"signed_at,omitempty"`
	SHA256     string             `json:"sha256,omitempty"`
	// Weighing is for the adviser, and for the candidate once signed; the
	// formateur reads it in the signed document only.
	Weighing *weighingResponse `json:"weighing,omitempty"`
}

func toAdviceResponse(s *domain.Scan) adviceResponse {
	out := adviceResponse{State: s.State, Findings: []findingResponse{}}
	if a := s.Advice; a != nil {
		out.Conclusion, out.Summary, out.SignedAt, out.SHA256 = a.Conclusion, a.Summary, a.SignedAt, a.SHA256
		for _, f := range a.Findings {
			fr := findingResponse{Domain: f.Domain, Title: f.Title, Description: f.Description,
				Class: f.Class, Measure: f.Measure, LegalBasis: f.LegalBasis, Signal: f.Signal, MeasureOwner: f.MeasureOwner}
			if d := f.MeasureDeadline; !d.IsZero() {
				fr.MeasureDeadline = &deadlineResponse{Kind: d.Kind}
				if d.Kind == domain.DeadlineOnDate {
					on := d.On
					fr.MeasureDeadline.On = &on
				}
			}
			out.Findings = append(out.Findings, fr)
		}
		if a.SignedBy != nil {
			p := person(*a.SignedBy)
			out.SignedBy = &p
		}
	}
	if r := s.Response; r != nil {
		cr := &candidateResponse{Given: r.Given, Comment: r.Comment, At: r.At}
		if r.Given {
			agrees := r.Agrees
			cr.Agrees = &agrees
		}
		out.Response = cr
	}
	return out
}

// withWeighing adds the adviser's weighing of the response for those who
// may read it: the adviser, and the candidate once the advice is signed.
func withWeighing(out adviceResponse, s *domain.Scan, role domain.Role) adviceResponse {
	if s.Advice == nil || s.Advice.Weighing == nil {
		return out
	}
	signed := s.Advice.SignedAt != nil
	if role == domain.RoleAdviser || (role == domain.RoleCandidate && signed) {
		w := s.Advice.Weighing
		out.Weighing = &weighingResponse{Changed: w.Changed, Explanation: w.Explanation, At: w.At}
	}
	return out
}

type historyResponse struct {
	Seq       int           `json:"seq"`
	From      domain.State  `json:"from"`
	To        domain.State  `json:"to"`
	Action    domain.Action `json:"action"`
	ActorRole domain.Role   `json:"actor_role"`
	Reason    string        `json:"reason,omitempty"`
	At        time.Time     `json:"at"`
}

type auditEventResponse struct {
	Seq          int                `json:"seq"`
	At           time.Time          `json:"at"`
	ActorID      string             `json:"actor_id"`
	ActorRole    domain.Role        `json:"actor_role"`
	Organisation string             `json:"organisation"`
	Action       string             `json:"action"`
	Object       string             `json:"object"`
	Result       domain.AuditResult `json:"result"`
	RequestID    string             `json:"request_id"`
	Source       string             `json:"source"`
	PrevHash     string             `json:"prev_hash"`
	Hash         string             `json:"hash"`
}

type chainBreakResponse struct {
	Chain  string `json:"chain"`
	Seq    int    `json:"seq"`
	Reason string `json:"reason"`
}

type auditTrailResponse struct {
	Intact   bool                 `json:"intact"`
	Break    *chainBreakResponse  `json:"break,omitempty"`
	Items    []auditEventResponse `json:"items"`
	Refusals []refusalResponse    `json:"refusals"`
}

// refusalResponse counts refused attempts on the scan of one kind, from one
// source, in one minute.
type refusalResponse struct {
	Minute       time.Time   `json:"minute"`
	ActorID      string      `json:"actor_id"`
	ActorRole    domain.Role `json:"actor_role"`
	Organisation string      `json:"organisation"`
	Action       string      `json:"action"`
	Object       string      `json:"object"`
	Source       string      `json:"source"`
	Count        int         `json:"count"`
}

type auditVerifyResponse struct {
	Chains int                  `json:"chains"`
	Intact bool                 `json:"intact"`
	Breaks []chainBreakResponse `json:"breaks"`
}
