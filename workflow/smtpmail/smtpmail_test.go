package smtpmail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"
	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
	"basisscan/workflow/smtpmail"
	"basisscan/workflow/smtpmail/smtptest"
)

const from = "Basisscan integriteit <noreply@basisscan.test>"

// enqueue stores a sign-in code of a new staff member with its message,
// as the workflow does, and returns the message.
func enqueue(t *testing.T, st *gormstore.Store) domain.Mail {
	t.Helper()
	ctx := context.Background()
	org := &domain.Organisation{ID: uuid.NewString(), Name: "Gemeente Zuidhaven", Kind: domain.KindGemeente}
	if err := st.CreateOrganisation(ctx, org, domain.AuditEvent{Chain: domain.SystemChain, ActorID: "cli", ActorRole: domain.RoleAdmin,
		Action: "add_organisation", Object: "organisation", Result: domain.AuditOK, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{ID: uuid.NewString(), OrganisationID: org.ID, Role: domain.RoleAdviser, Name: "Arjen Bakker", Email: "arjen@example.nl", Active: true}
	if err := st.CreateUser(ctx, u, domain.NewUser{Audit: domain.AuditEvent{Chain: domain.SystemChain, ActorID: "cli", ActorRole: domain.RoleAdmin,
		Action: "add_user", Object: "user", Result: domain.AuditOK, At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	m := domain.Mail{To: u.Email, ToName: u.Name, Subject: "Uw aanmeldlink voor de basisscan integriteit (Gemeente Zuidhaven)",
		Body: "Beste Arjen Bakker,\n\nMet de persoonlijke link hieronder meldt u zich aan: é\n"}
	if err := st.AddSignInCode(ctx, domain.SignInCode{Hash: uuid.NewString(), UserID: u.ID, Purpose: domain.SignInPurposeLink,
		CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour), Mail: &m}); err != nil {
		t.Fatal(err)
	}
	return m
}

// A message in the outbox is delivered by SMTP to a real server on
// loopback, authenticated, with its Dutch text intact.
func TestDeliveredBySMTP(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			srv := smtptest.Start(t)
			mailer, err := smtpmail.New(srv.URL("basisscan"), from)
			if err != nil {
				t.Fatal(err)
			}
			want := enqueue(t, st)
			storetest.Outbox(t, st, gormstore.OutboxConfig{Mailer: mailer})
			got := srv.Wait(1, 20*time.Second)
			if len(got) != 1 {
				t.Fatalf("the server received %d messages, want 1", len(got))
			}
			m := got[0]
			if len(m.To) != 1 || m.To[0] != want.To || m.From != "noreply@basisscan.test" || m.User != "basisscan" {
				t.Fatalf("envelope from %q to %v as %q", m.From, m.To, m.User)
			}
			if !strings.Contains(m.Data, "Subject: ") || !strings.Contains(m.Data, "Arjen Bakker") {
				t.Fatalf("message lacks its subject or name:\n%s", m.Data)
			}
			storetest.Drain(t, st)
			if n, err := st.OutboxBacklog(context.Background()); err != nil || n != 0 {
				t.Fatalf("backlog after delivery = %d, %v", n, err)
			}
		})
	}
}

// A server that refuses first (451) and then accepts still gets the
// message, once: the outbox retries with back-off.
func TestSMTPFailureIsRetried(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			srv := smtptest.Start(t)
			srv.FailNext(1)
			mailer, err := smtpmail.New(srv.URL(""), from)
			if err != nil {
				t.Fatal(err)
			}
			enqueue(t, st)
			storetest.Outbox(t, st, gormstore.OutboxConfig{Mailer: mailer})
			got := srv.Wait(1, 30*time.Second)
			if len(got) != 1 {
				t.Fatalf("after a refusal the server received %d messages, want 1", len(got))
			}
			time.Sleep(300 * time.Millisecond) // a second copy would come now, not later
			if got := srv.Messages(); len(got) != 1 {
				t.Fatalf("the message arrived %d times", len(got))
			}
		})
	}
}

// A URL that names no SMTP server is refused.
func TestURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "mysql://h", "smtp://", "smtp://h:0", "smtp://h?tls=maybe", "http://h"} {
		if _, err := smtpmail.New(u, from); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	for _, u := range []string{"smtp://u:p@h:587", "smtps://u:p@h", "smtp://h:25?tls=none"} {
		if _, err := smtpmail.New(u, from); err != nil {
			t.Errorf("New(%q) = %v", u, err)
		}
	}
}
