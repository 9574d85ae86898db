package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"basisscan/domain"
	"basisscan/workflow/emailaddr"
)

// CreateScanInput is what the formateur gives at intake.
type CreateScanInput struct {
	CandidateName          string
	CandidateEmail         string
	Office                 domain.Office
	AdviserEmail           string
	PlannedAppointmentDate domain.Date
}

// CreateScan starts a scan in intake and e-mails the candidate an invitation.
// Returns EFORBIDDEN for anyone but a formateur, EINVALID for an unknown
// adviser or a past appointment date, EUNAVAILABLE when the mail fails.
func (s *Service) CreateScan(ctx context.Context, a domain.Actor, in CreateScanInput) (*domain.Scan, error) {
	if a.Role != domain.RoleFormateur {
		s.denied(ctx, a, nil, string(domain.ActionStart), objectScan)
		return nil, domain.Errorf(domain.EFORBIDDEN, "Alleen een formateur kan een scan starten.")
	}
	in.CandidateName = strings.TrimSpace(in.CandidateName)
	var fields []domain.FieldError
	var f *domain.FieldError
	if in.CandidateEmail, f = emailField("candidate.email", in.CandidateEmail); f != nil {
		fields = append(fields, *f)
	}
	var adviser *domain.User
	if in.AdviserEmail, f = emailField("adviser_email", in.AdviserEmail); f != nil {
		fields = append(fields, *f)
	} else {
		var err error
		if adviser, f, err = s.adviserFor(ctx, s.store, a.OrganisationID, in.AdviserEmail, "adviser_email"); err != nil {
			return nil, err
		}
		if f != nil {
			fields = append(fields, *f)
		}
	}
	if f := checkAppointmentDate(in.PlannedAppointmentDate, s.today()); f != nil {
		fields = append(fields, *f)
	}
	org, err := s.store.Organisation(ctx, a.OrganisationID)
	if err != nil {
		return nil, fmt.Errorf("organisation of the formateur: %w", err)
	}
	if f := officeField(in.Office, org.Kind); f != nil {
		fields = append(fields, *f)
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
	me, err := s.staffMember(ctx, a)
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
		Adviser:                domain.Person{ID: adviser.ID, Name: adviser.Name, Email: adviser.Email}, Formateur: me, Recipient: me,
		TemplateVersion: version, Answers: domain.Answers{},
		CreatedAt: now, UpdatedAt: now,
	}
	expires := now.Add(s.cfg.InvitationTTL)
	err = s.store.CreateScan(ctx, domain.NewScan{
		Scan: sc, InvitationCodeHash: codeHash, InvitationExpires: expires,
		History: domain.HistoryEntry{To: domain.StateIntake, Action: domain.ActionStart,
			ActorID: a.UserID, ActorRole: a.Role, At: now},
		Audit: s.event(ctx, a, sc, string(domain.ActionStart), objectScan, domain.AuditOK),
	}, func(stored *domain.Scan) error {
		if err := s.mailer.Send(ctx, invitationMail(stored, invitation{
			Link: s.cfg.BaseURL + "/invitations/" + code, PrivacyLink: s.PrivacyURL(),
			Expires: expires, Location: s.cfg.Location, ResponseDays: int(s.cfg.ResponsePeriod / (24 * time.Hour)),
		})); err != nil {
			return domain.Unavailable(err, "De uitnodiging aan de kandidaat kon niet worden verstuurd. Probeer het later opnieuw.")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create scan: %w", err)
	}
	return s.store.Scan(ctx, id)
}

// staffMember returns the acting staff member as a person of a scan, with
// name and address. Returns ENOTFOUND when the account is gone.
func (s *Service) staffMember(ctx context.Context, a domain.Actor) (domain.Person, error) {
	staff, err := s.store.StaffUsers(ctx, a.OrganisationID)
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

// referenceAlphabet avoids letters that read alike (I, L, O, U) and digits 0, 1.
const referenceAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

func (s *Service) newReference() (string, error) {
	b := make([]byte, 6)
	if _, err := s.cfg.Random.Read(b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	for i := range b {
		b[i] = referenceAlphabet[int(b[i])%len(referenceAlphabet)]
	}
	return fmt.Sprintf("BS-%d-%s", s.cfg.Now().In(s.cfg.Location).Year(), b), nil
}

// AcceptInvitation exchanges a single-use invitation code for the candidate's
// bearer token. Returns ENOTFOUND for an unknown, used or expired code.
func (s *Service) AcceptInvitation(ctx context.Context, code string) (string, error) {
	token, t, err := s.newBearer(s.cfg.CandidateTokenTTL)
	if err != nil {
		return "", err
	}
	if err := s.store.AcceptInvitation(ctx, HashToken(code), t); err != nil {
		if isDenial(err) {
			s.denied(ctx, domain.Actor{}, nil, "accept_invitation", objectInvite)
		}
		return "", fmt.Errorf("accept invitation: %w", err)
	}
	return token, nil
}

// Authenticate returns the actor holding the bearer token.
// Returns EUNAUTHORIZED for an unknown, expired or revoked token or a
// deactivated account.
func (s *Service) Authenticate(ctx context.Context, token string) (domain.Actor, error) {
	if token == "" {
		s.denied(ctx, domain.Actor{}, nil, "authenticate", objectToken)
		return domain.Actor{}, domain.Errorf(domain.EUNAUTHORIZED, "Meld u aan met een toegangstoken (Authorization: Bearer …).")
	}
	_, a, err := s.store.UserByToken(ctx, HashToken(token), s.now())
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		s.denied(ctx, domain.Actor{}, nil, "authenticate", objectToken)
		return domain.Actor{}, domain.Errorf(domain.EUNAUTHORIZED, "Het toegangstoken is onbekend, verlopen of ingetrokken.")
	}
	if err != nil {
		return domain.Actor{}, fmt.Errorf("authenticate: %w", err)
	}
	return a, nil
}

// Scan returns a scan the actor takes part in. Returns ENOTFOUND otherwise.
func (s *Service) Scan(ctx context.Context, a domain.Actor, id string) (*domain.Scan, error) {
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
func (s *Service) Scans(ctx context.Context, a domain.Actor) ([]domain.Scan, error) {
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
func (s *Service) History(ctx context.Context, a domain.Actor, id string) ([]domain.HistoryEntry, error) {
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
func (s *Service) Advice(ctx context.Context, a domain.Actor, id string) (*domain.Scan, error) {
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

// RecordInterview records the interview. Returns EINVALID for a future date.
func (s *Service) RecordInterview(ctx context.Context, a domain.Actor, id string, ifMatch *int, in domain.Interview) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordInterview, func(sc *domain.Scan, _ time.Time) error {
		if f := checkDoneOn("held_on", in.HeldOn, s.today(), "Het gesprek kan niet in de toekomst hebben plaatsgevonden."); f != nil {
			return domain.Invalid(*f)
		}
		sc.Interview = &in
		return nil
	})
}

// RecordResearch replaces the list of open sources checked.
func (s *Service) RecordResearch(ctx context.Context, a domain.Actor, id string, ifMatch *int, sources []domain.ResearchSource) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordResearch, func(sc *domain.Scan, _ time.Time) error {
		var errs []domain.FieldError
		for i, src := range sources {
			if f := checkDoneOn(fmt.Sprintf("sources[%d].checked_on", i), src.CheckedOn, s.today(),
				"Een bron kan niet in de toekomst zijn geraadpleegd."); f != nil {
				errs = append(errs, *f)
			}
		}
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		sc.Research = sources
		return nil
	})
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

// vogLaw is the VOG's legal basis per office; only the Gemeentewet's
// article is verified, the others are named as unverified.
var vogLaw = map[domain.Office]string{
	domain.OfficeWethouder:           "Gemeentewet art. 36a lid 2 (VOG bij benoeming)",
	domain.OfficeGedeputeerde:        "Provinciewet, VOG bij benoeming (artikel niet geverifieerd)",
	domain.OfficeLidDagelijksBestuur: "Waterschapswet, VOG bij benoeming (artikel niet geverifieerd)",
	domain.OfficeEilandgedeputeerde:  "WolBES, VOG bij benoeming (artikel niet geverifieerd)",
}

// vogRefusedTitle marks the finding the service adds for a refused VOG.
const vogRefusedTitle = "Geen VOG afgegeven"

// RecordVOG records the VOG's status. An issued VOG must be of profile 01,
// not dated in the future and at most three months old at the planned
// appointment; a refused one adds a belemmering to the advice.
// Returns EINVALID naming the rule broken.
func (s *Service) RecordVOG(ctx context.Context, a domain.Actor, id string, ifMatch *int, v domain.VOG) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordVOG, func(sc *domain.Scan, _ time.Time) error {
		if err := checkVOG(v, sc.PlannedAppointmentDate, s.today()); err != nil {
			return err
		}
		sc.VOG = &v
		if v.Status == domain.VOGRefused {
			if sc.Advice == nil {
				sc.Advice = &domain.Advice{}
			}
			for _, f := range sc.Advice.Findings {
				if f.Class == domain.ClassObstruction && f.Title == vogRefusedTitle {
					return nil
				}
			}
			markEdited(sc.Advice, a)
			sc.Advice.Findings = append(sc.Advice.Findings, domain.Finding{
				Domain: domain.DomainPersonal, Title: vogRefusedTitle, Class: domain.ClassObstruction,
				Description: "Justis heeft de verklaring omtrent het gedrag (screeningsprofiel 01) geweigerd. " +
					"Zonder VOG is benoeming niet mogelijk.",
				LegalBasis: vogLaw[sc.Office],
				Measure:    "Benoeming is niet mogelijk zolang geen VOG is afgegeven.",
			})
		}
		return nil
	})
}

func checkVOG(v domain.VOG, appointment, today domain.Date) error {
	var errs []domain.FieldError
	if !v.IssuedOn.IsZero() {
		if f := checkDoneOn("issued_on", v.IssuedOn, today, "De datum van afgifte ligt in de toekomst."); f != nil {
			errs = append(errs, *f)
		}
	}
	if v.Status == domain.VOGIssued {
		if v.Profile != domain.VOGProfilePolitiek {
			errs = append(errs, domain.FieldError{Field: "profile",
				Message: "Een VOG voor een politieke ambtsdrager heeft screeningsprofiel 01."})
		}
		switch {
		case v.IssuedOn.IsZero():
			errs = append(errs, domain.FieldError{Field: "issued_on", Message: "Vul de datum van afgifte in."})
		case v.IssuedOn.Before(recordedSince), v.IssuedOn.After(today):
		case domain.VOGTooOld(v.IssuedOn, appointment):
			errs = append(errs, domain.FieldError{Field: "issued_on", Message: fmt.Sprintf(
				"De VOG is bij de beoogde benoeming op %s ouder dan drie maanden; vraag een nieuwe aan.", appointment.Dutch())})
		}
	}
	if len(errs) > 0 {
		return domain.Invalid(errs...)
	}
	return nil
}

// markEdited records that a changed the advice's content. The list is never
// cleared, not even when the advice is reopened: under four eyes whoever
// shaped the advice at any time may not sign it (the fourEyes guard).
func markEdited(adv *domain.Advice, a domain.Actor) {
	if !slices.Contains(adv.EditedBy, a.UserID) {
		adv.EditedBy = append(adv.EditedBy, a.UserID)
	}
}

// recordedSince is the earliest date of what the service records as done:
// a source checked, an interview held, a VOG issued. Earlier is a typing
// error (0001-01-01), never a scan of this service.
var recordedSince = domain.NewDate(2000, time.January, 1)

// checkDoneOn returns a field error unless d lies between recordedSince
// and today; future is the message for a date after today.
func checkDoneOn(field string, d, today domain.Date, future string) *domain.FieldError {
	rangeText := "vul een datum in tussen " + recordedSince.Dutch() + " en vandaag."
	switch {
	case d.After(today):
		return &domain.FieldError{Field: field, Message: future + " Vul een datum in tussen " + recordedSince.Dutch() + " en vandaag."}
	case d.Before(recordedSince):
		return &domain.FieldError{Field: field, Message: "Deze datum ligt te ver in het verleden; " + rangeText}
	}
	return nil
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

// AdviceInput is the adviser's draft of the advice.
type AdviceInput struct {
	Conclusion domain.Conclusion
	Summary    string
	Findings   []domain.Finding
}

// SaveAdvice replaces the draft advice. A beheersmaatregel needs a measure.
func (s *Service) SaveAdvice(ctx context.Context, a domain.Actor, id string, ifMatch *int, in AdviceInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionSaveAdvice, func(sc *domain.Scan, _ time.Time) error {
		var errs []domain.FieldError
		t, err := s.template(sc)
		if err != nil {
			return err
		}
		for i, f := range in.Findings {
			if f.Class == domain.ClassMeasure && strings.TrimSpace(f.Measure) == "" {
				errs = append(errs, domain.FieldError{Field: fmt.Sprintf("findings[%d].measure", i),
					Message: "Beschrijf de beheersmaatregel."})
			}
			// A words-only signal's text stays out of the advice whichever way the finding comes in.
			for _, r := range t.Signals {
				if ruleID, _, _ := strings.Cut(f.Signal, "."); r.AdviserWordsOnly && ruleID == r.ID {
					if e, ok := domain.AsError(ownWords(r, FindingEdit{Title: f.Title, Description: f.Description})); ok {
						for _, fe := range e.Fields {
							errs = append(errs, domain.FieldError{Field: fmt.Sprintf("findings[%d].%s", i, fe.Field), Message: fe.Message})
						}
					}
				}
			}
		}
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		if sc.Advice == nil {
			sc.Advice = &domain.Advice{}
		}
		sc.Advice.Conclusion, sc.Advice.Summary, sc.Advice.Findings = in.Conclusion, in.Summary, in.Findings
		if sc.Advice.Findings == nil {
			sc.Advice.Findings = []domain.Finding{}
		}
		sc.Advice.WrittenBy = a.UserID
		markEdited(sc.Advice, a)
		return nil
	})
}

// SubmitAdvice puts the advice to the candidate for hoor en wederhoor.
// Returns EINVALID when the table's guard fails: conclusion or summary
// missing, a suggested belemmering neither in the advice nor dismissed, or
// a belemmering or a refused VOG without "ontraden".
func (s *Service) SubmitAdvice(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionSubmitAdvice, func(sc *domain.Scan, now time.Time) error {
		if sc.Advice != nil {
			sc.Advice.ReviewFrom = &now
		}
		sc.Response = nil
		return nil
	})
}

// ResponseInput is the candidate's answer to the draft advice.
type ResponseInput struct {
	Agrees  bool
	Comment string
}

// Respond records the candidate's response to the draft advice.
func (s *Service) Respond(ctx context.Context, a domain.Actor, id string, ifMatch *int, in ResponseInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRespond, func(sc *domain.Scan, now time.Time) error {
		sc.Response = &domain.Response{Given: true, Agrees: in.Agrees, Comment: in.Comment, At: now}
		return nil
	})
}

