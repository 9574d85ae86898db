package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"basisscan/domain"
	"basisscan/workflow/emailaddr"
)

// cliActor is who the audit trail names for changes made on the command line.
var cliActor = domain.Actor{UserID: "cli", Role: domain.RoleAdmin}

// AddOrganisation creates an organisation (a tenant).
// Returns EINVALID for an empty name, an unknown kind or a taken name.
func (s *AccountService) AddOrganisation(ctx context.Context, name string, kind domain.OrganisationKind, p domain.Policy) (*domain.Organisation, error) {
	var errs []domain.FieldError
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		errs = append(errs, domain.FieldError{Field: "name", Message: "Geef een naam van hoogstens 200 tekens."})
	} else if domain.CheckText(name, false) != nil {
		errs = append(errs, domain.FieldError{Field: "name", Message: domain.BadTextMessage})
	}
	if !slices.Contains(domain.OrganisationKinds, kind) {
		errs = append(errs, domain.FieldError{Field: "kind", Message: "Kies gemeente, provincie, waterschap of openbaar-lichaam."})
	}
	if err := s.checkTemplate(p.TemplateVersion); err != nil {
		errs = append(errs, *err)
	}
	if len(errs) > 0 {
		return nil, domain.Invalid(errs...)
	}
	id, err := s.newID()
	if err != nil {
		return nil, err
	}
	o := &domain.Organisation{ID: id, Name: name, Kind: kind, Policy: p}
	if err := s.store.CreateOrganisation(ctx, o, s.event(ctx, cliActor, nil, "add_organisation", "organisation:"+o.ID, domain.AuditOK)); err != nil {
		return nil, fmt.Errorf("add organisation: %w", err)
	}
	return o, nil
}

// checkTemplate returns a field error unless version is empty (the
// default) or a loaded questionnaire template.
func (s *AccountService) checkTemplate(version string) *domain.FieldError {
	if _, ok := s.cfg.Templates[version]; version != "" && !ok {
		return &domain.FieldError{Field: "questionnaire", Message: fmt.Sprintf("Er is geen vragenlijst met versie %q.", version)}
	}
	return nil
}

// Policy returns the organisation's policy. Returns EINVALID for an
// unknown organisation.
func (s *AccountService) Policy(ctx context.Context, orgName string) (domain.Policy, error) {
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return domain.Policy{}, err
	}
	return o.Policy, nil
}

// SetPolicy changes what an organisation decides for its new scans:
// running scans keep the questionnaire they started with.
func (s *AccountService) SetPolicy(ctx context.Context, orgName string, p domain.Policy) error {
	if err := s.checkTemplate(p.TemplateVersion); err != nil {
		return domain.Invalid(*err)
	}
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return err
	}
	if err := s.store.SetOrganisationPolicy(ctx, o.ID, p, s.event(ctx, cliActor, nil, "set_policy", "organisation:"+o.ID, domain.AuditOK)); err != nil {
		return fmt.Errorf("set policy of organisation %s: %w", o.ID, err)
	}
	return nil
}

// organisation returns the organisation with the name, as an EINVALID
// field error when there is none.
func (s *AccountService) organisation(ctx context.Context, name string) (*domain.Organisation, error) {
	o, err := s.store.OrganisationByName(ctx, strings.TrimSpace(name))
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		return nil, domain.Invalid(domain.FieldError{Field: "organisation", Message: fmt.Sprintf("Er is geen organisatie %q.", name)})
	}
	return o, err
}

