package gormstore

import (
	"encoding/json"
	"fmt"
	"time"

	"basisscan/domain"
)

// scanRow is a row of scans joined with the names and addresses of the
// people on it. Row structs stay here; the domain never sees them.
type scanRow struct {
	ID                     string
	Reference              string
	State                  string
	Version                int
	Office                 string
	OrganisationID         string
	Organisation           string
	FourEyes               bool
	CandidateMayDownload   bool
	PlannedAppointmentDate time.Time
	CandidateID            string
	CandidateName          string
	CandidateEmail         string
	AdviserID              string
	AdviserName            string
	AdviserEmail           string
	SecondAdviserID        *string
	SecondAdviserName      *string
	SecondAdviserEmail     *string
	FormateurID            string
	FormateurName          string
	FormateurEmail         string
	RecipientID            string
	RecipientName          string
	RecipientEmail         string
	TemplateVersion        string
	Outcome                string
	Content                string
	CreatedAt              time.Time
	UpdatedAt              time.Time
	ClosedAt               *time.Time
	PurgedAt               *time.Time
}

// scanContent is the case content of a scan, stored as one JSON document:
// it is read and written whole with the scan, and is the one place that
// encryption at rest will wrap.
type scanContent struct {
	Consent     *domain.Consent         `json:"consent,omitempty"`
	Answers     domain.Answers          `json:"answers"`
	SubmittedAt *time.Time              `json:"submitted_at,omitempty"`
	Interview   *domain.Interview       `json:"interview,omitempty"`
	Research    []domain.ResearchSource `json:"research,omitempty"`
	VOG         *domain.VOG             `json:"vog,omitempty"`
	Advice      *domain.Advice          `json:"advice,omitempty"`
	Response    *domain.Response        `json:"response,omitempty"`
	DecidedAt   *time.Time              `json:"decided_at,omitempty"`
	EndReason   string                  `json:"end_reason,omitempty"`
	// CandidateName is the name this scan's formateur gave: the shared
	// candidate account holds none, so no scan shows another's.
	CandidateName string `json:"candidate_name,omitempty"`

	Clarifications  []domain.Clarification           `json:"clarifications,omitempty"`
	AnswerLog       []domain.AnswerChange            `json:"answer_log,omitempty"`
	SignalDecisions map[string]domain.SignalDecision `json:"signal_decisions,omitempty"`
}

// scanSelect selects a scanRow; the joins fetch the four people in the same
// round trip as the scan.
const scanSelect = `SELECT s.id, s.reference, s.state, s.version, s.office,
	o.id AS organisation_id, o.name AS organisation, o.four_eyes, o.candidate_may_download,
	s.planned_appointment_date, s.template_version, s.outcome, s.content, s.created_at, s.updated_at,
	s.closed_at, s.purged_at,
	c.id AS candidate_id, c.name AS candidate_name, c.email AS candidate_email,
	a.id AS adviser_id, a.name AS adviser_name, a.email AS adviser_email,
	a2.id AS second_adviser_id, a2.name AS second_adviser_name, a2.email AS second_adviser_email,
	f.id AS formateur_id, f.name AS formateur_name, f.email AS formateur_email,
	r.id AS recipient_id, r.name AS recipient_name, r.email AS recipient_email
FROM scans s
JOIN organisations o ON o.id = s.organisation_id
JOIN users c ON c.id = s.candidate_id
JOIN users a ON a.id = s.adviser_id
LEFT JOIN users a2 ON a2.id = s.second_adviser_id
JOIN users f ON f.id = s.formateur_id
JOIN users r ON r.id = s.recipient_id`

func (r *scanRow) toDomain(st *Store) (*domain.Scan, error) {
	plain, err := st.keys.open(r.Content, r.ID)
	if err != nil {
		return nil, fmt.Errorf("decrypt content of scan %s: %w", r.ID, err)
	}
	var c scanContent
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, fmt.Errorf("decode content of scan %s: %w", r.ID, err)
	}
	if c.Answers == nil {
		c.Answers = domain.Answers{}
	}
	var people [4]domain.Person
	for i, p := range [][3]string{{r.CandidateID, r.CandidateName, r.CandidateEmail}, {r.AdviserID, r.AdviserName, r.AdviserEmail},
		{r.FormateurID, r.FormateurName, r.FormateurEmail}, {r.RecipientID, r.RecipientName, r.RecipientEmail}} {
		if people[i], err = st.openPerson(p[0], p[1], p[2]); err != nil {
			return nil, err
		}
	}
	candidate := people[0]
	if c.CandidateName != "" || r.PurgedAt != nil {
		candidate.Name = c.CandidateName // scans from before the name moved here show the account's
	}
	var second *domain.Person
	if r.SecondAdviserID != nil {
		p, err := st.openPerson(*r.SecondAdviserID, deref(r.SecondAdviserName), deref(r.SecondAdviserEmail))
		if err != nil {
			return nil, err
		}
		second = &p
	}
	return &domain.Scan{
		ID: r.ID, Reference: r.Reference, State: domain.State(r.State), Version: r.Version,
		Office: domain.Office(r.Office), OrganisationID: r.OrganisationID, Organisation: r.Organisation,
		Policy:                 domain.Policy{FourEyes: r.FourEyes, CandidateMayDownload: r.CandidateMayDownload},
		SecondAdviser:          second,
		PlannedAppointmentDate: domain.DateOf(r.PlannedAppointmentDate.UTC()),
		Candidate:              candidate, Adviser: people[1], Formateur: people[2], Recipient: people[3],
		TemplateVersion: r.TemplateVersion,
		Consent:         c.Consent, Answers: c.Answers, SubmittedAt: c.SubmittedAt, Interview: c.Interview,
		Research: c.Research, VOG: c.VOG, Advice: c.Advice, Response: c.Response,
		Outcome: domain.Outcome(r.Outcome), DecidedAt: c.DecidedAt, EndReason: c.EndReason,
		Clarifications: c.Clarifications, AnswerLog: c.AnswerLog, SignalDecisions: c.SignalDecisions,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), ClosedAt: utc(r.ClosedAt), PurgedAt: utc(r.PurgedAt),
	}, nil
}

// contentOf returns the scan's case content, sealed to its row.
func contentOf(s *domain.Scan, keys *Keyring) (string, error) {
	b, err := json.Marshal(scanContent{
		Consent: s.Consent, Answers: s.Answers, SubmittedAt: s.SubmittedAt, Interview: s.Interview,
		Research: s.Research, VOG: s.VOG, Advice: s.Advice, Response: s.Response,
		DecidedAt: s.DecidedAt, EndReason: s.EndReason, CandidateName: s.Candidate.Name,
		Clarifications: s.Clarifications, AnswerLog: s.AnswerLog, SignalDecisions: s.SignalDecisions,
	})
	if err != nil {
		return "", fmt.Errorf("encode content of scan %s: %w", s.ID, err)
	}
	return keys.seal(b, s.ID)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

type userRow struct {
	ID             string
	OrganisationID string
	Role           string
	Name           string
	Email          string
	Active         bool
}

type historyRow struct {
	FromState string
	ToState   string
	Action    string
	ActorID   string
	ActorRole string
	Reason    string
	At        time.Time
}