// CloseReview ends the review without a response once the period is over.
// Returns ECONFLICT while the period runs.
func (s *Service) CloseReview(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionCloseReview, func(sc *domain.Scan, now time.Time) error {
		sc.Response = &domain.Response{Given: false, At: now}
		return nil
	})
}

// ReopenAdvice takes the advice back to draft; the candidate will review again.
func (s *Service) ReopenAdvice(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionReopenAdvice, func(sc *domain.Scan, _ time.Time) error {
		sc.Response = nil
		if sc.Advice != nil {
			sc.Advice.ReviewFrom = nil
		}
		return nil
	})
}

// SignOff freezes the advice: it records the signer and time and the SHA-256
// of the advice's canonical content, and stores the rendered PDF with the
// SHA-256 of its bytes, all in one transaction. A failure to render leaves
// the scan unsigned.
func (s *Service) SignOff(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fireWithDocument(ctx, a, id, ifMatch, domain.ActionSignOff, func(sc *domain.Scan, now time.Time, _ domain.TxReader) (*domain.Document, error) {
		if sc.Advice == nil {
			return nil, domain.Errorf(domain.ECONFLICT, "Er is geen advies om te ondertekenen.")
		}
		signer := sc.Adviser
		if sc.SecondAdviser != nil && sc.SecondAdviser.ID == a.UserID {
			signer = *sc.SecondAdviser
		}
		sc.Advice.SignedBy = &signer
		sc.Advice.SignedAt = &now
		sum, err := AdviceHash(sc)
		if err != nil {
			return nil, err
		}
		sc.Advice.SHA256 = sum
		// Rendered inside the transaction: without its document the advice is
		// not signed.
		b, err := s.cfg.Renderer.Render(sc)
		if err != nil {
			return nil, fmt.Errorf("render advice document: %w", err)
		}
		pdfSum := sha256.Sum256(b)
		return &domain.Document{PDF: b, SHA256: hex.EncodeToString(pdfSum[:]), CreatedAt: now}, nil
	})
}

