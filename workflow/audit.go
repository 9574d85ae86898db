package workflow

import (
	"context"
	"errors"
	"log/slog"

	"basisscan/domain"
)

// Audit objects: what an event is about.
const (
	objectScan     = "scan"
	objectAnswers  = "answers"
	objectAdvice   = "advice"
	objectDocument = "document"
	objectAudit    = "audit"
	objectToken    = "token"
	objectInvite   = "invitation"
	objectUser     = "user"
	objectSignIn   = "sign_in_code"
)

// event returns an audit event of the actor on the scan (nil: none known),
// carrying the request's id and source address from ctx.
func (s *Service) event(ctx context.Context, a domain.Actor, sc *domain.Scan, action, object string, r domain.AuditResult) domain.AuditEvent {
	m := domain.RequestMetaFrom(ctx)
	e := domain.AuditEvent{Chain: domain.SystemChain, ActorID: a.UserID, ActorRole: a.Role, Action: action,
		Object: object, Result: r, At: s.now(), RequestID: m.RequestID, Source: m.Source}
	if sc != nil {
		e.Chain, e.Organisation = sc.ID, sc.Organisation
	}
	return e
}

// audit appends events outside any write. A failure to audit fails the
// request: a read nobody can account for must not happen.
func (s *Service) audit(ctx context.Context, events ...domain.AuditEvent) error {
	if err := s.store.AppendAudit(ctx, events...); err != nil {
		return domain.Unavailable(err, "De actie kon niet worden vastgelegd in het auditlogboek; probeer het opnieuw.")
	}
	return nil
}

// denied records a refused attempt. The refusal stands whether or not it
// could be recorded; a failure to record it is logged.
func (s *Service) denied(ctx context.Context, a domain.Actor, sc *domain.Scan, action, object string) {
	if err := s.store.AppendAudit(ctx, s.event(ctx, a, sc, action, object, domain.AuditDenied)); err != nil {
		slog.Default().Error("audit denied attempt", slog.String("action", action), slog.String("error", err.Error()))
	}
}

// isDenial reports whether err refuses the caller access, as opposed to a
// rule of the process or a bad value.
func isDenial(err error) bool {
	return errors.Is(err, domain.ErrForbidden) || errors.Is(err, domain.ErrNotFound) || errors.Is(err, domain.ErrUnauthorized)
}

// AuditTrail returns the scan's audit chain and whether it is intact, to the
// scan's adviser. Returns ENOTFOUND, or EFORBIDDEN for other participants.
func (s *Service) AuditTrail(ctx context.Context, a domain.Actor, id string) (domain.AuditChain, *domain.ChainBreak, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return domain.AuditChain{}, nil, err
	}
	if a.Role != domain.RoleAdviser {
		s.denied(ctx, a, sc, "read_audit", objectAudit)
		return domain.AuditChain{}, nil, domain.Errorf(domain.EFORBIDDEN, "Het auditlogboek is voor de adviseur van de scan.")
	}
	// Recorded before reading, so that the answer shows this read too.
	if err := s.audit(ctx, s.event(ctx, a, sc, "read_audit", objectAudit, domain.AuditOK)); err != nil {
		return domain.AuditChain{}, nil, err
	}
	c, err := s.store.AuditChain(ctx, id)
	if err != nil {
		return domain.AuditChain{}, nil, err
	}
	return c, c.Verify(), nil
}

// VerifyAudit recomputes every chain of the audit trail and returns the
// number of chains and the first break of each broken one. For the admin,
// and for the command line (a zero Actor with role admin).
func (s *Service) VerifyAudit(ctx context.Context, a domain.Actor) (int, []domain.ChainBreak, error) {
	if a.Role != domain.RoleAdmin {
		s.denied(ctx, a, nil, "verify_audit", objectAudit)
		return 0, nil, domain.Errorf(domain.EFORBIDDEN, "Alleen de beheerder controleert het hele auditlogboek.")
	}
	chains, err := s.store.AuditChains(ctx)
	if err != nil {
		return 0, nil, err
	}
	var breaks []domain.ChainBreak
	for _, name := range chains {
		c, err := s.store.AuditChain(ctx, name)
		if err != nil {
			return 0, nil, err
		}
		if b := c.Verify(); b != nil {
			breaks = append(breaks, *b)
		}
	}
	return len(chains), breaks, nil
}