// AddUser creates an account of a staff role in the named organisation and
// returns it with its first bearer token, which is shown once and stored
// only as a hash. It is the operator's bootstrap on the command line; an
// admin's new accounts (AddStaff) get their credential by e-mail instead.
// Returns EINVALID for an unknown organisation or role, a candidate, or a
// taken address.
func (s *AccountService) AddUser(ctx context.Context, orgName string, role domain.Role, name, email string) (*domain.User, string, error) {
	token, t, err := s.newBearer(s.cfg.TokenTTL)
	if err != nil {
		return nil, "", err
	}
	u, _, err := s.addUser(ctx, cliActor, func() (*domain.Organisation, error) { return s.organisation(ctx, orgName) },
		role, name, email, domain.NewUser{Token: &t}, "")
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// addUser validates and creates a staff account in the organisation org
// returns, with its first credential n and the audit event of actor a, in
// one store transaction.
func (s *AccountService) addUser(ctx context.Context, a domain.Actor, org func() (*domain.Organisation, error),
	role domain.Role, name, email string, n domain.NewUser, signInCode string) (*domain.User, *domain.Organisation, error) {
	var errs []domain.FieldError
	if !role.Valid() || role == domain.RoleCandidate {
		errs = append(errs, domain.FieldError{Field: "role", Message: "Kies de rol formateur, integriteitsadviseur (adviser) of beheerder (admin). Een kandidaat krijgt een account via de uitnodiging voor de scan."})
	}
	name = strings.TrimSpace(name)
	if name == "" {
		errs = append(errs, domain.FieldError{Field: "name", Message: "Dit veld is verplicht."})
	} else if domain.CheckText(name, false) != nil {
		// The command line reaches here without the API's checks.
		errs = append(errs, domain.FieldError{Field: "name", Message: domain.BadTextMessage})
	}
	email, bad := emailField("email", email)
	if bad != nil {
		errs = append(errs, *bad)
	}
	if len(errs) > 0 {
		return nil, nil, domain.Invalid(errs...)
	}
	o, err := org()
	if err != nil {
		return nil, nil, err
	}
	id, err := s.newID()
	if err != nil {
		return nil, nil, err
	}
	u := &domain.User{ID: id, OrganisationID: o.ID, Role: role, Name: name, Email: email, Active: true}
	if n.SignIn != nil && signInCode != "" {
		m := s.activationMailFor(u, o.Name, signInCode, n.SignIn.ExpiresAt)
		n.SignIn.Mail = &m // sent if and only if the account is stored
	}
	n.Audit = s.event(ctx, a, nil, "add_user", objectUser+":"+u.ID, domain.AuditOK)
	// The store refuses an address that names an adviser serving the
	// organisation (another account with it would receive their scans),
	// checked and taken under one lock.
	if err := s.store.CreateUser(ctx, u, n); err != nil {
		return nil, nil, fmt.Errorf("add user: %w", err)
	}
	return u, o, nil
}

// adviserReader is the read adviserFor needs, which both the store and a
// write's domain.TxReader offer.
type adviserReader interface {
	AdvisersFor(ctx context.Context, organisationID, email string) ([]domain.User, error)
}

// adviserFor returns the one active adviser with the address who serves
// the organisation, read through r (the store, or a write's transaction),
// or a field error when there is none or more than one: an ambiguous
// address is refused, never resolved by an order.
func adviserFor(ctx context.Context, r adviserReader, orgID, email, field string) (*domain.User, *domain.FieldError, error) {
	all, err := r.AdvisersFor(ctx, orgID, email)
	if err != nil {
		return nil, nil, fmt.Errorf("find adviser: %w", err)
	}
	var active []domain.User
	for _, u := range all {
		if u.Active {
			active = append(active, u)
		}
	}
	switch len(active) {
	case 0:
		return nil, &domain.FieldError{Field: field, Message: "Er is geen actieve integriteitsadviseur met dit e-mailadres voor uw organisatie."}, nil
	case 1:
		return &active[0], nil, nil
	}
	return nil, &domain.FieldError{Field: field,
		Message: "Dit e-mailadres hoort bij meer dan één adviseur van uw organisatie. Vraag de beheerder dit op te lossen."}, nil
}

// AssignAdviser lets the adviser of organisation home with the address
// serve organisation other too. Returns EINVALID when either is unknown,
// or when another adviser serving other has the address.
func (s *AccountService) AssignAdviser(ctx context.Context, home, email, other string) error {
	h, err := s.organisation(ctx, home)
	if err != nil {
		return err
	}
	o, err := s.organisation(ctx, other)
	if err != nil {
		return err
	}
	email, bad := emailField("email", email)
	if bad != nil {
		return domain.Invalid(*bad)
	}
	all, err := s.store.AdvisersFor(ctx, h.ID, email)
	if err != nil {
		return err
	}
	var adv *domain.User
	for i, u := range all {
		if u.OrganisationID == h.ID && u.Active {
			adv = &all[i]
		}
	}
	if adv == nil {
		return domain.Invalid(domain.FieldError{Field: "email", Message: "Er is geen actieve adviseur met dit adres in die organisatie."})
	}
	// The store refuses it when another adviser serving o has the address.
	return s.store.AssignAdviser(ctx, adv.ID, o.ID,
		s.event(ctx, cliActor, nil, "assign_adviser", objectUser+":"+adv.ID+"@"+o.ID, domain.AuditOK))
}

// SetUserActive deactivates (or reactivates) an account on the command
// line. Deactivating revokes its tokens and open sign-in links at once;
// reactivating brings none back but mails a staff member a new sign-in link.
func (s *AccountService) SetUserActive(ctx context.Context, orgName string, role domain.Role, email string, active bool) error {
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return err
	}
	email, bad := emailField("email", email)
	if bad != nil {
		return domain.Invalid(*bad)
	}
	u, err := s.store.SetUserActive(ctx, o.ID, role, email, active, s.now())
	if err != nil {
		// No address in the error: it reaches the log.
		return fmt.Errorf("set a %s account of organisation %s active=%t: %w", role, o.ID, active, err)
	}
	return s.afterSetActive(ctx, cliActor, u, o.Name, active)
}

