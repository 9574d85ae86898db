package gormstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"basisscan/domain"
)

// The stored form of a scan's case content: the JSON sealed in
// scans.content. It has structs of its own, tagged, so that renaming a
// domain field cannot silently drop what is stored under the old name;
// a change to this form is a new version with a migration below.
//
// The version travels as "v" inside the sealed JSON rather than in a
// column: the content is only ever read whole and decrypted, the version
// is then authenticated with it, and a column could disagree with it.
// Version 1 is the form from before there was a version: untagged domain
// structs, without "v".

// contentVersion is the version contentOf writes.
const contentVersion = 3

// contentMigrations[n] turns the JSON of version n+1 into that of version n+2.
var contentMigrations = []func([]byte) ([]byte, error){migrateV1, migrateV2}

// storedContent is version 3 of the stored content: version 2 with the
// recipient's role, portfolio, re-scan link, questionnaire deadline,
// interview attendees and topics, measure owners and deadlines, the
// weighing of the response, the signer's organisation and the VOG at sign-off.
type storedContent struct {
	V                int                             `json:"v"`
	Consent          *storedConsent                  `json:"consent,omitempty"`
	Answers          map[string]any                  `json:"answers"`
	SubmittedAt      *time.Time                      `json:"submitted_at,omitempty"`
	Interview        *storedInterview                `json:"interview,omitempty"`
	Research         []storedResearch                `json:"research,omitempty"`
	VOG              *storedVOG                      `json:"vog,omitempty"`
	Advice           *storedAdvice                   `json:"advice,omitempty"`
	Response         *storedResponse                 `json:"response,omitempty"`
	DecidedAt        *time.Time                      `json:"decided_at,omitempty"`
	EndReason        string                          `json:"end_reason,omitempty"`
	CandidateName    string                          `json:"candidate_name,omitempty"` // the name this scan's formateur gave
	Clarifications   []storedClarification           `json:"clarifications,omitempty"`
	AnswerLog        []storedAnswerChange            `json:"answer_log,omitempty"`
	SignalDecisions  map[string]storedSignalDecision `json:"signal_decisions,omitempty"`
	RecipientRole    string                          `json:"recipient_role"`
	Portfolio        string                          `json:"portfolio,omitempty"`
	Rescan           *storedRescan                   `json:"rescan,omitempty"`
	QuestionnaireDue *time.Time                      `json:"questionnaire_due,omitempty"`
}

type storedRescan struct {
	Kind             string `json:"kind"`
	EarlierScanID    string `json:"earlier_scan_id"`
	EarlierReference string `json:"earlier_reference"`
}

type storedAttendee struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type storedWeighing struct {
	Changed     bool      `json:"changed"`
	Explanation string    `json:"explanation"`
	At          time.Time `json:"at"`
	By          string    `json:"by"`
}

type storedConsent struct {
	Given       bool      `json:"given"`
	TextVersion string    `json:"text_version"`
	At          time.Time `json:"at"`
}

// Dates are "YYYY-MM-DD", or "" when not set.
type storedInterview struct {
	HeldOn    string           `json:"held_on"`
	Summary   string           `json:"summary"`
	Attendees []storedAttendee `json:"attendees,omitempty"`
	Topics    []string         `json:"topics,omitempty"`
}

type storedResearch struct {
	Source    string `json:"source"`
	CheckedOn string `json:"checked_on"`
	Note      string `json:"note"`
}

type storedVOG struct {
	Status    string `json:"status"`
	IssuedOn  string `json:"issued_on"`
	Profile   string `json:"profile"`
	Reference string `json:"reference"`
}

type storedAdvice struct {
	Conclusion         string          `json:"conclusion"`
	Summary            string          `json:"summary"`
	Findings           []storedFinding `json:"findings"`
	WrittenBy          string          `json:"written_by"`
	EditedBy           []string        `json:"edited_by"`
	ReviewFrom         *time.Time      `json:"review_from,omitempty"`
	SignedBy           *storedPerson   `json:"signed_by,omitempty"`
	SignedAt           *time.Time      `json:"signed_at,omitempty"`
	SHA256             string          `json:"sha256"`
	Weighing           *storedWeighing `json:"weighing,omitempty"`
	SignerOrganisation string          `json:"signer_organisation,omitempty"`
	VOGAtSignOff       *storedVOG      `json:"vog_at_sign_off,omitempty"`
}