// RecordOutcome records whether the candidate was appointed.
func (s *Service) RecordOutcome(ctx context.Context, a domain.Actor, id string, ifMatch *int, o domain.Outcome) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordOutcome, func(sc *domain.Scan, now time.Time) error {
		sc.Outcome = o
		sc.DecidedAt = &now
		return nil
	})
}

// Withdraw ends the scan at the candidate's wish; the reason is optional.
func (s *Service) Withdraw(ctx context.Context, a domain.Actor, id string, ifMatch *int, reason string) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionWithdraw, func(sc *domain.Scan, _ time.Time) error {
		sc.EndReason = reason
		return nil
	})
}

// Cancel ends the scan at the formateur's wish. Returns EINVALID without a reason.
func (s *Service) Cancel(ctx context.Context, a domain.Actor, id string, ifMatch *int, reason string) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionCancel, func(sc *domain.Scan, _ time.Time) error {
		sc.EndReason = strings.TrimSpace(reason)
		return nil
	})
}

// AssignSecondAdviser lets a second adviser of the organisation work on the
// scan and sign it off, as four eyes require. Returns EINVALID for an
// address that is no adviser of the organisation, or the lead adviser's.
func (s *Service) AssignSecondAdviser(ctx context.Context, a domain.Actor, id string, ifMatch *int, email string) (*domain.Scan, error) {
	email, f := emailField("email", email)
	if f != nil {
		return nil, domain.Invalid(*f)
	}
	return s.fireWithDocument(ctx, a, id, ifMatch, domain.ActionAssignSecondAdviser, func(sc *domain.Scan, _ time.Time, tx domain.TxReader) (*domain.Document, error) {
		// Looked up in the write's transaction: an adviser deactivated in
		// the meantime is not assigned.
		adv, bad, err := s.adviserFor(ctx, tx, a.OrganisationID, email, "email")
		switch {
		case err != nil:
			return nil, err
		case bad != nil:
			return nil, domain.Invalid(*bad)
		case adv.ID == sc.Adviser.ID:
			return nil, domain.Invalid(domain.FieldError{Field: "email", Message: "Dit is al de adviseur van de scan."})
		}
		sc.SecondAdviser = &domain.Person{ID: adv.ID, Name: adv.Name, Email: adv.Email}
		return nil, nil
	})
}

