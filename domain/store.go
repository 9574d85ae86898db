package domain

import (
	"context"
	"time"
)

// ScanFilter selects the scans of one participant within the organisations
// they serve. Exactly one of the id fields is set.
type ScanFilter struct {
	CandidateID   string
	AdviserID     string // lead or second adviser
	FormateurID   string // who started it, or its recipient
	Organisations []string
}

// NewUser is what a new staff account starts with, written with it.
type NewUser struct {
	Token  *NewToken   // a first bearer token (the operator's bootstrap), unless nil
	SignIn *SignInCode // a first sign-in link, unless nil
	Audit  AuditEvent
}

// NewScan is what the store needs to create a scan: the scan itself (its
// candidate given by name and e-mail), and the hash of the invitation code.
type NewScan struct {
	Scan               *Scan
	InvitationCodeHash string
	InvitationExpires  time.Time
	History            HistoryEntry
	Audit              AuditEvent
}

// Change is what an UpdateFunc writes besides the scan's own fields.
type Change struct {
	History  *HistoryEntry // appended to the history, unless nil
	Document *Document     // stored as the scan's advice document, unless nil
	Audit    []AuditEvent  // appended to their chains
}

// UpdateFunc changes a loaded scan in place and returns what else to write
// in the same transaction. An error aborts the whole write. It must not
// call the Store (see Store.UpdateScan); it reads through r, which reads
// in the write's own transaction.
type UpdateFunc func(s *Scan, r TxReader) (Change, error)

// TxReader is what an UpdateFunc may read: the Store's reads that a write
// needs, bound to the write's transaction, so that what it checks cannot
// change before it commits.
type TxReader interface {
	// AdvisersFor is Store.AdvisersFor.
	AdvisersFor(ctx context.Context, organisationID, email string) ([]User, error)
}

// Document is the rendered advice of a signed scan, stored once at sign-off.
type Document struct {
	PDF       []byte
	SHA256    string // hex SHA-256 of PDF, exactly as stored
	CreatedAt time.Time
}

