package domain

import "time"

// The people and plans around a scan that issue 12 brought in: who receives
// the advice in which capacity, the intended portfolio, a re-scan's earlier
// scan, the interview's attendees, the measures' owners and deadlines, and
// how the adviser weighed the candidate's response.

// RecipientRole is the capacity in which the recipient receives the advice:
// the formateur by default, or the chair of the body as many organisations'
// own rules have it.
type RecipientRole string

// The recipient roles.
const (
	RecipientFormateur    RecipientRole = "formateur"
	RecipientBurgemeester RecipientRole = "burgemeester"
	RecipientCommissaris  RecipientRole = "commissaris-van-de-koning"
	RecipientDijkgraaf    RecipientRole = "dijkgraaf"
	RecipientGezaghebber  RecipientRole = "gezaghebber"
	RecipientVoorzitter   RecipientRole = "voorzitter"
)

// RecipientRoles lists every recipient role.
var RecipientRoles = []RecipientRole{RecipientFormateur, RecipientBurgemeester, RecipientCommissaris,
	RecipientDijkgraaf, RecipientGezaghebber, RecipientVoorzitter}

// recipientRolesOf are the roles a recipient can have in each kind of
// organisation: the formateur, the body's chair, or a voorzitter (of the
// raad, the Staten, the algemeen bestuur or the eilandsraad).
var recipientRolesOf = map[OrganisationKind][]RecipientRole{
	KindGemeente:        {RecipientFormateur, RecipientBurgemeester, RecipientVoorzitter},
	KindProvincie:       {RecipientFormateur, RecipientCommissaris, RecipientVoorzitter},
	KindWaterschap:      {RecipientFormateur, RecipientDijkgraaf, RecipientVoorzitter},
	KindOpenbaarLichaam: {RecipientFormateur, RecipientGezaghebber, RecipientVoorzitter},
}

// RecipientRolesFor returns the recipient roles of an organisation of kind k.
func RecipientRolesFor(k OrganisationKind) []RecipientRole { return recipientRolesOf[k] }

// RescanKind says why a candidate is scanned again.
type RescanKind string

// The kinds of re-scan.
const (
	RescanReappointment RescanKind = "herbenoeming"          // a new term
	RescanMidTerm       RescanKind = "tussentijdse-vacature" // a vacancy during the term
)

// RescanKinds lists every kind of re-scan.
var RescanKinds = []RescanKind{RescanReappointment, RescanMidTerm}

// Rescan marks a scan as a re-scan, linked to an earlier scan of the same
// candidate in the same organisation. Only the adviser sees it.
type Rescan struct {
	Kind             RescanKind
	EarlierScanID    string
	EarlierReference string
}

// Attendee is one person present at the interview.
type Attendee struct {
	Name string
	Role string // their part in the interview, free text: "kandidaat", "integriteitsadviseur", …
}

// MeasureOwner is who carries out a measure.
type MeasureOwner string

// The measure owners.
const (
	OwnerCandidate MeasureOwner = "candidate"
	OwnerFormateur MeasureOwner = "formateur"
	OwnerGriffie   MeasureOwner = "griffie"
	OwnerChair     MeasureOwner = "chair"     // burgemeester, Commissaris van de Koning, dijkgraaf, gezaghebber
	OwnerSecretary MeasureOwner = "secretary" // gemeentesecretaris, provinciesecretaris, secretaris-directeur
	OwnerBoard     MeasureOwner = "board"     // college, Gedeputeerde Staten, dagelijks bestuur, bestuurscollege
)

// MeasureOwners lists every measure owner.
var MeasureOwners = []MeasureOwner{OwnerCandidate, OwnerFormateur, OwnerGriffie, OwnerChair, OwnerSecretary, OwnerBoard}

// DeadlineKind is the kind of deadline of a measure.
type DeadlineKind string

// The kinds of deadline.
const (
	DeadlineBeforeAppointment DeadlineKind = "before-appointment"
	DeadlineThreeMonths       DeadlineKind = "within-three-months" // of appointment
	DeadlineOnDate            DeadlineKind = "on-date"
)

// DeadlineKinds lists every kind of deadline.
var DeadlineKinds = []DeadlineKind{DeadlineBeforeAppointment, DeadlineThreeMonths, DeadlineOnDate}

// MeasureDeadline is by when a measure is carried out; On is set only for
// DeadlineOnDate.
type MeasureDeadline struct {
	Kind DeadlineKind
	On   Date
}

// IsZero reports whether no deadline is set.
func (d MeasureDeadline) IsZero() bool { return d.Kind == "" }

// Weighing is how the adviser weighed the candidate's response: whether the
// advice was changed because of it, and why or why not.
type Weighing struct {
	Changed     bool
	Explanation string
	At          time.Time
	By          string // user id
}
