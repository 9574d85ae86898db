package workflow_test

import (
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// TestInvitationNamesTheOrganisation: the invitation and the scan's first
// audit event carry the organisation's name (both were empty), and the
// mail names the adviser as contact, the formateur who receives the advice
// and the privacy statement.
func TestInvitationNamesTheOrganisation(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		add := func(r domain.Role, name, email string) domain.Actor {
			_, token, err := e.svc.AddUser(ctx, "Gemeente Zuidhaven", r, name, email)
			if err != nil {
				t.Fatal(err)
			}
			a, err := e.svc.Authenticate(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		form := add(domain.RoleFormateur, "Fatima de Vries", "fatima@zuidhaven.nl")
		adv := add(domain.RoleAdviser, "Arjen Bakker", "arjen@bureau.nl")
		sc, err := e.svc.CreateScan(ctx, form, workflow.CreateScanInput{
			CandidateName: "Eva Smit", CandidateEmail: "eva@example.nl", Office: domain.OfficeWethouder,
			AdviserEmail: "arjen@bureau.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
		})
		if err != nil {
			t.Fatal(err)
		}
		mails := e.mail.All()
		body := mails[len(mails)-1].Body
		for _, want := range []string{
			"wethouder bij Gemeente Zuidhaven", "Arjen Bakker", "arjen@bureau.nl", "Fatima de Vries",
			"http://test/privacy", "VOG", "15 april 2026 om 12.00 uur",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("invitation lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, " bij .") {
			t.Errorf("invitation names no organisation:\n%s", body)
		}
		trail, err := e.svc.AuditTrail(ctx, adv, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if first := trail.Chain.Events[0]; first.Action != string(domain.ActionStart) || first.Organisation != "Gemeente Zuidhaven" {
			t.Fatalf("first audit event: action %q, organisation %q", first.Action, first.Organisation)
		}
	})
}

// TestMessagesReadDutchDates: a message with a date or time names it the
// Dutch way, in Amsterdam time, never ISO or UTC.
func TestMessagesReadDutchDates(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		sc := e.start(t)
		// Appointment 1 May 2026; a VOG of January is too old then.
		_, err := e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 1, 2), Profile: "01"})
		if e, _ := domain.AsError(err); e == nil || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Message, "op 1 mei 2026 ") {
			t.Fatalf("too old a VOG: %v", err)
		}
		e.answerAll(t, sc.ID)
		for i, step := range []func() (*domain.Scan, error){
			func() (*domain.Scan, error) { return e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil) },
			func() (*domain.Scan, error) {
				return e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 20), Profile: "01"})
			},
			func() (*domain.Scan, error) {
				return e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, domain.Interview{HeldOn: domain.NewDate(2026, 3, 31), Summary: "s", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
			},
			func() (*domain.Scan, error) {
				return e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{Conclusion: domain.ConclusionNoObjection, Summary: "s"})
			},
			func() (*domain.Scan, error) { return e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil) },
		} {
			if _, err := step(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		e.clock.Advance(time.Hour)
		// Submitted 1 April 10.00 UTC; ten days on is 11 April 12.00 in Amsterdam (summer time).
		_, err = e.svc.CloseReview(ctx, e.adviser, sc.ID, nil)
		if e, _ := domain.AsError(err); e == nil || !strings.Contains(e.Message, "11 april 2026 om 12.00 uur") {
			t.Fatalf("close too early: %v", err)
		}
	})
}

// TestAddUserBadRoleReadsDutch: the role message names the roles in Dutch,
// with the value to send in brackets, never only the identifiers.
func TestAddUserBadRoleReadsDutch(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		_, _, err := e.svc.AddUser(ctx, "Gemeente Zuidhaven", domain.RoleCandidate, "Nieuw", "nieuw@example.nl")
		de, _ := domain.AsError(err)
		if de == nil || len(de.Fields) != 1 || de.Fields[0].Field != "role" {
			t.Fatalf("candidate role: %v", err)
		}
		msg := de.Fields[0].Message
		for _, want := range []string{"formateur", "integriteitsadviseur (adviser)", "beheerder (admin)"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	})
}