// Store persists organisations, users and scans. Implementations translate their driver
// errors into *Error values; callers never see driver text.
type Store interface {
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
	// token with this hash, as an actor with the organisations they serve.
	// A candidate's token from an invitation ends with that scan's content.
	// Returns ENOTFOUND.
	UserByToken(ctx context.Context, tokenHash string, now time.Time) (*User, Actor, error)
	// Tokens lists the tokens of the organisation's staff account, newest
	// first. Returns ENOTFOUND for other accounts.
	Tokens(ctx context.Context, organisationID, userID string) ([]Token, error)
	// RevokeToken revokes the open token ref names and returns its user's
	// id. Returns ENOTFOUND when no open token matches.
	RevokeToken(ctx context.Context, ref TokenRef, now time.Time) (string, error)
	// AdvisersFor returns every adviser, active or not, with the e-mail
	// address who serves the organisation (own or assigned).
	AdvisersFor(ctx context.Context, organisationID, email string) ([]User, error)
	// AddSignInCode stores a one-time sign-in code.
	AddSignInCode(ctx context.Context, c SignInCode) error
	// UseSignInCode marks the unused, unexpired code with this hash and
	// purpose as used and gives its active user token t, in one statement
	// so that a code signs in once even under concurrent use. Returns
	// ENOTFOUND when no such code is open.
	UseSignInCode(ctx context.Context, codeHash, purpose string, t NewToken) error

	// CreateScan stores a new scan, creating the candidate's account in the
	// scan's organisation unless one exists for that e-mail address there,
	// and the invitation. The candidate's name is the scan's, not the
	// account's: another scan for the same address shows its own. It calls deliver
	// before committing, so that a failure to deliver stores nothing.
	CreateScan(ctx context.Context, n NewScan, deliver func(*Scan) error) error
	// Scan returns the scan with the id. Returns ENOTFOUND for an unknown or
	// malformed id.
	Scan(ctx context.Context, id string) (*Scan, error)
	// Scans returns the scans matching f, newest first.
	Scans(ctx context.Context, f ScanFilter) ([]Scan, error)
	// UpdateScan loads and locks the scan, applies fn and writes the result
	// in one transaction, bumping Version: concurrent writes to one scan
	// queue, and each applies fn to what the one before committed. fn must
	// not call the store: on SQLite the transaction holds the only
	// connection, and the call would wait for it forever; fn reads through
	// the TxReader it is given instead. Returns
	// ENOTFOUND, fn's error, or ESTALE (ErrConcurrentWrite) when an audit
	// event met a concurrent append to its chain; nothing was written then.
	UpdateScan(ctx context.Context, id string, fn UpdateFunc) (*Scan, error)
	// History returns the scan's history, oldest first.
	History(ctx context.Context, scanID string) ([]HistoryEntry, error)
	// Document returns the scan's advice document. Returns ENOTFOUND when
	// there is none.
	Document(ctx context.Context, scanID string) (*Document, error)
	// FinishedScans lists the scans in a final state whose content is not
	// yet destroyed.
	FinishedScans(ctx context.Context) ([]FinishedScan, error)
	// PurgeScan destroys the scan's content in one transaction: answers,
	// notes, VOG details, advice, document, invitations, history reasons,
	// and the candidate's name and address unless another scan still needs
	// them. What remains is the content-free record: reference, dates,
	// state, outcome. It appends audit to the scan's chain. Purging a
	// purged scan does nothing and returns false.
	PurgeScan(ctx context.Context, id string, now time.Time, audit AuditEvent) (bool, error)
	// AppendAudit appends events to their chains, in one transaction.
	AppendAudit(ctx context.Context, events ...AuditEvent) error
	// AuditChain returns a chain's events in seq order, with its head.
	AuditChain(ctx context.Context, chain string) (AuditChain, error)
	// AuditEvents returns up to limit events of the chain after afterSeq,
	// in seq order: a page, so that a long chain verifies in bounded memory.
	AuditEvents(ctx context.Context, chain string, afterSeq, limit int) ([]AuditEvent, error)
	// AuditHead returns the seq and MAC of the chain's recorded last event;
	// zero values when it has none.
	AuditHead(ctx context.Context, chain string) (int, string, error)
	// AuditChains lists every chain, and every scan's id, whether or not
	// its chain is still there.
	AuditChains(ctx context.Context) ([]string, error)
	// ScanRecord returns what the audit trail covers of a scan as stored.
	// Returns ENOTFOUND.
	ScanRecord(ctx context.Context, id string) (*ScanRecord, error)
	// RecordRefusal counts one refused attempt in its minute's row; it
	// retries a busy database, so that no refusal is lost.
	RecordRefusal(ctx context.Context, r Refusal) error
	// Refusals returns the refusals on the scan (empty id: on none), oldest
	// first.
	Refusals(ctx context.Context, scanID string) ([]Refusal, error)
	// AcceptInvitation marks the unused, unexpired invitation with this code
	// hash as used (at t.CreatedAt) and gives its candidate token t, bound
	// to the invitation's scan. Returns ENOTFOUND when no such invitation
	// is open.
	AcceptInvitation(ctx context.Context, codeHash string, t NewToken) error
}

// FinishedScan is a finished scan as retention sees it.
type FinishedScan struct {
	ID        string
	Reference string
	State     State
	Outcome   Outcome
	ClosedAt  time.Time
}

// AuditChain is one chain of the audit trail as stored.
type AuditChain struct {
	Chain    string
	Events   []AuditEvent // in seq order
	HeadSeq  int
	HeadHash string
}

// Verify returns the chain's first break, or nil.
func (c AuditChain) Verify(keys *AuditKeys) *ChainBreak {
	return VerifyChain(keys, c.Chain, c.Events, c.HeadSeq, c.HeadHash)
}

// ScanRecord is what the audit trail covers of a stored scan.
type ScanRecord struct {
	State           State
	Version         int
	AdviserID       string
	SecondAdviserID string
	History         []HistoryEntry
}

// Mail is one e-mail message. Body is plain text.
type Mail struct {
	To      string // the address
	ToName  string // the recipient's name, for the To: header; may be empty
	Subject string
	Body    string
	// ScanID names the scan the message is about, if any, so that a copy the
	// mailer keeps can be destroyed with the scan's content. Not sent.
	ScanID string
}

// Renderer renders the advice document of a signed scan.
type Renderer interface {
	// Render returns the PDF of s, whose advice is signed. The same scan
	// must give the same bytes.
	Render(s *Scan) ([]byte, error)
}

// Mailer sends e-mail.
type Mailer interface {
	// Send delivers m or returns an error; it must not log m's content.
	Send(ctx context.Context, m Mail) error
}

// MailKeeper is a Mailer that keeps copies of what it sent, such as an
// outbox directory. Erasure and retention reach those copies through it.
type MailKeeper interface {
	Mailer
	// Forget destroys every kept message about the scan and returns how
	// many there were. Forgetting a scan with none is no error.
	Forget(ctx context.Context, scanID string) (int, error)
}
