package workflow_test

import (
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
	"basisscan/workflow/mailfile"
)

// eachDialect runs f on SQLite and on PostgreSQL.
func eachDialect(t *testing.T, f func(t *testing.T, d storetest.Dialect)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) { f(t, d) })
	}
}

// The command line reaches the service without the API's checks: its
// names are refused for the same characters.
func TestCLIRefusesBadText(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, name := range []string{"Nieuw\x00", "\x00", "Nieuw\r\nBcc: x@y.nl", "Nieuw\u202e", "a\tb"} {
			_, _, err := e.svc.AddUser(ctx, "Gemeente Zuidhaven", domain.RoleFormateur, name, "nieuw@example.nl")
			if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "name" {
				t.Errorf("AddUser(name %q) = %v, want EINVALID on name", name, err)
			}
			_, err = e.svc.AddOrganisation(ctx, "Gemeente "+name, domain.KindGemeente, domain.Policy{})
			if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "name" {
				t.Errorf("AddOrganisation(%q) = %v, want EINVALID on name", name, err)
			}
		}
	})
}

// Addresses are compared in one normal form: a look-alike letter from
// another script is refused or gives a distinct punycode address, never a
// second account that reads the same; fullwidth and case variants are the
// same account.
func TestLookAlikeAddresses(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		const org = "Gemeente Zuidhaven"
		if _, _, err := e.svc.AddUser(ctx, org, domain.RoleAdviser, "Echt", "adviseur@example.nl"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ name, email string }{
			{"Cyrillic а in the domain", "adviseur@exаmple.nl"},
			{"the same as punycode", "adviseur@xn--exmple-4nf.nl"},
			{"Cyrillic а in the local part", "аdviseur@example.nl"},
			{"fullwidth letters", "ａｄｖｉｓｅｕｒ@example.nl"},
			{"upper case", "ADVISEUR@EXAMPLE.NL"},
			{"accented local part", "adviséur@example.nl"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := e.svc.AddUser(ctx, org, domain.RoleAdviser, "Nep", c.email)
				if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "email" {
					t.Fatalf("AddUser(%q) = %v, want EINVALID on email", c.email, err)
				}
			})
		}
		// A wholly Cyrillic domain is a different domain: its punycode form
		// cannot equal an ASCII one, and its Unicode and punycode forms are
		// one account.
		u, _, err := e.svc.AddUser(ctx, org, domain.RoleAdviser, "Ivan", "ivan@пример.рф")
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ivan@xn--e1afmkfd.xn--p1ai" {
			t.Fatalf("stored as %q", u.Email)
		}
		if _, _, err := e.svc.AddUser(ctx, org, domain.RoleAdviser, "Ivan", "IVAN@xn--e1afmkfd.xn--p1ai"); domain.ErrorCodeOf(err) != domain.EINVALID {
			t.Fatalf("the punycode form made a second account: %v", err)
		}
		// Scans find the adviser by any form, and refuse a candidate address mail cannot carry.
		in := workflow.CreateScanInput{CandidateName: "Kees", CandidateEmail: "kees@example.nl", Office: domain.OfficeWethouder,
			AdviserEmail: "Ivan@Пример.рф", PlannedAppointmentDate: domain.NewDate(2026, 5, 1)}
		sc, err := e.svc.CreateScan(ctx, e.formateur, in)
		if err != nil || sc.Adviser.ID != u.ID {
			t.Fatalf("CreateScan with the Unicode form of the adviser: %v", err)
		}
		in.CandidateEmail = "kées@example.nl"
		_, err = e.svc.CreateScan(ctx, e.formateur, in)
		if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || e.Fields[0].Field != "candidate.email" {
			t.Fatalf("CreateScan with a non-ASCII candidate address = %v, want EINVALID on candidate.email", err)
		}
	})
}

// The invitation, written as an .eml, has a To: header of ASCII that reads
// back as the candidate's name and address.
func TestInvitationHeaders(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		dir := t.TempDir()
		outbox, err := mailfile.New(dir)
		if err != nil {
			t.Fatal(err)
		}
		templates, err := configs.Templates()
		if err != nil {
			t.Fatal(err)
		}
		svc, err := workflow.New(e.store, outbox, workflow.Config{Templates: templates, ActiveTemplate: "2026-1",
			BaseURL: "http://test", Now: e.clock.Now, Renderer: e.renderer, AuditKeys: storetest.AuditKeys()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.CreateScan(ctx, e.formateur, workflow.CreateScanInput{CandidateName: "Eva Ëlberts-Smit",
			CandidateEmail: "Eva@Пример.рф", Office: domain.OfficeWethouder, AdviserEmail: "a@example.nl",
			PlannedAppointmentDate: domain.NewDate(2026, 5, 1)})
		if err != nil {
			t.Fatal(err)
		}
		// The store's outbox delivered the invitation to e.mail; written
		// by the .eml mailer, it must read back the same.
		all := e.mail.All()
		if err := outbox.Send(ctx, all[len(all)-1]); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		if len(files) != 1 {
			t.Fatalf("want one .eml, got %v", files)
		}
		raw, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
		for _, r := range head {
			if r >= 0x80 {
				t.Fatalf("raw non-ASCII in the headers:\n%s", head)
			}
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		to, err := mail.ParseAddress(msg.Header.Get("To"))
		if err != nil || to.Name != "Eva Ëlberts-Smit" || to.Address != "eva@xn--e1afmkfd.xn--p1ai" {
			t.Fatalf("To: %q reads as %+v (%v)", msg.Header.Get("To"), to, err)
		}
	})
}

// A scan needs the candidate's name, whoever asks: the API checks it while
// binding, the service for every caller.
func TestCreateScanNeedsName(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, name := range []string{"", "   ", strings.Repeat("é", 201)} {
			_, err := e.svc.CreateScan(ctx, e.formateur, workflow.CreateScanInput{CandidateName: name, CandidateEmail: "kees@example.nl",
				Office: domain.OfficeWethouder, AdviserEmail: "a@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1)})
			if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "candidate.name" {
				t.Errorf("CreateScan with name %q = %v, want EINVALID on candidate.name", name, err)
			}
		}
	})
}
