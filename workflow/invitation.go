package workflow

import (
	"context"
	"fmt"

	"basisscan/domain"
)

// AcceptInvitation exchanges a single-use invitation code for the candidate's
// bearer token. Returns ENOTFOUND for an unknown, used or expired code.
func (s *ScanService) AcceptInvitation(ctx context.Context, code string) (string, error) {
	return s.acceptInvitation(ctx, code, func() (string, domain.NewToken, error) { return s.newBearer(s.cfg.CandidateTokenTTL) })
}

// acceptInvitation uses the invitation's code up and gives its candidate
// a new token of newToken, whose secret it returns.
func (s *ScanService) acceptInvitation(ctx context.Context, code string, newToken func() (string, domain.NewToken, error)) (string, error) {
	secret, t, err := newToken()
	if err != nil {
		return "", err
	}
	if err := s.store.AcceptInvitation(ctx, HashToken(code), t); err != nil {
		if isDenial(err) {
			s.denied(ctx, domain.Actor{}, nil, "accept_invitation", objectInvite)
		}
		return "", fmt.Errorf("accept invitation: %w", err)
	}
	return secret, nil
}

// Authenticate returns the actor holding the bearer token.
// Returns EUNAUTHORIZED for an unknown, expired or revoked token or a
// deactivated account.
func (s *AccountService) Authenticate(ctx context.Context, token string) (domain.Actor, error) {
	if token == "" {
		s.denied(ctx, domain.Actor{}, nil, "authenticate", objectToken)
		return domain.Actor{}, domain.Errorf(domain.EUNAUTHORIZED, "Meld u aan met een toegangstoken (Authorization: Bearer …).")
	}
	_, a, err := s.store.UserByToken(ctx, HashToken(token), false, s.now())
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		s.denied(ctx, domain.Actor{}, nil, "authenticate", objectToken)
		return domain.Actor{}, domain.Errorf(domain.EUNAUTHORIZED, "Het toegangstoken is onbekend, verlopen of ingetrokken.")
	}
	if err != nil {
		return domain.Actor{}, fmt.Errorf("authenticate: %w", err)
	}
	return a, nil
}
