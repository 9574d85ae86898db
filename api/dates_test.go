package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Every date lies in a plausible range: what was done (a source checked,
// the interview, a VOG issued) between 2000 and today, the planned
// appointment between today and two years on, date answers from 1900.
func TestDateBounds(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		scans := e.scansIn(t, domain.StateQuestionnaire, domain.StateInterview, domain.StateVOGCheck)
		q, iv, vc := scans[domain.StateQuestionnaire], scans[domain.StateInterview], scans[domain.StateVOGCheck]
		research := func(day string) any {
			return map[string]any{"sources": []map[string]string{{"source": "kvk", "checked_on": day}}}
		}
		interview := func(day string) any {
			return map[string]any{"held_on": day, "summary": "Gesprek.", "attendees": attendees}
		}
		vog := func(status, day string) any {
			return map[string]string{"status": status, "issued_on": day, "profile": "01"}
		}
		answer := func(day string) any { return map[string]any{"answers": map[string]any{"vog_aanvraagdatum": day}} }
		for _, c := range []struct {
			name, method, suffix string
			s                    *scan
			token                func(*scan) string
			body                 any
			field, message       string
		}{
			{"source checked in year 0000", "PUT", "/research", iv, adviserOf, research("0000-01-01"), "sources[0].checked_on", "vanaf 1 januari 1900"},
			{"source checked in year 0001", "PUT", "/research", iv, adviserOf, research("0001-01-01"), "sources[0].checked_on", "vanaf 1 januari 1900"},
			{"source checked in 1999", "PUT", "/research", iv, adviserOf, research("1999-12-31"), "sources[0].checked_on", "1 januari 2000"},
			{"source checked tomorrow", "PUT", "/research", iv, adviserOf, research(tomorrow), "sources[0].checked_on", "toekomst"},
			{"interview in year 0001", "POST", "/interview", iv, adviserOf, interview("0001-01-01"), "held_on", "vanaf 1 januari 1900"},
			{"interview in 1999", "POST", "/interview", iv, adviserOf, interview("1999-12-31"), "held_on", "1 januari 2000"},
			{"interview tomorrow", "POST", "/interview", iv, adviserOf, interview(tomorrow), "held_on", "toekomst"},
			{"VOG issued in year 0001", "PUT", "/vog", vc, adviserOf, vog("issued", "0001-01-01"), "issued_on", "vanaf 1 januari 1900"},
			{"VOG issued on 9999-12-31", "PUT", "/vog", vc, adviserOf, vog("issued", "9999-12-31"), "issued_on", "toekomst"},
			{"requested VOG with a date in year 0001", "PUT", "/vog", vc, adviserOf, vog("requested", "0001-01-01"), "issued_on", "1 januari 1900"},
			{"requested VOG issued in 1999", "PUT", "/vog", vc, adviserOf, vog("requested", "1999-12-31"), "issued_on", "tussen 1 januari 2000 en vandaag"},
			{"requested VOG with a future date", "PUT", "/vog", vc, adviserOf, vog("requested", "9999-12-31"), "issued_on", "toekomst"},
			{"date answer in year 0000", "PUT", "/questionnaire/answers", q, candidateOf, answer("0000-01-01"), "answers.vog_aanvraagdatum", "tussen 1 januari 1900 en 2 maart 2036"},
			{"date answer in year 0001", "PUT", "/questionnaire/answers", q, candidateOf, answer("0001-01-01"), "answers.vog_aanvraagdatum", "1 januari 1900"},
			{"date answer on 9999-12-31", "PUT", "/questionnaire/answers", q, candidateOf, answer("9999-12-31"), "answers.vog_aanvraagdatum", "2 maart 2036"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := e.get(t, c.s)
				p := problemOf(t, e.do(t, c.method, c.s.p(c.suffix), c.token(c.s), c.body), http.StatusUnprocessableEntity)
				if !strings.Contains(p.message(c.field), c.message) {
					t.Errorf("message for %s = %q, want it to say %q (%+v)", c.field, p.message(c.field), c.message, p.Errors)
				}
				e.unchanged(t, c.s, before)
			})
		}
		for _, c := range []struct{ name, day, message string }{
			{"in year 0001", "0001-01-01", "vanaf 1 januari 1900"},
			{"yesterday", "2026-03-01", "verleden; vul een datum in tussen vandaag en 2 maart 2028"},
			{"on 9999-12-31", "9999-12-31", "tussen vandaag en 2 maart 2028"},
			{"two years and a day on", "2028-03-03", "tussen vandaag en 2 maart 2028"},
		} {
			t.Run("planned appointment "+c.name, func(t *testing.T) {
				n := len(e.mail.all())
				p := problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token,
					createWith(e.adviser.Email, func(b map[string]any) { b["planned_appointment_date"] = c.day })), http.StatusUnprocessableEntity)
				if !strings.Contains(p.message("planned_appointment_date"), c.message) {
					t.Errorf("message = %q, want it to say %q", p.message("planned_appointment_date"), c.message)
				}
				if len(e.mail.all()) != n {
					t.Error("a refused scan sent an invitation")
				}
			})
		}
		// The bounds themselves are accepted.
		e.do(t, "POST", "/api/v1/scans", e.formateur.Token,
			createWith(e.adviser.Email, func(b map[string]any) { b["planned_appointment_date"] = "2028-03-02" })).want(t, http.StatusCreated)
		e.do(t, "PUT", q.p("/questionnaire/answers"), q.Candidate.Token, answer("1900-01-01")).want(t, http.StatusOK)
		e.do(t, "PUT", q.p("/questionnaire/answers"), q.Candidate.Token, answer("2036-03-02")).want(t, http.StatusOK)
		e.do(t, "PUT", iv.p("/research"), iv.Adviser.Token, research("2000-01-01")).want(t, http.StatusOK)
		e.do(t, "PUT", iv.p("/research"), iv.Adviser.Token, research(today)).want(t, http.StatusOK)
		e.do(t, "POST", iv.p("/interview"), iv.Adviser.Token, interview("2000-01-01")).want(t, http.StatusOK)
	})
}

func adviserOf(s *scan) string   { return s.Adviser.Token }
func candidateOf(s *scan) string { return s.Candidate.Token }
