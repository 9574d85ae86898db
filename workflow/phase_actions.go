package workflow

import (
	"context"
	"strings"
	"time"

	"basisscan/domain"
)

// RecordOutcome records whether the candidate was appointed.
func (s *ScanService) RecordOutcome(ctx context.Context, a domain.Actor, id string, ifMatch *int, o domain.Outcome) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordOutcome, func(sc *domain.Scan, now time.Time) error {
		sc.Outcome = o
		sc.DecidedAt = &now
		return nil
	})
}

// Withdraw ends the scan at the candidate's wish; the reason is optional.
func (s *ScanService) Withdraw(ctx context.Context, a domain.Actor, id string, ifMatch *int, reason string) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionWithdraw, func(sc *domain.Scan, _ time.Time) error {
		sc.EndReason = reason
		return nil
	})
}

// Cancel ends the scan at the formateur's wish. Returns EINVALID without a reason.
func (s *ScanService) Cancel(ctx context.Context, a domain.Actor, id string, ifMatch *int, reason string) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionCancel, func(sc *domain.Scan, _ time.Time) error {
		sc.EndReason = strings.TrimSpace(reason)
		return nil
	})
}

// AssignSecondAdviser lets a second adviser of the organisation work on the
// scan and sign it off, as four eyes require. Returns EINVALID for an
// address that is no adviser of the organisation, or the lead adviser's.
func (s *ScanService) AssignSecondAdviser(ctx context.Context, a domain.Actor, id string, ifMatch *int, email string) (*domain.Scan, error) {
	email, f := emailField("email", email)
	if f != nil {
		return nil, domain.Invalid(*f)
	}
	return s.fireWithDocuments(ctx, a, id, ifMatch, domain.ActionAssignSecondAdviser, func(sc *domain.Scan, _ time.Time, tx domain.TxReader) ([]*domain.Document, error) {
		// Looked up in the write's transaction: an adviser deactivated in
		// the meantime is not assigned.
		adv, bad, err := adviserFor(ctx, tx, a.OrganisationID, email, "email")
		switch {
		case err != nil:
			return nil, err
		case bad != nil:
			return nil, domain.Invalid(*bad)
		case adv.ID == sc.Adviser.ID:
			return nil, domain.Invalid(domain.FieldError{Field: "email", Message: "Dit is al de adviseur van de scan."})
		}
		sc.SecondAdviser = &domain.Person{ID: adv.ID, Name: adv.Name, Email: adv.Email}
		return nil, nil
	})
}
