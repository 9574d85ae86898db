package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

func TestInterview(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		interview := map[string]any{"held_on": today, "summary": secretInterview, "attendees": attendees}

		t.Run("without a VOG on record the scan waits for it", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateInterview)
			b := decode[scanBody](t, e.do(t, "POST", s.p("/interview"), s.Adviser.Token, interview).want(t, http.StatusOK))
			if b.State != "vog_check" {
				t.Errorf("state = %s, want vog_check", b.State)
			}
			h := e.history(t, s)
			if last := h[len(h)-1]; last.Action != "record_interview" || last.From != "interview" || last.To != "vog_check" || last.ActorRole != "adviser" {
				t.Errorf("history ends with %+v", last)
			}
		})
		t.Run("a VOG requested is enough to write the advice", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, map[string]string{"status": "requested"}).want(t, http.StatusOK)
			e.walk(t, s, domain.StateInterview)
			b := decode[scanBody](t, e.do(t, "POST", s.p("/interview"), s.Adviser.Token, interview).want(t, http.StatusOK))
			if b.State != "advice" || b.VOGStatus.Status != "requested" || b.VOGStatus.Text != "aangevraagd" {
				t.Errorf("state = %s, VOG %+v; want advice with the VOG requested", b.State, b.VOGStatus)
			}
		})
		t.Run("with a valid VOG on record the scan goes on to the advice", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			b := decode[scanBody](t, e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, validVOG()).want(t, http.StatusOK))
			if b.State != "questionnaire" {
				t.Fatalf("recording the VOG early moved the scan to %s", b.State)
			}
			e.walk(t, s, domain.StateInterview)
			b = decode[scanBody](t, e.do(t, "POST", s.p("/interview"), s.Adviser.Token, interview).want(t, http.StatusOK))
			if b.State != "advice" {
				t.Errorf("state = %s, want advice", b.State)
			}
		})
		t.Run("an interview cannot be in the future", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateInterview)
			before := e.get(t, s)
			p := problemOf(t, e.do(t, "POST", s.p("/interview"), s.Adviser.Token,
				map[string]any{"held_on": tomorrow, "summary": "x", "attendees": attendees}), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{"held_on"}) {
				t.Errorf("fields = %v, want [held_on]", p.fields())
			}
			e.unchanged(t, s, before)
		})
	})
}

func TestResearch(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		research := map[string]any{"sources": []map[string]string{
			{"source": "kvk", "checked_on": today, "note": "Eén eenmanszaak, niet actief."},
			{"source": "kadaster", "checked_on": "2026-02-27", "note": secretResearch},
			{"source": "rechtspraak", "checked_on": today},
		}}
		for _, c := range []struct {
			state domain.State
			want  int
		}{
			{domain.StateIntake, http.StatusConflict},
			{domain.StateQuestionnaire, http.StatusOK},
			{domain.StateInterview, http.StatusOK},
			{domain.StateVOGCheck, http.StatusOK},
			{domain.StateAdvice, http.StatusOK},
			{domain.StateCandidateReview, http.StatusConflict},
			{domain.StateSignOff, http.StatusConflict},
			{domain.StateDelivered, http.StatusConflict},
		} {
			t.Run(string(c.state), func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, c.state)
				before := e.get(t, s)
				r := e.do(t, "PUT", s.p("/research"), s.Adviser.Token, research).want(t, c.want)
				if c.want != http.StatusOK {
					if p := checkProblem(t, r); p.State != string(c.state) {
						t.Errorf("problem state = %q, want %q", p.State, c.state)
					}
					e.unchanged(t, s, before)
					return
				}
				b := decode[scanBody](t, r)
				if b.State != string(c.state) || b.Version != before.Version+1 {
					t.Errorf("after research: %s version %d, want %s version %d", b.State, b.Version, c.state, before.Version+1)
				}
			})
		}
		t.Run("invalid sources", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateInterview)
			for _, c := range []struct {
				name, field, message string
				body                 map[string]any
			}{
				{"unknown source", "sources[1].source", "Kies een van", map[string]any{"sources": []map[string]string{
					{"source": "kvk", "checked_on": today}, {"source": "telefoonboek", "checked_on": today}}}},
				{"checked in the future", "sources[0].checked_on", "toekomst", map[string]any{"sources": []map[string]string{
					{"source": "kvk", "checked_on": tomorrow}}}},
				{"malformed date", "sources[0].checked_on", "JJJJ-MM-DD", map[string]any{"sources": []map[string]string{
					{"source": "kvk", "checked_on": "gisteren"}}}},
				{"no list", "sources", "verplicht", map[string]any{}},
			} {
				t.Run(c.name, func(t *testing.T) {
					before := e.get(t, s)
					p := problemOf(t, e.do(t, "PUT", s.p("/research"), s.Adviser.Token, c.body), http.StatusUnprocessableEntity)
					if !sameStrings(p.fields(), []string{c.field}) || !strings.Contains(p.message(c.field), c.message) {
						t.Errorf("errors = %+v, want %s: …%s…", p.Errors, c.field, c.message)
					}
					e.unchanged(t, s, before)
				})
			}
		})
	})
}

