package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"basisscan/domain"
)

// CreateScanInput is what the formateur gives at intake.
type CreateScanInput struct {
	CandidateName          string
	CandidateEmail         string
	Office                 domain.Office
	AdviserEmail           string
	PlannedAppointmentDate domain.Date
	// RecipientRole is the capacity in which the advice is received;
	// empty means the formateur. RecipientEmail names the formateur-role
	// account that receives it; empty means the formateur who starts it.
	RecipientRole  domain.RecipientRole
	RecipientEmail string
	// Portfolio is the intended portefeuille, free text, optional.
	Portfolio string
	// Rescan marks the scan as a re-scan of an earlier one; nil for a first scan.
	Rescan *RescanInput
}

// RescanInput names the earlier scan of a re-scan by its reference (BS-…).
type RescanInput struct {
	Kind             domain.RescanKind
	EarlierReference string
}

// maxPersonName bounds a person's name, in characters, as the API does.
const maxPersonName = 200

// CreateScan starts a scan in intake and e-mails the candidate an invitation.
// Returns EFORBIDDEN for anyone but a formateur, EINVALID for a missing name,
// an unknown adviser or a past appointment date, EUNAVAILABLE when the mail fails.
func (s *ScanService) CreateScan(ctx context.Context, a domain.Actor, in CreateScanInput) (*domain.Scan, error) {
	if a.Role != domain.RoleFormateur {
		s.denied(ctx, a, nil, string(domain.ActionStart), objectScan)
		return nil, domain.Errorf(domain.EFORBIDDEN, "Alleen een formateur kan een scan starten.")
	}
	in.CandidateName = strings.TrimSpace(in.CandidateName)
	var fields []domain.FieldError
	if in.CandidateName == "" || utf8.RuneCountInString(in.CandidateName) > maxPersonName {
		fields = append(fields, domain.FieldError{Field: "candidate.name", Message: "Vul de naam van de kandidaat in, in ten hoogste 200 tekens."})
	}
	var f *domain.FieldError
	if in.CandidateEmail, f = emailField("candidate.email", in.CandidateEmail); f != nil {
		fields = append(fields, *f)
	}
	var adviser *domain.User
	if in.AdviserEmail, f = emailField("adviser_email", in.AdviserEmail); f != nil {
		fields = append(fields, *f)
	} else {
		var err error
		if adviser, f, err = adviserFor(ctx, s.accounts, a.OrganisationID, in.AdviserEmail, "adviser_email"); err != nil {
			return nil, err
		}
		if f != nil {
			fields = append(fields, *f)
		}
	}
	if f := checkAppointmentDate(in.PlannedAppointmentDate, s.today()); f != nil {
		fields = append(fields, *f)
	}
	org, err := s.accounts.Organisation(ctx, a.OrganisationID)
	if err != nil {
		return nil, fmt.Errorf("organisation of the formateur: %w", err)
	}
	if f := officeField(in.Office, org.Kind); f != nil {
		fields = append(fields, *f)
	}
	me, err := s.staffMember(ctx, a)
	if err != nil {
		return nil, err
	}
	if in.RecipientRole == "" {
		in.RecipientRole = domain.RecipientFormateur
	}
	if f := recipientRoleField(in.RecipientRole, org.Kind); f != nil {
		fields = append(fields, *f)
	}
	recipient := me
	if strings.TrimSpace(in.RecipientEmail) != "" {
		var f *domain.FieldError
		if recipient, f, err = s.recipientFor(ctx, a.OrganisationID, in.RecipientEmail); err != nil {
			return nil, err
		}
		if f != nil {
			fields = append(fields, *f)
		}
	}
	in.Portfolio = strings.TrimSpace(in.Portfolio)
	if f := portfolioField(in.Portfolio); f != nil {
		fields = append(fields, *f)
	}
	var rescan *domain.Rescan
	if in.Rescan != nil {
		var fs []domain.FieldError
		if rescan, fs, err = s.rescanOf(ctx, a, in.CandidateEmail, *in.Rescan); err != nil {
			return nil, err
		}
		fields = append(fields, fs...)
	}
	if len(fields) > 0 {
		return nil, domain.Invalid(fields...)
	}
	version := s.cfg.ActiveTemplate
	if _, ok := s.cfg.Templates[org.TemplateVersion]; ok {
		version = org.TemplateVersion // the organisation's choice, pinned for the scan's whole life
	}

	id, err := s.newID()
	if err != nil {
		return nil, err
	}
	ref, err := s.newReference()
	if err != nil {
		return nil, err
	}
	code, codeHash, err := newToken(s.cfg.Random)
	if err != nil {
		return nil, err
	}
	now := s.now()
	// The names are filled in here, not only when the scan is read back:
	// the invitation and the first audit event are made from this copy.
	sc := &domain.Scan{
		ID: id, Reference: ref, State: domain.StateIntake, Version: 1,
		Office: in.Office, OrganisationID: a.OrganisationID, Organisation: org.Name,
		PlannedAppointmentDate: in.PlannedAppointmentDate,
		Candidate:              domain.Person{Name: in.CandidateName, Email: in.CandidateEmail},
		Adviser:                domain.Person{ID: adviser.ID, Name: adviser.Name, Email: adviser.Email}, Formateur: me, Recipient: recipient,
		RecipientRole: in.RecipientRole, Portfolio: in.Portfolio, Rescan: rescan,
		TemplateVersion: version, Answers: domain.Answers{},
		CreatedAt: now, UpdatedAt: now,
	}
	expires := now.Add(s.cfg.InvitationTTL)
	// The invitation goes into the outbox in the scan's own transaction:
	// it is sent if and only if the scan is stored.
	invite := invitationMail(sc, invitation{
		Link: s.cfg.BaseURL + "/invitations/" + code, PrivacyLink: s.PrivacyURL(),
		Expires: expires, Location: s.cfg.Location, ResponseDays: int(s.cfg.ResponsePeriod / (24 * time.Hour)),
	})
	err = s.store.CreateScan(ctx, domain.NewScan{
		Scan: sc, InvitationCodeHash: codeHash, InvitationExpires: expires,
		History: domain.HistoryEntry{To: domain.StateIntake, Action: domain.ActionStart,
			ActorID: a.UserID, ActorRole: a.Role, At: now},
		Audit: s.event(ctx, a, sc, string(domain.ActionStart), objectScan, domain.AuditOK),
		Mails: []domain.Mail{invite},
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("create scan: %w", err)
	}
	return s.store.Scan(ctx, id)
}

// RecipientRoles returns the capacities in which the advice may be received
// in the formateur's organisation, for the intake form to offer.
func (s *ScanService) RecipientRoles(ctx context.Context, a domain.Actor) ([]domain.RecipientRole, error) {
	if a.Role != domain.RoleFormateur {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Alleen een formateur kan een scan starten.")
	}
	org, err := s.accounts.Organisation(ctx, a.OrganisationID)
	if err != nil {
		return nil, fmt.Errorf("organisation of the formateur: %w", err)
	}
	return domain.RecipientRolesFor(org.Kind), nil
}

// staffMember returns the acting staff member as a person of a scan, with
// name and address. Returns ENOTFOUND when the account is gone.
func (s *ScanService) staffMember(ctx context.Context, a domain.Actor) (domain.Person, error) {
	staff, err := s.accounts.StaffUsers(ctx, a.OrganisationID)
	if err != nil {
		return domain.Person{}, fmt.Errorf("staff of the organisation: %w", err)
	}
	for _, u := range staff {
		if u.ID == a.UserID {
			return domain.Person{ID: u.ID, Name: u.Name, Email: u.Email}, nil
		}
	}
	return domain.Person{}, domain.Errorf(domain.ENOTFOUND, "Uw account is niet gevonden.")
}

// recipientRoleField refuses a recipient role the organisation's kind does
// not have, naming those it has.
func recipientRoleField(r domain.RecipientRole, k domain.OrganisationKind) *domain.FieldError {
	roles := domain.RecipientRolesFor(k)
	if slices.Contains(roles, r) {
		return nil
	}
	names := make([]string, len(roles))
	for i, x := range roles {
		names[i] = x.DutchName()
	}
	return &domain.FieldError{Field: "recipient.role",
		Message: "Kies in welke hoedanigheid het advies wordt ontvangen: " + strings.Join(names, ", ") + "."}
}

// recipientFor returns the active formateur-role account of the
// organisation with the address, who is to receive the advice, or a field
// error when there is none.
func (s *ScanService) recipientFor(ctx context.Context, orgID, email string) (domain.Person, *domain.FieldError, error) {
	email, f := emailField("recipient.email", email)
	if f != nil {
		return domain.Person{}, f, nil
	}
	staff, err := s.accounts.StaffUsers(ctx, orgID)
	if err != nil {
		return domain.Person{}, nil, fmt.Errorf("staff of the organisation: %w", err)
	}
	for _, u := range staff {
		if u.Active && u.Role == domain.RoleFormateur && strings.EqualFold(u.Email, email) {
			return domain.Person{ID: u.ID, Name: u.Name, Email: u.Email}, nil, nil
		}
	}
	return domain.Person{}, &domain.FieldError{Field: "recipient.email",
		Message: "Er is geen actief account met de rol formateur en dit e-mailadres in uw organisatie; " +
			"de ontvanger van het advies moet zo'n account hebben."}, nil
}

// officeField refuses an office the organisation does not appoint: the scan
// would check the law of another kind of body.
func officeField(o domain.Office, k domain.OrganisationKind) *domain.FieldError {
	if o.BelongsTo(k) {
		return nil
	}
	msg := fmt.Sprintf("Uw organisatie is %s; daar hoort dit ambt niet bij.", k.DutchName())
	for office, body := range domain.OfficeBody {
		if body == k {
			msg = fmt.Sprintf("Uw organisatie is %s: een scan is hier voor het ambt van %s.", k.DutchName(), office.DutchName())
		}
	}
	return &domain.FieldError{Field: "office", Message: msg}
}

// appointmentYears bounds the planned appointment date: it lies in the
// future and within two years (issue 9); 9999-12-31 is no plan.
const appointmentYears = 2

// checkAppointmentDate returns a field error unless d lies between today
// and appointmentYears on.
func checkAppointmentDate(d, today domain.Date) *domain.FieldError {
	last := today.AddDate(appointmentYears, 0, 0)
	rangeText := "vul een datum in tussen vandaag en " + last.Dutch() + "."
	switch {
	case d.Before(today):
		return &domain.FieldError{Field: "planned_appointment_date", Message: "De beoogde benoemingsdatum ligt in het verleden; " + rangeText}
	case d.After(last):
		return &domain.FieldError{Field: "planned_appointment_date",
			Message: "De beoogde benoemingsdatum ligt meer dan twee jaar vooruit; " + rangeText}
	}
	return nil
}

// referenceAlphabet avoids letters that read alike (I, L, O, U) and digits 0, 1.
const referenceAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

func (s *ScanService) newReference() (string, error) {
	b := make([]byte, 6)
	if _, err := s.cfg.Random.Read(b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	for i := range b {
		b[i] = referenceAlphabet[int(b[i])%len(referenceAlphabet)]
	}
	return fmt.Sprintf("BS-%d-%s", s.cfg.Now().In(s.cfg.Location).Year(), b), nil
}
