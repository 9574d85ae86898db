package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"basisscan/domain"
)

// Scan returns a scan the actor takes part in. Returns ENOTFOUND otherwise.
func (s *ScanService) Scan(ctx context.Context, a domain.Actor, id string) (*domain.Scan, error) {
	sc, err := s.store.Scan(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		s.denied(ctx, a, nil, "read_scan", objectScan)
		return nil, errScanNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get scan %s: %w", id, err)
	}
	if !canSee(a, sc) {
		s.denied(ctx, a, sc, "read_scan", objectScan)
		return nil, errScanNotFound
	}
	return sc, nil
}

// ListInput asks for a page of a list of scans. Zero fields do not narrow.
type ListInput struct {
	States  []domain.State
	Offices []domain.Office
	// CreatedFrom and CreatedTo bound the day the scan was started, in the
	// deployment's time zone, both inclusive.
	CreatedFrom, CreatedTo domain.Date
	// PlannedFrom and PlannedTo bound the planned appointment date, both
	// inclusive.
	PlannedFrom, PlannedTo domain.Date
	Limit                  int    // 1 to domain.MaxPageSize
	Cursor                 string // the next cursor of the page before; "" for the first
}

// ListScans returns a page of the scans the actor takes part in that
// match in, newest first: the same scans Scan lets them read (canSee), in
// the organisations they serve. An admin takes part in none. Returns
// EMALFORMED for a page size out of range or a cursor of another list.
func (s *ScanService) ListScans(ctx context.Context, a domain.Actor, in ListInput) (domain.ScanPage, error) {
	if in.Limit < 1 || in.Limit > domain.MaxPageSize {
		return domain.ScanPage{}, errPageSize
	}
	q := domain.ScanQuery{States: in.States, Offices: in.Offices, PlannedFrom: in.PlannedFrom, PlannedTo: in.PlannedTo,
		Limit: in.Limit, Cursor: in.Cursor}
	if !in.CreatedFrom.IsZero() {
		q.CreatedFrom = s.dayStart(in.CreatedFrom)
	}
	if !in.CreatedTo.IsZero() {
		q.CreatedBefore = s.dayStart(in.CreatedTo.AddDate(0, 0, 1))
	}
	f := domain.ScanFilter{Organisations: []string{a.OrganisationID}}
	switch a.Role {
	case domain.RoleCandidate:
		f.CandidateID = a.UserID
	case domain.RoleAdviser:
		f.AdviserID, f.Organisations = a.UserID, a.Organisations
	case domain.RoleFormateur:
		f.FormateurID = a.UserID
	default:
		return domain.ScanPage{Scans: []domain.Scan{}}, nil
	}
	page, err := s.store.ScanPage(ctx, f, q)
	if err != nil {
		return domain.ScanPage{}, fmt.Errorf("list scans: %w", err)
	}
	return page, nil
}

// dayStart is the first moment of the day d in the deployment's time zone.
func (s *ScanService) dayStart(d domain.Date) time.Time {
	y, m, day := d.Time().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, s.cfg.Location)
}

var errPageSize = &domain.Error{Code: domain.EMALFORMED, Message: "Het aantal per pagina is ongeldig.",
	Fields: []domain.FieldError{{Field: "limit", Message: fmt.Sprintf("Vraag 1 tot en met %d scans per pagina.", domain.MaxPageSize)}}}

// History returns the scan's history to anyone who takes part in it.
func (s *ScanService) History(ctx context.Context, a domain.Actor, id string) ([]domain.HistoryEntry, error) {
	if _, err := s.Scan(ctx, a, id); err != nil {
		return nil, err
	}
	h, err := s.store.History(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("history of scan %s: %w", id, err)
	}
	if a.Role == domain.RoleFormateur {
		// The formateur learns that the candidate withdrew, never why: the
		// reason may touch health or family.
		for i := range h {
			if h[i].Action == domain.ActionWithdraw {
				h[i].Reason = ""
			}
		}
	}
	return h, nil
}

// Advice returns the scan with its advice to those who may read it: the
// adviser always, the candidate from the review on, the formateur once
// delivered. Returns ECONFLICT when it is too early for the caller.
func (s *ScanService) Advice(ctx context.Context, a domain.Actor, id string) (*domain.Scan, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	read := s.event(ctx, a, sc, "read_advice", objectAdvice, domain.AuditOK)
	var from []domain.State
	switch a.Role {
	case domain.RoleAdviser:
		return sc, s.audit(ctx, read)
	case domain.RoleCandidate:
		from = []domain.State{domain.StateCandidateReview, domain.StateSignOff, domain.StateDelivered, domain.StateClosed}
	case domain.RoleFormateur:
		from = []domain.State{domain.StateDelivered, domain.StateClosed}
	}
	for _, st := range from {
		if sc.State == st && sc.Advice != nil {
			return sc, s.audit(ctx, read)
		}
	}
	return nil, &domain.Error{Code: domain.ECONFLICT, State: sc.State, Allowed: s.AllowedActions(a, sc),
		Message: fmt.Sprintf("Het advies is in de fase %q niet voor u beschikbaar.", sc.State.DutchName())}
}
