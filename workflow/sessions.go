package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"basisscan/domain"
	"basisscan/workflow/emailaddr"
)

// A web session is a token kept in a cookie. It ends SessionIdle after its
// last use, SessionMax after sign-in, at sign-out, and with its account.
// How the session was started (a mailed link, an invitation, later OpenID
// Connect) is not part of it: pages only ever see the actor it resolves to.

// newSession returns a new session secret and its stored form.
func (s *core) newSession() (string, domain.NewToken, error) {
	secret, t, err := s.newBearer(s.cfg.SessionMax)
	t.Idle = s.cfg.SessionIdle
	return secret, t, err
}

// StartSessionByLink exchanges the single-use code of a mailed sign-in
// link (one asked for on the sign-in page, or a new account's first link)
// for a new web session. Returns ENOTFOUND for an unknown, used or expired
// code, or one of a deactivated account.
func (s *AccountService) StartSessionByLink(ctx context.Context, code string) (string, error) {
	secret, t, err := s.newSession()
	if err != nil {
		return "", err
	}
	purposes := []string{domain.SignInPurposeLink, domain.SignInPurposeActivation}
	if err := s.store.UseSignInCode(ctx, HashToken(code), purposes, t); err != nil {
		if isDenial(err) {
			s.denied(ctx, domain.Actor{}, nil, "sign_in", objectSignIn)
		}
		return "", fmt.Errorf("start session: %w", err)
	}
	return secret, nil
}

// StartSessionByInvitation accepts a candidate's invitation as
// AcceptInvitation does, but starts a web session instead of giving a
// bearer token. Returns ENOTFOUND for an unknown, used or expired code.
func (s *ScanService) StartSessionByInvitation(ctx context.Context, code string) (string, error) {
	return s.acceptInvitation(ctx, code, s.newSession)
}

// SessionActor returns the actor of the web session with the secret, and
// starts its idle time again. A bearer token is no session, nor the other
// way round: a page takes only the first, the API only the second.
// Returns EUNAUTHORIZED for an unknown, ended or expired session.
func (s *AccountService) SessionActor(ctx context.Context, secret string) (domain.Actor, error) {
	_, a, err := s.store.UserByToken(ctx, HashToken(secret), true, s.now())
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		s.denied(ctx, domain.Actor{}, nil, "authenticate", objectToken)
		return domain.Actor{}, domain.Errorf(domain.EUNAUTHORIZED, "Uw sessie is verlopen of beëindigd. Log opnieuw in.")
	}
	if err != nil {
		return domain.Actor{}, fmt.Errorf("session: %w", err)
	}
	return a, nil
}

// EndSession signs out: the session's token is revoked. Ending a session
// that has already ended is not an error.
func (s *AccountService) EndSession(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	_, err := s.store.RevokeToken(ctx, domain.TokenRef{Hash: HashToken(secret)}, s.now())
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// RequestSignInLink mails a single-use sign-in link, valid SignInLinkTTL,
// to each active account with the address: staff and candidates alike.
// The caller learns nothing of whether the address is known: an unknown,
// malformed or inactive address is not an error. Each link goes into the
// outbox with its code, in one transaction.
func (s *AccountService) RequestSignInLink(ctx context.Context, email string) error {
	addr, err := emailaddr.Normalise(email)
	if err != nil {
		return nil
	}
	users, err := s.store.UsersByEmail(ctx, addr)
	if err != nil {
		return fmt.Errorf("request sign-in link: %w", err)
	}
	for i := range users {
		u := &users[i]
		org, err := s.store.Organisation(ctx, u.OrganisationID)
		if err != nil {
			return fmt.Errorf("request sign-in link: %w", err)
		}
		code, hash, err := newToken(s.cfg.Random)
		if err != nil {
			return err
		}
		now := s.now()
		c := domain.SignInCode{Hash: hash, UserID: u.ID, Purpose: domain.SignInPurposeLink, CreatedAt: now,
			ExpiresAt: now.Add(s.cfg.SignInLinkTTL)}
		m := signInMail(u, org.Name, s.cfg.BaseURL+"/aanmelden/"+code, c.ExpiresAt.In(s.cfg.Location))
		c.Mail = &m // stored with the code; the outbox delivers it
		if err := s.store.AddSignInCode(ctx, c); err != nil {
			return fmt.Errorf("request sign-in link: %w", err)
		}
	}
	return nil
}

// InvitationView is what an invitation's page shows before it is accepted.
type InvitationView struct {
	Reference    string
	Organisation string
	Office       domain.Office
	Candidate    domain.Person
	Formateur    domain.Person
	Adviser      domain.Person
	Planned      domain.Date
	ExpiresAt    time.Time
	// PrivacyURL is the full privacy statement.
	PrivacyURL string
}

// Invitation shows the open invitation with the code without using it up:
// mail scanners and link previews open links too. Returns ENOTFOUND for
// an unknown, used or expired code.
func (s *ScanService) Invitation(ctx context.Context, code string) (*InvitationView, error) {
	sc, expires, err := s.store.OpenInvitation(ctx, HashToken(code), s.now())
	if err != nil {
		if isDenial(err) {
			s.denied(ctx, domain.Actor{}, nil, "read_invitation", objectInvite)
		}
		return nil, fmt.Errorf("open invitation: %w", err)
	}
	return &InvitationView{Reference: sc.Reference, Organisation: sc.Organisation, Office: sc.Office,
		Candidate: sc.Candidate, Formateur: sc.Formateur, Adviser: sc.Adviser, Planned: sc.PlannedAppointmentDate,
		ExpiresAt: expires.In(s.cfg.Location), PrivacyURL: s.PrivacyURL()}, nil
}
