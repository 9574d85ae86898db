package domain

import (
	"context"
	"time"
)

// ScanStore persists scans: their creation with the candidate and the
// invitation, their reads and locked updates, their history and advice
// document, and the acceptance of the invitation.
type ScanStore interface {
	// CreateScan stores a new scan, creating the candidate's account in the
	// scan's organisation unless one exists for that e-mail address there,
	// and the invitation. The candidate's name is the scan's, not the
	// account's: another scan for the same address shows its own. n.Mails
	// go into the outbox in the same transaction. It calls deliver, unless
	// nil, before committing, so that its failure stores nothing. deliver
	// runs inside the transaction and must not call the store, for the
	// reason given at UpdateScan.
	CreateScan(ctx context.Context, n NewScan, deliver func(*Scan) error) error
	// Scan returns the scan with the id. Returns ENOTFOUND for an unknown or
	// malformed id.
	Scan(ctx context.Context, id string) (*Scan, error)
	// Scans returns the scans matching f, newest first.
	Scans(ctx context.Context, f ScanFilter) ([]Scan, error)
	// ScanPage returns one page of the scans matching f and q, newest
	// first (created_at, then id, both descending), and the cursor of the
	// next page when there is one. Filtering and paging happen in the
	// database on plain columns; only the page's scans are decrypted.
	// Returns EMALFORMED for a cursor the store did not issue for this
	// filter.
	ScanPage(ctx context.Context, f ScanFilter, q ScanQuery) (ScanPage, error)
	// UpdateScan loads and locks the scan, applies fn and writes the result
	// in one transaction, bumping Version: concurrent writes to one scan
	// queue, and each applies fn to what the one before committed. fn must
	// not call the store: on SQLite the transaction holds the only
	// connection, and the call would wait for it forever; fn reads through
	// the TxReader it is given instead. The workflow's tests refuse a
	// closure that reaches the store (TestUpdateClosuresDoNotCallTheStore).
	// Returns
	// ENOTFOUND, fn's error, or ESTALE (ErrConcurrentWrite) when an audit
	// event met a concurrent append to its chain; nothing was written then.
	UpdateScan(ctx context.Context, id string, fn UpdateFunc) (*Scan, error)
	// History returns the scan's history, oldest first.
	History(ctx context.Context, scanID string) ([]HistoryEntry, error)
	// Document returns the scan's document of the kind. Returns ENOTFOUND
	// when there is none.
	Document(ctx context.Context, scanID string, kind DocumentKind) (*Document, error)
	// AcceptInvitation marks the unused, unexpired invitation with this code
	// hash as used (at t.CreatedAt) and gives its candidate token t, bound
	// to the invitation's scan. Returns ENOTFOUND when no such invitation
	// is open.
	AcceptInvitation(ctx context.Context, codeHash string, t NewToken) error
	// OpenInvitation returns the scan of the unused, unexpired invitation
	// with this code hash, and when it expires, without using it: a page
	// shows the candidate who invites them before they accept. Returns
	// ENOTFOUND when no such invitation is open.
	OpenInvitation(ctx context.Context, codeHash string, now time.Time) (*Scan, time.Time, error)
}

// ScanFilter selects the scans of one participant within the organisations
// they serve. Exactly one of the id fields is set.
type ScanFilter struct {
	CandidateID string
	AdviserID   string // lead or second adviser
	FormateurID string // who started it, or its recipient
	// Reference selects the scan with that reference (BS-…), for linking a
	// re-scan to its earlier scan; set instead of an id field.
	Reference     string
	Organisations []string
}

// ScanQuery narrows a list of scans and chooses its page. Zero fields do
// not narrow.
type ScanQuery struct {
	States  []State  // any of these
	Offices []Office // any of these
	// CreatedFrom and CreatedBefore bound the creation time: from is
	// inclusive, before exclusive.
	CreatedFrom, CreatedBefore time.Time
	// PlannedFrom and PlannedTo bound the planned appointment date, both
	// inclusive.
	PlannedFrom, PlannedTo Date
	// Limit is the page size, 1 to MaxPageSize; the caller checks it.
	Limit int
	// Cursor is the NextCursor of the page before, or "" for the first.
	Cursor string
}

// Page sizes of lists.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// ScanPage is one page of a list of scans.
type ScanPage struct {
	Scans []Scan
	// NextCursor asks for the page after this one; "" when this is the
	// last. It is opaque and tamper-proof.
	NextCursor string
}

// NewScan is what the store needs to create a scan: the scan itself (its
// candidate given by name and e-mail), and the hash of the invitation code.
type NewScan struct {
	Scan               *Scan
	InvitationCodeHash string
	InvitationExpires  time.Time
	History            HistoryEntry
	Audit              AuditEvent
	// Mails go into the outbox in the same transaction: the invitation is
	// sent if and only if the scan is stored.
	Mails []Mail
}

// Change is what an UpdateFunc writes besides the scan's own fields.
type Change struct {
	History *HistoryEntry // appended to the history, unless nil
	// Documents are stored as the scan's documents, one of each kind.
	Documents []*Document
	Audit     []AuditEvent // appended to their chains
	// Mails go into the outbox in the same transaction, and are delivered
	// once it commits: a message is sent if and only if its change stands.
	Mails []Mail
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
	// UserOrganisationName returns the name of the organisation the user's
	// account belongs to. Returns ENOTFOUND for an unknown user.
	UserOrganisationName(ctx context.Context, userID string) (string, error)
}

// DocumentKind is which of a signed scan's documents is meant.
type DocumentKind string

// The document kinds: the full advice for its recipient, and the summary
// for the raad (or Staten, algemeen bestuur, eilandsraad) without the
// findings' facts and the candidate's response (bill Kamerstuk 36892).
const (
	DocumentAdvice DocumentKind = "advice"
	DocumentRaad   DocumentKind = "raad"
)

// DocumentKinds lists every document kind, in the order they are rendered.
var DocumentKinds = []DocumentKind{DocumentAdvice, DocumentRaad}

// FileName is the name a download of the scan's document of kind k gets.
func (k DocumentKind) FileName(reference string) string {
	if k == DocumentAdvice {
		return "advies-" + reference + ".pdf"
	}
	return "advies-" + string(k) + "-" + reference + ".pdf"
}

// Document is a rendered document of a signed scan, stored once at sign-off.
type Document struct {
	Kind      DocumentKind
	PDF       []byte
	SHA256    string // hex SHA-256 of PDF, exactly as stored
	CreatedAt time.Time
}
