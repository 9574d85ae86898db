package api_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

func TestQuestionnaire(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)

		t.Run("shape", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			version := e.get(t, s).Version
			for _, tok := range []string{s.Candidate.Token, s.Adviser.Token} {
				r := e.do(t, "GET", s.p("/questionnaire"), tok, nil).want(t, http.StatusOK)
				if got := r.Header.Get("ETag"); got != etag(version) {
					t.Errorf("ETag = %q, want %q", got, etag(version))
				}
				raw := decode[map[string]any](t, r)
				for _, k := range []string{"version", "sections", "answers", "submitted_at"} {
					if _, ok := raw[k]; !ok {
						t.Errorf("questionnaire lacks %q", k)
					}
				}
				q := decode[questionnaireBody](t, r)
				if q.Version != e.tmpl.Version || len(q.Sections) != len(e.tmpl.Sections) {
					t.Errorf("version %q with %d sections, want %q with %d", q.Version, len(q.Sections), e.tmpl.Version, len(e.tmpl.Sections))
				}
				if q.Answers == nil || len(q.Answers) != 0 || q.SubmittedAt != nil {
					t.Errorf("fresh questionnaire has answers %v, submitted_at %v", q.Answers, q.SubmittedAt)
				}
				types, followUps := map[string]bool{}, 0
				for _, sec := range q.Sections {
					if sec.ID == "" || sec.Title == "" {
						t.Errorf("section without id or title: %+v", sec)
					}
					for _, qq := range sec.Questions {
						types[qq.Type] = true
						if qq.ID == "" || qq.Text == "" {
							t.Errorf("question without id or text: %+v", qq)
						}
						if qq.Type == "choice" && len(qq.Options) == 0 {
							t.Errorf("choice %s without options", qq.ID)
						}
						if qq.ShowIf != nil {
							followUps++
							if qq.ShowIf.Question == "" {
								t.Errorf("question %s has an empty show_if", qq.ID)
							}
						}
					}
				}
				for _, typ := range []string{"boolean", "text", "choice", "date"} {
					if !types[typ] {
						t.Errorf("no question of type %s", typ)
					}
				}
				if len(types) != 4 || followUps == 0 {
					t.Errorf("types %v, %d follow-up questions", types, followUps)
				}
			}
		})

		t.Run("answers are merged and null clears", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			v := e.get(t, s).Version
			put := func(patch map[string]any) questionnaireBody {
				t.Helper()
				r := e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": patch}).want(t, http.StatusOK)
				v++
				if got := r.Header.Get("ETag"); got != etag(v) {
					t.Errorf("ETag = %q, want %q", got, etag(v))
				}
				return decode[questionnaireBody](t, r)
			}
			q := put(map[string]any{"cv_opleiding": "hbo bestuurskunde", "woonplaats_situatie": "ingezetene"})
			if len(q.Answers) != 2 {
				t.Fatalf("answers = %v", q.Answers)
			}
			q = put(map[string]any{"cv_afwijkingen": true, "woonplaats_situatie": "verhuizing_gepland"})
			want := map[string]any{"cv_opleiding": "hbo bestuurskunde", "cv_afwijkingen": true, "woonplaats_situatie": "verhuizing_gepland"}
			if !sameAnswers(q.Answers, want) {
				t.Errorf("after second save: %v, want %v", q.Answers, want)
			}
			q = put(map[string]any{"cv_opleiding": nil})
			delete(want, "cv_opleiding")
			if !sameAnswers(q.Answers, want) {
				t.Errorf("after clearing: %v, want %v", q.Answers, want)
			}
			got := decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), s.Adviser.Token, nil).want(t, http.StatusOK))
			if !sameAnswers(got.Answers, want) {
				t.Errorf("adviser reads %v, want %v", got.Answers, want)
			}
			if st := e.get(t, s).State; st != "questionnaire" {
				t.Errorf("saving a draft moved the scan to %s", st)
			}
		})

		t.Run("unknown ids and wrong types are refused", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			for _, c := range []struct {
				name, id string
				value    any
				message  string
			}{
				{"unknown question", "bestaat_niet", true, "bestaat niet"},
				{"text for a boolean", "cv_afwijkingen", "ja", "true"},
				{"number for a text", "cv_opleiding", 12, "tekst"},
				{"object for a text", "cv_opleiding", map[string]any{"x": 1}, "tekst"},
				{"unknown option", "cv_huidige_situatie", "astronaut", "Kies een van"},
				{"boolean for a choice", "cv_huidige_situatie", true, "Kies een van"},
				{"malformed date", "woonplaats_verhuisdatum", "1 april 2026", "JJJJ-MM-DD"},
				{"impossible date", "woonplaats_verhuisdatum", "2026-02-30", "JJJJ-MM-DD"},
				{"text too long", "cv_opleiding", strings.Repeat("a", domain.MaxTextAnswer+1), "te lang"},
			} {
				t.Run(c.name, func(t *testing.T) {
					before := e.get(t, s)
					// A valid answer in the same request is not saved either.
					r := e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
						map[string]any{"answers": map[string]any{c.id: c.value, "cv_werkervaring": "raadslid"}})
					p := problemOf(t, r, http.StatusUnprocessableEntity)
					field := "answers." + c.id
					if !sameStrings(p.fields(), []string{field}) {
						t.Errorf("fields = %v, want [%s]", p.fields(), field)
					}
					if m := p.message(field); !strings.Contains(m, c.message) {
						t.Errorf("message %q does not say %q", m, c.message)
					}
					e.unchanged(t, s, before)
					q := decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK))
					if len(q.Answers) != 0 {
						t.Errorf("a refused save stored %v", q.Answers)
					}
				})
			}
		})

		t.Run("submit lists the unanswered required questions", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			before := e.get(t, s)
			p := problemOf(t, e.do(t, "POST", s.p("/questionnaire/submit"), s.Candidate.Token, nil), http.StatusUnprocessableEntity)
			var want []string
			for _, sec := range e.tmpl.Sections {
				for _, q := range sec.Questions {
					if q.Required && q.ShowIf == nil {
						want = append(want, "answers."+q.ID)
					}
				}
			}
			if !sameStrings(p.fields(), want) {
				t.Errorf("missing fields =\n%v\nwant\n%v", p.fields(), want)
			}
			e.unchanged(t, s, before)
		})

		t.Run("a follow-up is required only while its condition holds", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			answers := answersFor(e.tmpl)
			answers["cv_afwijkingen"] = true
			answers["woonplaats_situatie"] = "verhuizing_gepland"
			q := decode[questionnaireBody](t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
				map[string]any{"answers": answers}).want(t, http.StatusOK))
			want := []string{"cv_afwijkingen_toelichting", "woonplaats_verhuisdatum"}
			if !sameStrings(q.Missing, want) {
				t.Errorf("missing = %v, want %v", q.Missing, want)
			}
			before := e.get(t, s)
			p := problemOf(t, e.do(t, "POST", s.p("/questionnaire/submit"), s.Candidate.Token, nil), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{"answers.cv_afwijkingen_toelichting", "answers.woonplaats_verhuisdatum"}) {
				t.Errorf("fields = %v", p.fields())
			}
			e.unchanged(t, s, before)

			// Answer the follow-ups, then take one condition back: its
			// follow-up is no longer required, and is dropped on submit.
			e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{
				"cv_afwijkingen_toelichting": secretAnswer + " gat in cv", "woonplaats_verhuisdatum": "2026-04-01",
			}}).want(t, http.StatusOK)
			e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{
				"cv_afwijkingen": false,
			}}).want(t, http.StatusOK)
			b := decode[scanBody](t, e.do(t, "POST", s.p("/questionnaire/submit"), s.Candidate.Token, nil).want(t, http.StatusOK))
			if b.State != "interview" {
				t.Fatalf("after submit: state %s, want interview", b.State)
			}
			q = decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), s.Adviser.Token, nil).want(t, http.StatusOK))
			if _, kept := q.Answers["cv_afwijkingen_toelichting"]; kept {
				t.Error("the answer to a hidden follow-up was kept")
			}
			if q.Answers["woonplaats_verhuisdatum"] != "2026-04-01" {
				t.Errorf("a shown follow-up was dropped: %v", q.Answers["woonplaats_verhuisdatum"])
			}
			if q.SubmittedAt == nil || !q.SubmittedAt.Equal(t0) {
				t.Errorf("submitted_at = %v, want %v", q.SubmittedAt, t0)
			}
			h := e.history(t, s)
			if last := h[len(h)-1]; last.Action != "submit_questionnaire" || last.From != "questionnaire" || last.To != "interview" {
				t.Errorf("history ends with %+v", last)
			}
			// Submitted answers are final.
			problemOf(t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
				map[string]any{"answers": map[string]any{"cv_opleiding": "anders"}}), http.StatusConflict)
		})
	})
}

// sameAnswers compares answers as decoded from JSON: strings and booleans.
func sameAnswers(got, want map[string]any) bool { return maps.Equal(got, want) }
