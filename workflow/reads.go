package workflow

import (
	"context"
	"errors"
	"fmt"

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

// Scans returns the scans the actor takes part in, newest first.
func (s *ScanService) Scans(ctx context.Context, a domain.Actor) ([]domain.Scan, error) {
	f := domain.ScanFilter{Organisations: []string{a.OrganisationID}}
	switch a.Role {
	case domain.RoleCandidate:
		f.CandidateID = a.UserID
	case domain.RoleAdviser:
		f.AdviserID, f.Organisations = a.UserID, a.Organisations
	case domain.RoleFormateur:
		f.FormateurID = a.UserID
	default:
		return []domain.Scan{}, nil
	}
	scans, err := s.store.Scans(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	return scans, nil
}

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
