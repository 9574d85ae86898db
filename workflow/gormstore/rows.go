package gormstore

import (
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
	c, err := decodeContent(plain)
	if err != nil {
		return nil, fmt.Errorf("decode content of scan %s: %w", r.ID, err)
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
	sc := &domain.Scan{
		ID: r.ID, Reference: r.Reference, State: domain.State(r.State), Version: r.Version,
		Office: domain.Office(r.Office), OrganisationID: r.OrganisationID, Organisation: r.Organisation,
		Policy:                 domain.Policy{FourEyes: r.FourEyes, CandidateMayDownload: r.CandidateMayDownload},
		SecondAdviser:          second,
		PlannedAppointmentDate: domain.DateOf(r.PlannedAppointmentDate.UTC()),
		Candidate:              candidate, Adviser: people[1], Formateur: people[2], Recipient: people[3],
		TemplateVersion: r.TemplateVersion, Outcome: domain.Outcome(r.Outcome),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), ClosedAt: utc(r.ClosedAt), PurgedAt: utc(r.PurgedAt),
	}
	if err := c.applyTo(sc); err != nil {
		return nil, fmt.Errorf("decode content of scan %s: %w", r.ID, err)
	}
	return sc, nil
}

// contentOf returns the scan's case content in the newest stored form,
// sealed to its row.
func contentOf(s *domain.Scan, keys *Keyring) (string, error) {
	b, err := encodeContent(s)
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
