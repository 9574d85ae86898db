package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"basisscan/domain"
)

// cliActor is who the audit trail names for changes made on the command line.
var cliActor = domain.Actor{UserID: "cli", Role: domain.RoleAdmin}

// AddOrganisation creates an organisation (a tenant).
// Returns EINVALID for an empty name, an unknown kind or a taken name.
func (s *Service) AddOrganisation(ctx context.Context, name string, kind domain.OrganisationKind, p domain.Policy) (*domain.Organisation, error) {
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
	if err := s.store.CreateOrganisation(ctx, o); err != nil {
		return nil, fmt.Errorf("add organisation: %w", err)
	}
	return o, s.audit(ctx, s.event(ctx, cliActor, nil, "add_organisation", "organisation:"+o.ID, domain.AuditOK))
}

// checkTemplate returns a field error unless version is empty (the
// default) or a loaded questionnaire template.
func (s *Service) checkTemplate(version string) *domain.FieldError {
	if _, ok := s.cfg.Templates[version]; version != "" && !ok {
		return &domain.FieldError{Field: "questionnaire", Message: fmt.Sprintf("Er is geen vragenlijst met versie %q.", version)}
	}
	return nil
}

// Policy returns the organisation's policy. Returns EINVALID for an
// unknown organisation.
func (s *Service) Policy(ctx context.Context, orgName string) (domain.Policy, error) {
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return domain.Policy{}, err
	}
	return o.Policy, nil
}

// SetPolicy changes what an organisation decides for its new scans:
// running scans keep the questionnaire they started with.
func (s *Service) SetPolicy(ctx context.Context, orgName string, p domain.Policy) error {
	if err := s.checkTemplate(p.TemplateVersion); err != nil {
		return domain.Invalid(*err)
	}
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return err
	}
	if err := s.store.SetOrganisationPolicy(ctx, o.ID, p); err != nil {
		return err
	}
	return s.audit(ctx, s.event(ctx, cliActor, nil, "set_policy", "organisation:"+o.ID, domain.AuditOK))
}

// organisation returns the organisation with the name, as an EINVALID
// field error when there is none.
func (s *Service) organisation(ctx context.Context, name string) (*domain.Organisation, error) {
	o, err := s.store.OrganisationByName(ctx, strings.TrimSpace(name))
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		return nil, domain.Invalid(domain.FieldError{Field: "organisation", Message: fmt.Sprintf("Er is geen organisatie %q.", name)})
	}
	return o, err
}

// AddUser creates an account of a staff role in the named organisation and
// returns it with its first bearer token, which is shown once and stored
// only as a hash. Returns EINVALID for an unknown organisation or role, a
// candidate, or a taken address.
func (s *Service) AddUser(ctx context.Context, orgName string, role domain.Role, name, email string) (*domain.User, string, error) {
	var errs []domain.FieldError
	if !role.Valid() || role == domain.RoleCandidate {
		errs = append(errs, domain.FieldError{Field: "role", Message: "Kies formateur, adviser of admin; kandidaten krijgen een account via hun uitnodiging."})
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
		return nil, "", domain.Invalid(errs...)
	}
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return nil, "", err
	}
	id, err := s.newID()
	if err != nil {
		return nil, "", err
	}
	u := &domain.User{ID: id, OrganisationID: o.ID, Role: role, Name: name, Email: email, Active: true}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, "", fmt.Errorf("add user: %w", err)
	}
	token, hash, err := newToken(s.cfg.Random)
	if err != nil {
		return nil, "", err
	}
	if err := s.store.AddToken(ctx, u.ID, hash); err != nil {
		return nil, "", fmt.Errorf("add user: %w", err)
	}
	if err := s.audit(ctx, s.event(ctx, cliActor, nil, "add_user", objectUser+":"+u.ID, domain.AuditOK)); err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// AssignAdviser lets the adviser of organisation home with the address
// serve organisation other too. Returns EINVALID when either is unknown.
func (s *Service) AssignAdviser(ctx context.Context, home, email, other string) error {
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
	adv, err := s.store.AdviserFor(ctx, h.ID, email)
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		return domain.Invalid(domain.FieldError{Field: "email", Message: "Er is geen actieve adviseur met dit adres in die organisatie."})
	}
	if err != nil {
		return err
	}
	if err := s.store.AssignAdviser(ctx, adv.ID, o.ID); err != nil {
		return err
	}
	return s.audit(ctx, s.event(ctx, cliActor, nil, "assign_adviser", objectUser+":"+adv.ID+"@"+o.ID, domain.AuditOK))
}

// SetUserActive deactivates (or reactivates) an account; its tokens stop
// working with the next request.
func (s *Service) SetUserActive(ctx context.Context, orgName string, role domain.Role, email string, active bool) error {
	o, err := s.organisation(ctx, orgName)
	if err != nil {
		return err
	}
	email, bad := emailField("email", email)
	if bad != nil {
		return domain.Invalid(*bad)
	}
	if err := s.store.SetUserActive(ctx, o.ID, role, email, active); err != nil {
		return err
	}
	action := "deactivate_user"
	if active {
		action = "activate_user"
	}
	return s.audit(ctx, s.event(ctx, cliActor, nil, action, objectUser+":"+string(role)+"@"+o.ID, domain.AuditOK))
}

// requireAdmin refuses anyone but an admin, and records the refusal.
func (s *Service) requireAdmin(ctx context.Context, a domain.Actor, action string) error {
	if a.Role != domain.RoleAdmin {
		s.denied(ctx, a, nil, action, objectUser)
		return domain.Errorf(domain.EFORBIDDEN, "Alleen de beheerder beheert accounts.")
	}
	return nil
}

// Staff lists the admin's organisation's staff accounts. Candidates are not
// listed: who is being screened is no business of the admin's.
func (s *Service) Staff(ctx context.Context, a domain.Actor) ([]domain.User, error) {
	if err := s.requireAdmin(ctx, a, "list_users"); err != nil {
		return nil, err
	}
	return s.store.StaffUsers(ctx, a.OrganisationID)
}

// AddStaff is AddUser for an admin, in the admin's own organisation.
func (s *Service) AddStaff(ctx context.Context, a domain.Actor, role domain.Role, name, email string) (*domain.User, string, error) {
	if err := s.requireAdmin(ctx, a, "add_user"); err != nil {
		return nil, "", err
	}
	o, err := s.store.Organisation(ctx, a.OrganisationID)
	if err != nil {
		return nil, "", err
	}
	return s.AddUser(ctx, o.Name, role, name, email)
}

// SetStaffActive deactivates or reactivates a staff account of the admin's
// organisation; its tokens stop with the next request. Returns ENOTFOUND
// for accounts of other organisations and candidates.
func (s *Service) SetStaffActive(ctx context.Context, a domain.Actor, userID string, active bool) error {
	action := map[bool]string{true: "activate_user", false: "deactivate_user"}[active]
	if err := s.requireAdmin(ctx, a, action); err != nil {
		return err
	}
	if userID == a.UserID && !active {
		return domain.Errorf(domain.ECONFLICT, "U kunt uw eigen account niet uitschakelen.")
	}
	if err := s.store.SetUserActiveByID(ctx, a.OrganisationID, userID, active); err != nil {
		return err
	}
	return s.audit(ctx, s.event(ctx, a, nil, action, objectUser+":"+userID, domain.AuditOK))
}
