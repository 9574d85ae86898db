package workflow

import (
	"context"
	"fmt"

	"basisscan/domain"
)

// Purged names a scan whose content was destroyed.
type Purged struct {
	ID, Reference string
}

// Purge destroys the content of every finished scan past its retention and
// returns those it purged. It is safe to run again at any time, also after
// a crash halfway: each scan is purged whole, in one transaction, or not.
func (s *RetentionService) Purge(ctx context.Context) ([]Purged, error) {
	finished, err := s.store.FinishedScans(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Purged
	for _, f := range finished {
		if !s.cfg.Retention.Due(f.State, f.Outcome, f.ClosedAt, now) {
			continue
		}
		if err := s.forgetMail(ctx, f.ID); err != nil {
			return out, fmt.Errorf("purge %s: %w", f.Reference, err)
		}
		done, err := s.store.PurgeScan(ctx, f.ID, now, s.event(ctx, cliActor, &domain.Scan{ID: f.ID}, "purge", objectScan, domain.AuditOK))
		if err != nil {
			return out, fmt.Errorf("purge %s: %w", f.Reference, err)
		}
		if done {
			out = append(out, Purged{f.ID, f.Reference})
		}
	}
	return out, nil
}

// Erase destroys the content of a withdrawn or refused candidate's scan at once, at
// their request. The candidate asks through the API; an admin on their
// behalf through the command line (a zero Actor and the reference).
// Returns ENOTFOUND, EFORBIDDEN for others than the candidate, and
// ECONFLICT unless the scan is withdrawn or consent was refused.
func (s *RetentionService) Erase(ctx context.Context, a domain.Actor, id string) error {
	sc, err := s.scans.Scan(ctx, a, id)
	if err != nil {
		return err
	}
	if a.Role != domain.RoleCandidate {
		s.denied(ctx, a, sc, "erase", objectScan)
		return domain.Errorf(domain.EFORBIDDEN, "Alleen de kandidaat kan om vernietiging vragen.")
	}
	return s.erase(ctx, a, sc)
}

// EraseByReference is Erase for an admin on the command line.
func (s *RetentionService) EraseByReference(ctx context.Context, reference string) error {
	finished, err := s.store.FinishedScans(ctx)
	if err != nil {
		return err
	}
	for _, f := range finished {
		if f.Reference == reference {
			sc, err := s.scans.store.Scan(ctx, f.ID)
			if err != nil {
				return err
			}
			return s.erase(ctx, cliActor, sc)
		}
	}
	return domain.Errorf(domain.ENOTFOUND, "Er is geen afgeronde scan met kenmerk %s die nog gegevens bevat.", reference)
}

func (s *RetentionService) erase(ctx context.Context, a domain.Actor, sc *domain.Scan) error {
	if sc.State != domain.StateWithdrawn && sc.State != domain.StateRefused {
		return &domain.Error{Code: domain.ECONFLICT, State: sc.State, Allowed: s.scans.AllowedActions(a, sc),
			Message: "Direct vernietigen kan alleen als u uw kandidatuur hebt teruggetrokken of geen toestemming hebt gegeven; anders geldt de bewaartermijn."}
	}
	if err := s.forgetMail(ctx, sc.ID); err != nil {
		return err
	}
	_, err := s.store.PurgeScan(ctx, sc.ID, s.now(), s.event(ctx, a, sc, "erase", objectScan, domain.AuditOK))
	return err
}

// forgetMail destroys the copies the mailer kept of messages about the
// scan. It runs before the purge: should the purge then fail, a rerun finds
// the scan again, whereas copies left behind a purged scan would never be
// looked for.
func (s *RetentionService) forgetMail(ctx context.Context, scanID string) error {
	k, ok := s.mailer.(domain.MailKeeper)
	if !ok {
		return nil
	}
	if _, err := k.Forget(ctx, scanID); err != nil {
		return domain.Unavailable(err, "De bewaarde e-mails over deze scan konden niet worden vernietigd; probeer het opnieuw.")
	}
	return nil
}