func TestVOG(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		vog := func(status, issued, profile string) map[string]string {
			return map[string]string{"status": status, "issued_on": issued, "profile": profile, "reference": secretVOGRef}
		}

		t.Run("refused", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateVOGCheck)
			for _, c := range []struct {
				name, field, message string
				body                 map[string]string
			}{
				{"issued more than three months before the appointment", "issued_on", "drie maanden", vog("issued", "2026-01-14", "01")},
				{"issued in the future", "issued_on", "toekomst", vog("issued", tomorrow, "01")},
				{"issued without a date", "issued_on", "datum", vog("issued", "", "01")},
				{"another screening profile", "profile", "01", vog("issued", validVOGDay, "02")},
				{"no screening profile", "profile", "01", vog("issued", validVOGDay, "")},
			} {
				t.Run(c.name, func(t *testing.T) {
					before := e.get(t, s)
					p := problemOf(t, e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, c.body), http.StatusUnprocessableEntity)
					if !sameStrings(p.fields(), []string{c.field}) || !strings.Contains(p.message(c.field), c.message) {
						t.Errorf("errors = %+v, want %s: …%s…", p.Errors, c.field, c.message)
					}
					e.unchanged(t, s, before)
				})
			}
		})

		for _, c := range []struct {
			name string
			body map[string]string
			want domain.State
		}{
			{"issued and valid", validVOG(), domain.StateAdvice},
			{"issued exactly three months before the appointment", vog("issued", "2026-01-15", "01"), domain.StateAdvice},
			{"issued today", vog("issued", today, "01"), domain.StateAdvice},
			{"requested", map[string]string{"status": "requested"}, domain.StateAdvice},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				s := e.scanIn(t, domain.StateVOGCheck)
				before := e.get(t, s)
				b := decode[scanBody](t, e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, c.body).want(t, http.StatusOK))
				if b.State != string(c.want) || b.Version != before.Version+1 {
					t.Errorf("state %s version %d, want %s version %d", b.State, b.Version, c.want, before.Version+1)
				}
				h := e.history(t, s)
				if last := h[len(h)-1]; last.Action != "record_vog" || last.From != "vog_check" || last.To != string(c.want) {
					t.Errorf("history ends with %+v", last)
				}
			})
		}

		t.Run("a refusal is a belemmering and the advice must be ontraden", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateVOGCheck)
			b := decode[scanBody](t, e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, map[string]string{"status": "refused"}).want(t, http.StatusOK))
			if b.State != "advice" {
				t.Fatalf("state = %s, want advice", b.State)
			}
			a := e.advice(t, s, s.Adviser.Token)
			var obstruction *findingBody
			for i := range a.Findings {
				if a.Findings[i].Class == "belemmering" {
					obstruction = &a.Findings[i]
				}
			}
			if obstruction == nil {
				t.Fatalf("no belemmering after a refused VOG: %+v", a.Findings)
			}
			// It cites the office's own article, not an unnamed "equivalent provision".
			if obstruction.LegalBasis != "Gemeentewet art. 36a lid 2 (VOG bij benoeming)" ||
				strings.Contains(obstruction.Description, "bepaling") {
				t.Errorf("the refused VOG's finding cites %q: %q", obstruction.LegalBasis, obstruction.Description)
			}
			// Its measure says who acts by when, so it saves again as it stands.
			if obstruction.MeasureOwner != "candidate" || obstruction.MeasureDeadline == nil || obstruction.MeasureDeadline.Kind != "before-appointment" {
				t.Errorf("the refused VOG's measure: owner %q, deadline %+v", obstruction.MeasureOwner, obstruction.MeasureDeadline)
			}
			findings := []findingBody{*obstruction}
			e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{
				"conclusion": "aandachtspunten", "summary": "Geen VOG.", "findings": findings,
			}).want(t, http.StatusOK)
			before := e.get(t, s)
			p := problemOf(t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{"conclusion"}) || !strings.Contains(p.message("conclusion"), "ontraden") {
				t.Errorf("errors = %+v, want conclusion: …ontraden…", p.Errors)
			}
			e.unchanged(t, s, before)
			e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{
				"conclusion": "ontraden", "summary": "Geen VOG.", "findings": findings,
			}).want(t, http.StatusOK)
			b = decode[scanBody](t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil).want(t, http.StatusOK))
			if b.State != "candidate_review" {
				t.Errorf("state = %s, want candidate_review", b.State)
			}
		})
	})
}
