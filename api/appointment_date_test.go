package api_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// The formateur moves the planned appointment date; bad input is refused
// field by field and changes nothing.
func TestChangeAppointmentDate(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		path := s.p("/planned-appointment-date")
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"no reason", map[string]any{"date": "2026-05-01"}, "reason"},
			{"a blank reason", map[string]any{"date": "2026-05-01", "reason": "  "}, "reason"},
			{"no date", map[string]any{"reason": "later"}, "date"},
			{"not a date", map[string]any{"date": "1 mei", "reason": "later"}, "date"},
			{"in the past", map[string]any{"date": "2026-03-01", "reason": "later"}, "date"},
			{"more than two years ahead", map[string]any{"date": "2028-03-03", "reason": "later"}, "date"},
		} {
			p := problemOf(t, e.do(t, "PUT", path, s.Formateur.Token, c.body), http.StatusUnprocessableEntity)
			if f := p.fields(); len(f) != 1 || f[0] != c.field || p.Errors[0].Message == "" {
				t.Errorf("%s: fields %v, want [%s]", c.name, f, c.field)
			}
		}
		if got := e.get(t, s); got.PlannedAppointmentDate != planned || got.Version != 1 {
			t.Fatalf("refused input changed the scan: %+v", got)
		}
		problemOf(t, e.do(t, "PUT", path, s.Adviser.Token, map[string]any{"date": "2026-05-01", "reason": "later"}), http.StatusForbidden)

		before := len(e.mail.all())
		b := decode[scanBody](t, e.do(t, "PUT", path, s.Formateur.Token,
			map[string]any{"date": "2026-05-01", "reason": "De raadsvergadering is verschoven."}).want(t, http.StatusOK))
		if b.PlannedAppointmentDate != "2026-05-01" || b.State != string(domain.StateIntake) {
			t.Fatalf("after the change: %+v", b)
		}
		h := e.history(t, s)
		if last := h[len(h)-1]; last.Action != "change_appointment_date" ||
			last.Reason != "Beoogde benoemingsdatum gewijzigd van 15 april 2026 naar 1 mei 2026. Reden: De raadsvergadering is verschoven." {
			t.Fatalf("history ends with %+v", last)
		}
		var to []string
		for _, m := range e.mail.all()[before:] {
			to = append(to, m.To)
			if !strings.Contains(m.Body, "1 mei 2026") || strings.Contains(m.Body, "raadsvergadering") {
				t.Errorf("mail to %s: %s", m.To, m.Body)
			}
		}
		if len(to) != 2 {
			t.Fatalf("mails to %v, want the adviser and the candidate", to)
		}
		e.walk(t, s, domain.StateCancelled)
		problemOf(t, e.do(t, "PUT", path, s.Formateur.Token, map[string]any{"date": "2026-06-01", "reason": "later"}), http.StatusConflict)
	})
}

