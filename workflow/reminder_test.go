package workflow_test

import (
	"strings"
	"testing"
	"time"

	"basisscan/workflow"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// reminders returns the questionnaire reminders delivered so far.
func (e *env) reminders() []string {
	var out []string
	for _, m := range e.mail.All() {
		if strings.HasPrefix(m.Subject, "Herinnering: vul uw vragenlijst in") {
			out = append(out, m.Body)
		}
	}
	return out
}

// The questionnaire reminder is a job scheduled before the deadline: it
// goes once when its time comes, with two instances delivering, and not at
// all once the questionnaire is submitted.
func TestQuestionnaireReminder(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		t.Run("due, two instances", func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			sc := e.start(t)
			if sc.QuestionnaireDue == nil {
				t.Fatal("no questionnaire deadline after consent")
			}
			if got := e.reminders(); len(got) != 0 {
				t.Fatalf("a reminder before its time: %q", got)
			}
			// Two instances deliver the store's outbox, as two servers on one database do.
			for range 2 {
				storetest.Outbox(t, e.store, gormstore.OutboxConfig{Mailer: e.mail, Due: e.svc.MailDue, Now: e.clock.Now})
			}
			e.clock.Set(sc.QuestionnaireDue.Add(-47 * time.Hour)) // past its moment, two days before the deadline
			waitBacklog(t, e.store)
			got := e.reminders()
			if len(got) != 1 {
				t.Fatalf("%d reminders, want 1", len(got))
			}
			for _, want := range []string{"Kees Kandidaat", "Gemeente Zuidhaven", "a@example.nl", "uiterlijk"} {
				if !strings.Contains(got[0], want) {
					t.Errorf("the reminder lacks %q:\n%s", want, got[0])
				}
			}
		})
		t.Run("not after the phase moved on", func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			sc := e.start(t)
			e.answerAll(t, sc.ID)
			if _, err := e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil); err != nil {
				t.Fatal(err)
			}
			storetest.Outbox(t, e.store, gormstore.OutboxConfig{Mailer: e.mail, Due: e.svc.MailDue, Now: e.clock.Now})
			e.clock.Set(sc.QuestionnaireDue.Add(-47 * time.Hour))
			waitBacklog(t, e.store)
			if got := e.reminders(); len(got) != 0 {
				t.Fatalf("a reminder after the questionnaire was submitted: %q", got)
			}
		})
	})
}

// waitBacklog waits until the outbox holds nothing to deliver: the
// scheduled reminder's time came, and it was sent or dropped.
func waitBacklog(t *testing.T, st *gormstore.Store) {
	t.Helper()
	deadline := time.Now().Add(40 * time.Second)
	for {
		n, err := st.OutboxBacklog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox: %d messages left after 40s", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// responseReminders returns the "response period ends tomorrow" messages.
func (e *env) responseReminders() []string {
	var out []string
	for _, m := range e.mail.All() {
		if strings.HasPrefix(m.Subject, "Morgen eindigt uw reactietermijn") {
			out = append(out, m.Body)
		}
	}
	return out
}

// The candidate reviewing the draft advice is reminded, once, the day
// before the response period ends; not when they have responded already.
func TestResponseReminder(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		for _, responded := range []bool{false, true} {
			t.Run(map[bool]string{false: "due", true: "not after the response"}[responded], func(t *testing.T) {
				t.Parallel()
				e := setup(t, d)
				sc := e.start(t)
				e.toReview(t, sc.ID)
				got, err := e.svc.Scan(ctx, e.adviser, sc.ID)
				if err != nil {
					t.Fatal(err)
				}
				end := e.svc.ResponseDeadline(got)
				if end == nil {
					t.Fatal("no response deadline in review")
				}
				if responded {
					if _, err := e.svc.Respond(ctx, e.candidate, sc.ID, nil, workflow.ResponseInput{Agrees: true}); err != nil {
						t.Fatal(err)
					}
				}
				storetest.Outbox(t, e.store, gormstore.OutboxConfig{Mailer: e.mail, Due: e.svc.MailDue, Now: e.clock.Now})
				if n := len(e.responseReminders()); n != 0 {
					t.Fatalf("%d reminders before their time", n)
				}
				e.clock.Set(end.Add(-23 * time.Hour)) // past its moment, the day before the end
				waitBacklog(t, e.store)
				reminders := e.responseReminders()
				if responded {
					if len(reminders) != 0 {
						t.Fatalf("a reminder after the response: %q", reminders)
					}
					return
				}
				if len(reminders) != 1 {
					t.Fatalf("%d reminders, want 1", len(reminders))
				}
				for _, want := range []string{"Gemeente Zuidhaven", "a@example.nl"} {
					if !strings.Contains(reminders[0], want) {
						t.Errorf("the reminder lacks %q:\n%s", want, reminders[0])
					}
				}
			})
		}
	})
}
