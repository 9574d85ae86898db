package domain

import (
	"context"
	"time"
)

// AccountStore persists organisations and staff accounts: an
// organisation's policy, the advisers assigned to it, users, their bearer
// tokens and their sign-in codes.
type AccountStore interface {
	// CreateOrganisation stores a new organisation and appends audit, in one
	// transaction. Returns EINVALID when the name is taken.
	CreateOrganisation(ctx context.Context, o *Organisation, audit AuditEvent) error
	// OrganisationByName returns the organisation. Returns ENOTFOUND.
	OrganisationByName(ctx context.Context, name string) (*Organisation, error)
	// Organisation returns the organisation with the id. Returns ENOTFOUND.
	Organisation(ctx context.Context, id string) (*Organisation, error)
	// SetOrganisationPolicy changes what the organisation decides for its
	// new scans and appends audit, in one transaction. Returns ENOTFOUND.
	SetOrganisationPolicy(ctx context.Context, id string, p Policy, audit AuditEvent) error
	// AssignAdviser lets an adviser serve another organisation and appends
	// audit, in one transaction. Returns EINVALID when another adviser who
	// serves that organisation has the same address: which one a scan names
	// could not be told.
	AssignAdviser(ctx context.Context, adviserID, organisationID string, audit AuditEvent) error
	// CreateUser stores a new staff account with what n gives it, in one
	// transaction. Returns EINVALID when the e-mail address is taken for
	// that role in that organisation, or names an adviser who serves the
	// organisation (own or assigned): another account with it would receive
	// their scans. The check and the insert hold a lock on the address, so
	// two creations at once cannot both pass it.
	CreateUser(ctx context.Context, u *User, n NewUser) error
	// SetUserActive activates or deactivates the account and returns it.
	// Deactivating revokes every token of the account and every open
	// sign-in code, so that reactivating brings none back. Returns ENOTFOUND.
	SetUserActive(ctx context.Context, organisationID string, role Role, email string, active bool, now time.Time) (*User, error)
	// SetUserActiveByID is SetUserActive for the staff account with the id.
	SetUserActiveByID(ctx context.Context, organisationID, userID string, active bool, now time.Time) (*User, error)
	// StaffUsers lists the organisation's accounts other than candidates.
	StaffUsers(ctx context.Context, organisationID string) ([]User, error)
	// AddToken stores a new bearer token of t.UserID.
	AddToken(ctx context.Context, t NewToken) error
	// UserByToken returns the active user holding the unrevoked, unexpired
	// token with this hash, as an actor with the organisations they serve,
	// and records the use: a session's idle time starts again, a bearer
	// token's last use is kept to the minute. A session idle for longer
	// than its Idle has ended. A candidate's token from an invitation ends
	// with that scan's content. session asks for a web session, not a bearer
	// token: neither stands in for the other. Returns ENOTFOUND.
	UserByToken(ctx context.Context, tokenHash string, session bool, now time.Time) (*User, Actor, error)
	// UsersByEmail returns the active accounts, of any role and
	// organisation, with the e-mail address.
	UsersByEmail(ctx context.Context, email string) ([]User, error)
	// Tokens lists the tokens of the organisation's staff account, newest
	// first. Returns ENOTFOUND for other accounts.
	Tokens(ctx context.Context, organisationID, userID string) ([]Token, error)
	// RevokeToken revokes the open token ref names and returns its user's
	// id. Returns ENOTFOUND when no open token matches.
	RevokeToken(ctx context.Context, ref TokenRef, now time.Time) (string, error)
	// AdvisersFor returns every adviser, active or not, with the e-mail
	// address who serves the organisation (own or assigned).
	AdvisersFor(ctx context.Context, organisationID, email string) ([]User, error)
	// AddSignInCode stores a one-time sign-in code, and puts its Mail into
	// the outbox in the same transaction.
	AddSignInCode(ctx context.Context, c SignInCode) error
	// UseSignInCode marks the unused, unexpired code with this hash and
	// one of the purposes as used and gives its active user token t, in one
	// statement so that a code signs in once even under concurrent use.
	// Returns ENOTFOUND when no such code is open.
	UseSignInCode(ctx context.Context, codeHash string, purposes []string, t NewToken) error
}

// NewUser is what a new staff account starts with, written with it.
type NewUser struct {
	Token  *NewToken   // a first bearer token (the operator's bootstrap), unless nil
	SignIn *SignInCode // a first sign-in link, unless nil
	Audit  AuditEvent
}