// The formateur sees the VOG only as a status, and cannot record benoemd
// without a valid VOG for the planned date; the advice need not wait for it.
func TestVOGStatusAndOutcome(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		t.Run("requested, then refused after delivery", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, map[string]string{"status": "requested", "reference": secretVOGRef}).want(t, http.StatusOK)
			b := e.walk(t, s, domain.StateDelivered)
			if b.VOGStatus.Status != "requested" || b.VOGStatus.Text != "aangevraagd" {
				t.Fatalf("status at delivery: %+v", b.VOGStatus)
			}
			p := problemOf(t, e.do(t, "POST", s.p("/outcome"), s.Formateur.Token, map[string]string{"outcome": "benoemd"}), http.StatusUnprocessableEntity)
			if f := p.fields(); len(f) != 1 || f[0] != "outcome" || !strings.Contains(p.Errors[0].Message, "Gemeentewet art. 36a lid 2") {
				t.Fatalf("benoemd without a valid VOG: %+v", p)
			}
			advice := e.advice(t, s, s.Formateur.Token)
			e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, map[string]string{"status": "refused", "reference": secretVOGRef}).want(t, http.StatusOK)
			r := e.do(t, "GET", s.p(""), s.Formateur.Token, nil).want(t, http.StatusOK)
			if b := decode[scanBody](t, r); b.State != "delivered" || b.VOGStatus.Text != "VOG geweigerd" {
				t.Fatalf("formateur's view after the refusal: %+v", b)
			}
			for _, path := range []string{s.p(""), s.p("/history"), s.p("/advice"), "/api/v1/scans"} {
				if body := string(e.do(t, "GET", path, s.Formateur.Token, nil).want(t, http.StatusOK).Body); strings.Contains(body, secretVOGRef) {
					t.Errorf("the formateur's %s holds the VOG's reference", path)
				}
			}
			if after := e.advice(t, s, s.Formateur.Token); !reflect.DeepEqual(after, advice) {
				t.Fatalf("the refusal after delivery changed the signed advice:\n%+v\n%+v", advice, after)
			}
			e.do(t, "POST", s.p("/outcome"), s.Formateur.Token, map[string]string{"outcome": "niet-benoemd"}).want(t, http.StatusOK)
		})
		t.Run("a later date makes the VOG too old", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateDelivered) // VOG of 20 februari, appointment 15 april
			e.do(t, "PUT", s.p("/planned-appointment-date"), s.Formateur.Token,
				map[string]any{"date": "2026-06-01", "reason": "Later."}).want(t, http.StatusOK)
			b := decode[scanBody](t, e.do(t, "GET", s.p(""), s.Adviser.Token, nil).want(t, http.StatusOK))
			if b.VOGStatus.Status != "too_old" || !strings.Contains(b.VOGStatus.Text, "1 juni 2026") {
				t.Fatalf("adviser's view: %+v", b.VOGStatus)
			}
			problemOf(t, e.do(t, "POST", s.p("/outcome"), s.Formateur.Token, map[string]string{"outcome": "benoemd"}), http.StatusUnprocessableEntity)
			e.do(t, "PUT", s.p("/planned-appointment-date"), s.Formateur.Token,
				map[string]any{"date": "2026-04-20", "reason": "Toch eerder."}).want(t, http.StatusOK)
			e.do(t, "POST", s.p("/outcome"), s.Formateur.Token, map[string]string{"outcome": "benoemd"}).want(t, http.StatusOK)
		})
	})
}

// The response deadline is capped by the planned date, and the deadlines
// reach the API's view.
func TestDeadlinesInTheView(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateAdvice)
		e.do(t, "PUT", s.p("/planned-appointment-date"), s.Formateur.Token,
			map[string]any{"date": "2026-03-07", "reason": "Eerder."}).want(t, http.StatusOK)
		e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()).want(t, http.StatusOK)
		e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil).want(t, http.StatusOK)
		want := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC) // the service under test runs in UTC
		for _, token := range []string{s.Candidate.Token, s.Adviser.Token, s.Formateur.Token} {
			b := decode[scanBody](t, e.do(t, "GET", s.p(""), token, nil).want(t, http.StatusOK))
			if b.ResponseDeadline == nil || !b.ResponseDeadline.Equal(want) {
				t.Errorf("response_deadline %v, want %v", b.ResponseDeadline, want)
			}
		}
		q := e.scanIn(t, domain.StateQuestionnaire)
		for _, c := range []struct {
			token string
			sees  bool
		}{{q.Candidate.Token, true}, {q.Adviser.Token, true}, {q.Formateur.Token, false}} {
			b := decode[scanBody](t, e.do(t, "GET", q.p(""), c.token, nil).want(t, http.StatusOK))
			if sees := b.QuestionnaireDue != nil; sees != c.sees {
				t.Errorf("questionnaire_due %v, want shown: %v", b.QuestionnaireDue, c.sees)
			} else if sees && !b.QuestionnaireDue.Equal(time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)) {
				t.Errorf("questionnaire_due %v, want seven days after consent", b.QuestionnaireDue)
			}
		}
	})
}
