package domain

import "time"

// Role is what an account may do in the service.
type Role string

// The roles.
const (
	RoleAdmin     Role = "admin"
	RoleFormateur Role = "formateur"
	RoleAdviser   Role = "adviser"
	RoleCandidate Role = "candidate"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleFormateur, RoleAdviser, RoleCandidate}

// StaffRoles lists the roles of accounts an admin or operator makes;
// candidates get theirs through their invitation.
var StaffRoles = []Role{RoleFormateur, RoleAdviser, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is an account of one organisation. Candidates get one when a scan is
// started for them.
type User struct {
	ID             string
	OrganisationID string
	Role           Role
	Name           string
	Email          string
	Active         bool
}

// Actor is the authenticated caller of an operation.
type Actor struct {
	UserID         string
	Role           Role
	OrganisationID string
	// Organisations an adviser serves: their own and those assigned.
	Organisations []string
}

// Serves reports whether the actor works for organisation orgID.
func (a Actor) Serves(orgID string) bool {
	if a.OrganisationID == orgID {
		return true
	}
	for _, o := range a.Organisations {
		if o == orgID {
			return true
		}
	}
	return false
}

// OrganisationKind is the kind of public body an organisation is.
type OrganisationKind string

// The kinds of organisation.
const (
	KindGemeente        OrganisationKind = "gemeente"
	KindProvincie       OrganisationKind = "provincie"
	KindWaterschap      OrganisationKind = "waterschap"
	KindOpenbaarLichaam OrganisationKind = "openbaar-lichaam"
)

// OrganisationKinds lists every kind.
var OrganisationKinds = []OrganisationKind{KindGemeente, KindProvincie, KindWaterschap, KindOpenbaarLichaam}

// Organisation is a tenant: every account and scan belongs to one, and
// nothing crosses from one to another.
type Organisation struct {
	ID   string
	Name string
	Kind OrganisationKind
	Policy
}

// Policy is what an organisation decides for its scans.
type Policy struct {
	// FourEyes: the adviser who signs off must not be the one who wrote
	// the advice.
	FourEyes bool
	// CandidateMayDownload lets candidates download the signed advice PDF.
	CandidateMayDownload bool
	// TemplateVersion is the questionnaire new scans use; empty: the
	// service's default.
	TemplateVersion string
}

// Person is the part of a user shown on a scan.
type Person struct {
	ID    string
	Name  string
	Email string
}

// Token is a bearer token as the admin sees it: never its secret or hash.
type Token struct {
	ID        string
	UserID    string
	ScanID    string // for a candidate: the scan whose invitation gave it
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
	// LastUsedAt is the last request made with it, to the minute for a
	// bearer token; nil when never used.
	LastUsedAt *time.Time
	// Session tells a web session (a cookie) from a bearer token.
	Session bool
}

// NewToken is a token to store: Hash is the SHA-256 of the secret, which is
// shown once and never stored.
type NewToken struct {
	ID        string
	Hash      string
	UserID    string // filled by the store where it follows from a code
	CreatedAt time.Time
	ExpiresAt time.Time
	// Idle, when set, makes the token a web session: it also ends after
	// this long without use.
	Idle time.Duration
}

// TokenRef names one token to revoke: by ID or by Hash, optionally only
// among the tokens of UserID in OrganisationID.
type TokenRef struct {
	ID, Hash               string
	UserID, OrganisationID string
}

// SignInPurposeActivation is the purpose of the code in a new or
// reactivated staff member's first sign-in link.
const SignInPurposeActivation = "activation"

// SignInPurposeLink is the purpose of the code in a sign-in link someone
// asked for on the sign-in page.
const SignInPurposeLink = "sign_in"

// SignInCode is a one-time code that signs its user in once, stored only
// as a hash.
type SignInCode struct {
	Hash      string
	UserID    string
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
	// Mail, unless nil, is the message carrying the code's link: it goes
	// into the outbox in the transaction that stores the code.
	Mail *Mail
}
