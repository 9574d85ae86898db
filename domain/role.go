package domain

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

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is an account. Candidates get one when a scan is started for them.
type User struct {
	ID     string
	Role   Role
	Name   string
	Email  string
	Active bool
}

// Actor is the authenticated caller of an operation.
type Actor struct {
	UserID string
	Role   Role
}

// Person is the part of a user shown on a scan.
type Person struct {
	ID    string
	Name  string
	Email string
}