type storedFinding struct {
	Domain            string `json:"domain"`
	Title             string `json:"title"`
	Description       string `json:"description"`
	Class             string `json:"class"`
	Measure           string `json:"measure"`
	LegalBasis        string `json:"legal_basis,omitempty"`
	Signal            string `json:"signal,omitempty"`
	MeasureOwner      string `json:"measure_owner,omitempty"`
	MeasureDeadline   string `json:"measure_deadline,omitempty"`    // a DeadlineKind
	MeasureDeadlineOn string `json:"measure_deadline_on,omitempty"` // YYYY-MM-DD, for on-date
}

type storedPerson struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type storedResponse struct {
	Given   bool      `json:"given"`
	Agrees  bool      `json:"agrees"`
	Comment string    `json:"comment"`
	At      time.Time `json:"at"`
}

type storedClarification struct {
	ID          string     `json:"id"`
	Questions   []string   `json:"questions"`
	Note        string     `json:"note"`
	RequestedAt time.Time  `json:"requested_at"`
	RequestedBy string     `json:"requested_by"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
}

type storedAnswerChange struct {
	Question      string    `json:"question"`
	Previous      any       `json:"previous"`
	Value         any       `json:"value"` // nil: the answer was removed
	At            time.Time `json:"at"`
	Clarification string    `json:"clarification"`
}

type storedSignalDecision struct {
	Status string    `json:"status"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

// encodeContent returns the newest stored form of the scan's content.
func encodeContent(s *domain.Scan) ([]byte, error) {
	c := storedContent{V: contentVersion, Answers: s.Answers, SubmittedAt: s.SubmittedAt, DecidedAt: s.DecidedAt,
		EndReason: s.EndReason, CandidateName: s.Candidate.Name,
		RecipientRole: string(s.RecipientRole), Portfolio: s.Portfolio, QuestionnaireDue: s.QuestionnaireDue}
	if p := s.Rescan; p != nil {
		c.Rescan = &storedRescan{Kind: string(p.Kind), EarlierScanID: p.EarlierScanID, EarlierReference: p.EarlierReference}
	}
	if p := s.Consent; p != nil {
		c.Consent = &storedConsent{Given: p.Given, TextVersion: p.TextVersion, At: p.At}
	}
	if p := s.Interview; p != nil {
		c.Interview = &storedInterview{HeldOn: p.HeldOn.String(), Summary: p.Summary, Topics: p.Topics}
		for _, at := range p.Attendees {
			c.Interview.Attendees = append(c.Interview.Attendees, storedAttendee(at))
		}
	}
	for _, r := range s.Research {
		c.Research = append(c.Research, storedResearch{Source: string(r.Source), CheckedOn: r.CheckedOn.String(), Note: r.Note})
	}
	c.VOG = vogToStored(s.VOG)
	if a := s.Advice; a != nil {
		sa := &storedAdvice{Conclusion: string(a.Conclusion), Summary: a.Summary, WrittenBy: a.WrittenBy,
			EditedBy: a.EditedBy, ReviewFrom: a.ReviewFrom, SignedAt: a.SignedAt, SHA256: a.SHA256,
			SignerOrganisation: a.SignerOrganisation, VOGAtSignOff: vogToStored(a.VOGAtSignOff)}
		if w := a.Weighing; w != nil {
			sa.Weighing = &storedWeighing{Changed: w.Changed, Explanation: w.Explanation, At: w.At, By: w.By}
		}
		if a.Findings != nil {
			sa.Findings = make([]storedFinding, len(a.Findings))
		}
		for i, f := range a.Findings {
			sa.Findings[i] = storedFinding{Domain: string(f.Domain), Title: f.Title, Description: f.Description,
				Class: string(f.Class), Measure: f.Measure, LegalBasis: f.LegalBasis, Signal: f.Signal,
				MeasureOwner: string(f.MeasureOwner), MeasureDeadline: string(f.MeasureDeadline.Kind)}
			if !f.MeasureDeadline.On.IsZero() {
				sa.Findings[i].MeasureDeadlineOn = f.MeasureDeadline.On.String()
			}
		}
		if p := a.SignedBy; p != nil {
			sa.SignedBy = &storedPerson{ID: p.ID, Name: p.Name, Email: p.Email}
		}
		c.Advice = sa
	}
	if p := s.Response; p != nil {
		c.Response = &storedResponse{Given: p.Given, Agrees: p.Agrees, Comment: p.Comment, At: p.At}
	}
	for _, r := range s.Clarifications {
		c.Clarifications = append(c.Clarifications, storedClarification{ID: r.ID, Questions: r.Questions, Note: r.Note,
			RequestedAt: r.RequestedAt, RequestedBy: r.RequestedBy, AnsweredAt: r.AnsweredAt})
	}
	for _, r := range s.AnswerLog {
		c.AnswerLog = append(c.AnswerLog, storedAnswerChange{Question: r.Question, Previous: r.Previous, Value: r.Value,
			At: r.At, Clarification: r.Clarification})
	}
	if s.SignalDecisions != nil {
		c.SignalDecisions = make(map[string]storedSignalDecision, len(s.SignalDecisions))
	}
	for k, d := range s.SignalDecisions {
		c.SignalDecisions[k] = storedSignalDecision{Status: string(d.Status), Reason: d.Reason, At: d.At, By: d.By}
	}
	return json.Marshal(c)
}

var errContentVersion = errors.New("content was written by a newer version of basisscan")

// contentVersionOf returns the version of stored content; JSON without
// "v" is version 1.
func contentVersionOf(b []byte) (int, error) {
	var head struct {
		V *int `json:"v"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return 0, err
	}
	if head.V == nil {
		return 1, nil
	}
	if *head.V < 1 || *head.V > contentVersion {
		// Reading a newer form with older structs would drop what they
		// lack on the next write.
		return 0, fmt.Errorf("%w (version %d, this one reads up to %d)", errContentVersion, *head.V, contentVersion)
	}
	return *head.V, nil
}

// upgradeContent runs the migrations from b's version to the newest.
func upgradeContent(b []byte) ([]byte, error) {
	v, err := contentVersionOf(b)
	if err != nil {
		return nil, err
	}
	for ; v < contentVersion; v++ {
		if b, err = contentMigrations[v-1](b); err != nil {
			return nil, fmt.Errorf("migrate content from version %d: %w", v, err)
		}
	}
	return b, nil
}

// decodeContent reads stored content of any version into the newest form.
func decodeContent(b []byte) (*storedContent, error) {
	b, err := upgradeContent(b)
	if err != nil {
		return nil, err
	}
	var c storedContent
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// applyTo sets the scan's content fields from c; the candidate's name is
// the caller's, since scans from before it was stored here have none.
func (c *storedContent) applyTo(s *domain.Scan) error {
	s.Answers = c.Answers
	if s.Answers == nil {
		s.Answers = domain.Answers{}
	}
	s.SubmittedAt, s.DecidedAt, s.EndReason = c.SubmittedAt, c.DecidedAt, c.EndReason
	s.RecipientRole, s.Portfolio, s.QuestionnaireDue = domain.RecipientRole(c.RecipientRole), c.Portfolio, c.QuestionnaireDue
	if p := c.Rescan; p != nil {
		s.Rescan = &domain.Rescan{Kind: domain.RescanKind(p.Kind), EarlierScanID: p.EarlierScanID, EarlierReference: p.EarlierReference}
	}
	if p := c.Consent; p != nil {
		s.Consent = &domain.Consent{Given: p.Given, TextVersion: p.TextVersion, At: p.At}
	}
	if p := c.Interview; p != nil {
		held, err := storedDate(p.HeldOn)
		if err != nil {
			return err
		}
		s.Interview = &domain.Interview{HeldOn: held, Summary: p.Summary, Topics: p.Topics}
		for _, at := range p.Attendees {
			s.Interview.Attendees = append(s.Interview.Attendees, domain.Attendee(at))
		}
	}
	for _, r := range c.Research {
		checked, err := storedDate(r.CheckedOn)
		if err != nil {
			return err
		}
		s.Research = append(s.Research, domain.ResearchSource{Source: domain.SourceKind(r.Source), CheckedOn: checked, Note: r.Note})
	}
	var err error
	if s.VOG, err = p2vog(c.VOG); err != nil {
		return err
	}
	if a := c.Advice; a != nil {
		da := &domain.Advice{Conclusion: domain.Conclusion(a.Conclusion), Summary: a.Summary, WrittenBy: a.WrittenBy,
			EditedBy: a.EditedBy, ReviewFrom: a.ReviewFrom, SignedAt: a.SignedAt, SHA256: a.SHA256,
			SignerOrganisation: a.SignerOrganisation}
		if da.VOGAtSignOff, err = p2vog(a.VOGAtSignOff); err != nil {
			return err
		}
		if w := a.Weighing; w != nil {
			da.Weighing = &domain.Weighing{Changed: w.Changed, Explanation: w.Explanation, At: w.At, By: w.By}
		}
		if a.Findings != nil {
			da.Findings = make([]domain.Finding, len(a.Findings))
		}
		for i, f := range a.Findings {
			on, err := storedDate(f.MeasureDeadlineOn)
			if err != nil {
				return err
			}
			da.Findings[i] = domain.Finding{Domain: domain.RiskDomain(f.Domain), Title: f.Title, Description: f.Description,
				Class: domain.FindingClass(f.Class), Measure: f.Measure, LegalBasis: f.LegalBasis, Signal: f.Signal,
				MeasureOwner:    domain.MeasureOwner(f.MeasureOwner),
				MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineKind(f.MeasureDeadline), On: on}}
		}
		if p := a.SignedBy; p != nil {
			da.SignedBy = &domain.Person{ID: p.ID, Name: p.Name, Email: p.Email}
		}
		s.Advice = da
	}
	if p := c.Response; p != nil {
		s.Response = &domain.Response{Given: p.Given, Agrees: p.Agrees, Comment: p.Comment, At: p.At}
	}
	for _, r := range c.Clarifications {
		s.Clarifications = append(s.Clarifications, domain.Clarification{ID: r.ID, Questions: r.Questions, Note: r.Note,
			RequestedAt: r.RequestedAt, RequestedBy: r.RequestedBy, AnsweredAt: r.AnsweredAt})
	}
	for _, r := range c.AnswerLog {
		s.AnswerLog = append(s.AnswerLog, domain.AnswerChange{Question: r.Question, Previous: r.Previous, Value: r.Value,
			At: r.At, Clarification: r.Clarification})
	}
	if c.SignalDecisions != nil {
		s.SignalDecisions = make(map[string]domain.SignalDecision, len(c.SignalDecisions))
	}
	for k, d := range c.SignalDecisions {
		s.SignalDecisions[k] = domain.SignalDecision{Status: domain.SignalStatus(d.Status), Reason: d.Reason, At: d.At, By: d.By}
	}
	return nil
}

func vogToStored(p *domain.VOG) *storedVOG {
	if p == nil {
		return nil
	}
	return &storedVOG{Status: string(p.Status), IssuedOn: p.IssuedOn.String(), Profile: p.Profile, Reference: p.Reference}
}

// p2vog reads a stored VOG back; nil stays nil.
func p2vog(p *storedVOG) (*domain.VOG, error) {
	if p == nil {
		return nil, nil
	}
	issued, err := storedDate(p.IssuedOn)
	if err != nil {
		return nil, err
	}
	return &domain.VOG{Status: domain.VOGStatus(p.Status), IssuedOn: issued, Profile: p.Profile, Reference: p.Reference}, nil
}

// storedDate parses a stored date; not domain.ParseDate, whose bounds are
// for input: a date stored before they existed must still load.
func storedDate(s string) (domain.Date, error) {
	if s == "" {
		return domain.Date{}, nil
	}
	t, err := time.Parse(domain.DateLayout, s)
	if err != nil {
		return domain.Date{}, fmt.Errorf("stored date %q: %w", s, err)
	}
	return domain.DateOf(t), nil
}

// Version 1, frozen: the untagged domain structs as they were when it was
// the only form, each key the Go field name of then. Never change these.
type (
	v1Content struct {
		Consent *struct {
			Given       bool
			TextVersion string
			At          time.Time
		} `json:"consent"`
		Answers     map[string]any `json:"answers"`
		SubmittedAt *time.Time     `json:"submitted_at"`
		Interview   *struct {
			HeldOn  *string
			Summary string
		} `json:"interview"`
		Research []struct {
			Source    string
			CheckedOn *string
			Note      string
		} `json:"research"`
		VOG *struct {
			Status             string
			IssuedOn           *string
			Profile, Reference string
		} `json:"vog"`
		Advice   *v1Advice `json:"advice"`
		Response *struct {
			Given, Agrees bool
			Comment       string
			At            time.Time
		} `json:"response"`
		DecidedAt      *time.Time        `json:"decided_at"`
		EndReason      string            `json:"end_reason"`
		CandidateName  string            `json:"candidate_name"`
		Clarifications []v1Clarification `json:"clarifications"`
		AnswerLog      []struct {
			Question        string
			Previous, Value any
			At              time.Time
			Clarification   string
		} `json:"answer_log"`
		SignalDecisions map[string]struct {
			Status, Reason string
			At             time.Time
			By             string
		} `json:"signal_decisions"`
	}
	v1Advice struct {
		Conclusion, Summary string
		Findings            []struct{ Domain, Title, Description, Class, Measure, LegalBasis, Signal string }
		WrittenBy           string
		EditedBy            []string
		ReviewFrom          *time.Time
		SignedBy            *struct{ ID, Name, Email string }
		SignedAt            *time.Time
		SHA256              string
	}
	v1Clarification struct {
		ID          string
		Questions   []string
		Note        string
		RequestedAt time.Time
		RequestedBy string
		AnsweredAt  *time.Time
	}
)

// migrateV1 renames every key to snake_case and adds "v": the same values
// under the names of version 2.
func migrateV1(b []byte) ([]byte, error) {
	var o v1Content
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, err
	}
	c := storedContent{V: 2, Answers: o.Answers, SubmittedAt: o.SubmittedAt, DecidedAt: o.DecidedAt,
		EndReason: o.EndReason, CandidateName: o.CandidateName}
	if p := o.Consent; p != nil {
		c.Consent = &storedConsent{Given: p.Given, TextVersion: p.TextVersion, At: p.At}
	}
	if p := o.Interview; p != nil {
		c.Interview = &storedInterview{HeldOn: derefString(p.HeldOn), Summary: p.Summary}
	}
	for _, r := range o.Research {
		c.Research = append(c.Research, storedResearch{Source: r.Source, CheckedOn: derefString(r.CheckedOn), Note: r.Note})
	}
	if p := o.VOG; p != nil {
		c.VOG = &storedVOG{Status: p.Status, IssuedOn: derefString(p.IssuedOn), Profile: p.Profile, Reference: p.Reference}
	}
	if a := o.Advice; a != nil {
		sa := &storedAdvice{Conclusion: a.Conclusion, Summary: a.Summary, WrittenBy: a.WrittenBy, EditedBy: a.EditedBy,
			ReviewFrom: a.ReviewFrom, SignedAt: a.SignedAt, SHA256: a.SHA256}
		if a.Findings != nil {
			sa.Findings = make([]storedFinding, len(a.Findings))
		}
		for i, f := range a.Findings {
			sa.Findings[i] = storedFinding{Domain: f.Domain, Title: f.Title, Description: f.Description, Class: f.Class,
				Measure: f.Measure, LegalBasis: f.LegalBasis, Signal: f.Signal}
		}
		if p := a.SignedBy; p != nil {
			sa.SignedBy = &storedPerson{ID: p.ID, Name: p.Name, Email: p.Email}
		}
		c.Advice = sa
	}
	if p := o.Response; p != nil {
		c.Response = &storedResponse{Given: p.Given, Agrees: p.Agrees, Comment: p.Comment, At: p.At}
	}
	for _, r := range o.Clarifications {
		c.Clarifications = append(c.Clarifications, storedClarification(r))
	}
	for _, r := range o.AnswerLog {
		c.AnswerLog = append(c.AnswerLog, storedAnswerChange(r))
	}
	if o.SignalDecisions != nil {
		c.SignalDecisions = make(map[string]storedSignalDecision, len(o.SignalDecisions))
	}
	for k, d := range o.SignalDecisions {
		c.SignalDecisions[k] = storedSignalDecision(d)
	}
	return json.Marshal(c)
}

// migrateV2 adds what version 3 holds: every scan of version 2 went to
// the formateur who started it, in that capacity. The rest of version 3 is
// new and absent, and version 2's keys are version 3's.
func migrateV2(b []byte) ([]byte, error) {
	var c storedContent
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	c.V = 3
	if c.RecipientRole == "" {
		c.RecipientRole = string(domain.RecipientFormateur)
	}
	return json.Marshal(c)
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
