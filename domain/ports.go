package domain

import (
	"context"
	"time"
)

// Mail is one e-mail message. Body is plain text.
type Mail struct {
	To      string // the address
	ToName  string // the recipient's name, for the To: header; may be empty
	Subject string
	Body    string
	// ScanID names the scan the message is about, if any, so that a copy the
	// mailer keeps can be destroyed with the scan's content. Not sent.
	ScanID string
	// SendAt is when the message is due; the outbox holds it until then.
	// Zero sends it as soon as the change that made it is committed.
	SendAt time.Time
	// Reminder, when set, makes the message a reminder that is sent only
	// while the scan still waits for what it reminds of. Not sent.
	Reminder *Reminder
}

// ReminderKind names what a reminder reminds of.
type ReminderKind string

// The reminders.
const (
	// ReminderQuestionnaire: the questionnaire's deadline is near.
	ReminderQuestionnaire ReminderKind = "questionnaire"
	// ReminderResponse: the response period ends tomorrow.
	ReminderResponse ReminderKind = "response"
)

// Reminder is the condition under which a reminder is still worth sending:
// the scan is still in State and its deadline is still Deadline. A moved
// deadline has a reminder of its own; a phase that moved on needs none.
type Reminder struct {
	Kind     ReminderKind
	State    State
	Deadline time.Time
}

// Renderer renders the documents of a signed scan.
type Renderer interface {
	// Render returns the PDF of the kind of s, whose advice is signed. The
	// same scan must give the same bytes.
	Render(s *Scan, kind DocumentKind) ([]byte, error)
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