// afterSetActive audits a change of an account's state and, for a staff
// account made active, mails its owner a sign-in link.
func (s *AccountService) afterSetActive(ctx context.Context, a domain.Actor, u *domain.User, orgName string, active bool) error {
	action := map[bool]string{true: "activate_user", false: "deactivate_user"}[active]
	if err := s.audit(ctx, s.event(ctx, a, nil, action, objectUser+":"+u.ID, domain.AuditOK)); err != nil {
		return err
	}
	if active && u.Role != domain.RoleCandidate {
		return s.sendActivation(ctx, u, orgName)
	}
	return nil
}

// sendActivation mails the staff member a single-use link that signs them
// in: the code and its message are stored in one transaction, and the
// outbox delivers the message.
func (s *AccountService) sendActivation(ctx context.Context, u *domain.User, orgName string) error {
	code, c, err := s.newActivation(u.ID)
	if err != nil {
		return err
	}
	m := s.activationMailFor(u, orgName, code, c.ExpiresAt)
	c.Mail = &m
	return s.store.AddSignInCode(ctx, c)
}

// newActivation returns a new sign-in code of the user and its stored form.
func (s *AccountService) newActivation(userID string) (string, domain.SignInCode, error) {
	code, hash, err := newToken(s.cfg.Random)
	if err != nil {
		return "", domain.SignInCode{}, err
	}
	now := s.now()
	return code, domain.SignInCode{Hash: hash, UserID: userID, Purpose: domain.SignInPurposeActivation,
		CreatedAt: now, ExpiresAt: now.Add(s.cfg.ActivationTTL)}, nil
}

// activationMailFor is the message with the link of a sign-in code.
func (s *AccountService) activationMailFor(u *domain.User, orgName, code string, expires time.Time) domain.Mail {
	return activationMail(u, orgName, s.cfg.BaseURL+"/aanmelden/"+code, expires.In(s.cfg.Location))
}

// SignIn exchanges a single-use sign-in code from a mailed link for a new
// bearer token of its staff member. Returns ENOTFOUND for an unknown, used
// or expired code, or one of a deactivated account.
func (s *AccountService) SignIn(ctx context.Context, code string) (string, error) {
	token, t, err := s.newBearer(s.cfg.TokenTTL)
	if err != nil {
		return "", err
	}
	if err := s.store.UseSignInCode(ctx, HashToken(code), []string{domain.SignInPurposeActivation}, t); err != nil {
		if isDenial(err) {
			s.denied(ctx, domain.Actor{}, nil, "sign_in", objectSignIn)
		}
		return "", fmt.Errorf("sign in: %w", err)
	}
	return token, nil
}

// requireAdmin refuses anyone but an admin, and records the refusal.
func (s *AccountService) requireAdmin(ctx context.Context, a domain.Actor, action string) error {
	if a.Role != domain.RoleAdmin {
		s.denied(ctx, a, nil, action, objectUser)
		return domain.Errorf(domain.EFORBIDDEN, "Alleen de beheerder beheert accounts.")
	}
	return nil
}

// Staff lists the admin's organisation's staff accounts. Candidates are not
// listed: who is being screened is no business of the admin's.
func (s *AccountService) Staff(ctx context.Context, a domain.Actor) ([]domain.User, error) {
	if err := s.requireAdmin(ctx, a, "list_users"); err != nil {
		return nil, err
	}
	return s.store.StaffUsers(ctx, a.OrganisationID)
}

// AddStaff creates a staff account in the admin's own organisation and
// mails its owner a sign-in link: the admin never holds its credential.
// The link goes into the outbox in the transaction that creates the
// account. Returns EFORBIDDEN for anyone but an admin, EINVALID as AddUser
// does.
func (s *AccountService) AddStaff(ctx context.Context, a domain.Actor, role domain.Role, name, email string) (*domain.User, error) {
	if err := s.requireAdmin(ctx, a, "add_user"); err != nil {
		return nil, err
	}
	code, c, err := s.newActivation("")
	if err != nil {
		return nil, err
	}
	u, _, err := s.addUser(ctx, a, func() (*domain.Organisation, error) { return s.store.Organisation(ctx, a.OrganisationID) },
		role, name, email, domain.NewUser{SignIn: &c}, code)
	if err != nil {
		return nil, err
	}
	return u, nil
}

