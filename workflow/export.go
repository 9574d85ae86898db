package workflow

import (
	"context"
	"fmt"
	"time"

	"basisscan/domain"
)

// Export is everything held on a candidate in one scan (AVG art. 15).
type Export struct {
	At       time.Time
	Scan     *domain.Scan
	Template *domain.Template
	// AdviceShown is false while the advice is still a draft the candidate
	// has not been shown: it is the adviser's work in progress, not yet a
	// finding about them.
	AdviceShown bool
	History     []domain.HistoryEntry
	Access      []domain.AuditEvent // who did what with the scan, for the candidate to check
}

// Export returns everything held on the candidate in their scan. Only the
// candidate may export. Returns ENOTFOUND or EFORBIDDEN.
func (s *ScanService) Export(ctx context.Context, a domain.Actor, id string) (*Export, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != domain.RoleCandidate {
		s.denied(ctx, a, sc, "export", objectScan)
		return nil, domain.Errorf(domain.EFORBIDDEN, "Alleen de kandidaat kan de eigen gegevens exporteren.")
	}
	t, err := s.shown(sc)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, "export", objectScan, domain.AuditOK)); err != nil {
		return nil, err
	}
	h, err := s.store.History(ctx, id)
	if err != nil {
		return nil, err
	}
	chain, err := s.chains.AuditChain(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load audit chain of scan %s: %w", id, err)
	}
	shown := false
	switch sc.State {
	case domain.StateCandidateReview, domain.StateSignOff, domain.StateDelivered, domain.StateClosed:
		shown = true
	}
	return &Export{At: s.now(), Scan: sc, Template: t, AdviceShown: shown, History: h, Access: chain.Events}, nil
}

// CaseFile returns the scan with everything recorded in it, to its
// advisers only: interview notes, open sources, VOG details, consent.
// Returns ENOTFOUND, or EFORBIDDEN for other participants.
func (s *ScanService) CaseFile(ctx context.Context, a domain.Actor, id string) (*domain.Scan, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != domain.RoleAdviser {
		s.denied(ctx, a, sc, "read_case_file", objectScan)
		return nil, domain.Errorf(domain.EFORBIDDEN, "Het dossier is alleen voor de adviseur van de scan.")
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, "read_case_file", objectScan, domain.AuditOK)); err != nil {
		return nil, err
	}
	return sc, nil
}