// canonicalAdvice is the frozen content of a signed advice. Its JSON encoding
// (fields in this order) is what AdviceHash hashes.
type canonicalAdvice struct {
	Reference              string            `json:"reference"`
	Candidate              string            `json:"candidate"`
	Office                 domain.Office     `json:"office"`
	Organisation           string            `json:"organisation"`
	PlannedAppointmentDate string            `json:"planned_appointment_date"`
	Conclusion             domain.Conclusion `json:"conclusion"`
	Summary                string            `json:"summary"`
	Findings               []domain.Finding  `json:"findings"`
	ResponseGiven          bool              `json:"response_given"`
	ResponseAgrees         bool              `json:"response_agrees"`
	ResponseComment        string            `json:"response_comment"`
	SignedBy               string            `json:"signed_by"`
	SignedAt               string            `json:"signed_at"`
}

// AdviceHash returns the hex SHA-256 of the signed advice's canonical content.
func AdviceHash(sc *domain.Scan) (string, error) {
	a := sc.Advice
	if a == nil || a.SignedBy == nil || a.SignedAt == nil {
		return "", fmt.Errorf("scan %s: advice is not signed", sc.ID)
	}
	c := canonicalAdvice{
		Reference: sc.Reference, Candidate: sc.Candidate.Name, Office: sc.Office, Organisation: sc.Organisation,
		PlannedAppointmentDate: sc.PlannedAppointmentDate.String(),
		Conclusion:             a.Conclusion, Summary: a.Summary, Findings: a.Findings,
		SignedBy: a.SignedBy.Name + " <" + a.SignedBy.Email + ">", SignedAt: a.SignedAt.UTC().Format(time.RFC3339Nano),
	}
	if r := sc.Response; r != nil {
		c.ResponseGiven, c.ResponseAgrees, c.ResponseComment = r.Given, r.Agrees, r.Comment
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode advice: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
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

// AdviceDocument returns the signed advice's PDF to the formateur and the
// adviser of the scan, and to the candidate when configured so, from
// delivery on; every download is recorded in the audit trail (the history
// is for transitions). Returns
// ENOTFOUND, EFORBIDDEN, or ECONFLICT before delivery.
func (s *Service) AdviceDocument(ctx context.Context, a domain.Actor, id string) (*domain.Scan, *domain.Document, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if a.Role == domain.RoleCandidate && !sc.Policy.CandidateMayDownload {
		s.denied(ctx, a, sc, string(domain.ActionDownloadAdvice), objectDocument)
		return nil, nil, domain.Errorf(domain.EFORBIDDEN, "Het adviesdocument is bestemd voor de formateur.")
	}
	if sc.State != domain.StateDelivered && sc.State != domain.StateClosed {
		return nil, nil, &domain.Error{Code: domain.ECONFLICT, State: sc.State, Allowed: s.AllowedActions(a, sc),
			Message: fmt.Sprintf("Het adviesdocument is er pas na ondertekening; de scan is in de fase %q.", sc.State.DutchName())}
	}
	doc, err := s.store.Document(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("advice document of scan %s: %w", id, err)
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, string(domain.ActionDownloadAdvice), objectDocument, domain.AuditOK)); err != nil {
		return nil, nil, err
	}
	return sc, doc, nil
}