// SetStaffActive deactivates or reactivates a staff account of the admin's
// organisation. Deactivating revokes its tokens at once; reactivating
// brings none back but mails the owner a new sign-in link (so does
// activating an active account: a lost link is replaced). Returns ENOTFOUND
// for accounts of other organisations and candidates.
func (s *AccountService) SetStaffActive(ctx context.Context, a domain.Actor, userID string, active bool) error {
	action := map[bool]string{true: "activate_user", false: "deactivate_user"}[active]
	if err := s.requireAdmin(ctx, a, action); err != nil {
		return err
	}
	if userID == a.UserID && !active {
		return domain.Errorf(domain.ECONFLICT, "U kunt uw eigen account niet uitschakelen.")
	}
	o, err := s.store.Organisation(ctx, a.OrganisationID)
	if err != nil {
		return err
	}
	u, err := s.store.SetUserActiveByID(ctx, a.OrganisationID, userID, active, s.now())
	if err != nil {
		return fmt.Errorf("set account %s active=%t: %w", userID, active, err)
	}
	return s.afterSetActive(ctx, a, u, o.Name, active)
}

// Tokens lists the tokens of a staff account of the admin's organisation,
// never their secrets. Returns EFORBIDDEN for anyone but an admin, and
// ENOTFOUND for other accounts.
func (s *AccountService) Tokens(ctx context.Context, a domain.Actor, userID string) ([]domain.Token, error) {
	if err := s.requireAdmin(ctx, a, "list_tokens"); err != nil {
		return nil, err
	}
	return s.store.Tokens(ctx, a.OrganisationID, userID)
}

// RevokeToken revokes one token of a staff account of the admin's
// organisation. Returns EFORBIDDEN for anyone but an admin, and ENOTFOUND
// for a token that is not open or not the account's.
func (s *AccountService) RevokeToken(ctx context.Context, a domain.Actor, userID, tokenID string) error {
	if err := s.requireAdmin(ctx, a, "revoke_token"); err != nil {
		return err
	}
	if _, err := s.store.RevokeToken(ctx, domain.TokenRef{ID: tokenID, UserID: userID, OrganisationID: a.OrganisationID}, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, s.event(ctx, a, nil, "revoke_token", objectToken+":"+tokenID, domain.AuditOK))
}

// RevokeAnyToken revokes one token of any account, named by its secret or
// its id, on the command line. Returns EINVALID unless exactly one is
// given, ENOTFOUND when no open token matches.
func (s *AccountService) RevokeAnyToken(ctx context.Context, secret, id string) error {
	if (secret == "") == (id == "") {
		return domain.Invalid(domain.FieldError{Field: "token", Message: "Give --token or --id, not both."})
	}
	ref := domain.TokenRef{ID: id}
	if secret != "" {
		ref = domain.TokenRef{Hash: HashToken(secret)}
	}
	userID, err := s.store.RevokeToken(ctx, ref, s.now())
	if err != nil {
		return err
	}
	return s.audit(ctx, s.event(ctx, cliActor, nil, "revoke_token", objectUser+":"+userID, domain.AuditOK))
}

// DeactivateCandidate deactivates the candidate of the admin's organisation
// with the address and revokes their tokens. It answers the same whether
// or not the address is known, so that the admin learns nothing of who is
// being screened. Returns EFORBIDDEN for anyone but an admin.
func (s *AccountService) DeactivateCandidate(ctx context.Context, a domain.Actor, email string) error {
	if err := s.requireAdmin(ctx, a, "deactivate_candidate"); err != nil {
		return err
	}
	object := objectUser + ":unknown"
	email, bad := emailField("email", email)
	if bad != nil {
		return domain.Invalid(*bad)
	}
	u, err := s.store.SetUserActive(ctx, a.OrganisationID, domain.RoleCandidate, email, false, s.now())
	switch {
	case err == nil:
		object = objectUser + ":" + u.ID
	case domain.ErrorCodeOf(err) != domain.ENOTFOUND:
		return err
	}
	return s.audit(ctx, s.event(ctx, a, nil, "deactivate_candidate", object, domain.AuditOK))
}

// emailField normalises an address given in field (emailaddr.Normalise):
// accounts are found by address, so every address is compared in one form.
// A refusal names the field.
func emailField(field, e string) (string, *domain.FieldError) {
	n, err := emailaddr.Normalise(e)
	if de, ok := domain.AsError(err); ok {
		return "", &domain.FieldError{Field: field, Message: de.Message}
	}
	return n, nil
}
