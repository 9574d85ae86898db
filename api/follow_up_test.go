package api_test

import (
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// A follow-up answer is dropped when the answer that shows it changes so
// that it is hidden: a saved draft never keeps an answer to a question the
// candidate can no longer see.
func TestFollowUpDroppedWhenTriggerTurnsFalse(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		var trigger, followUp string
		for _, sec := range e.tmpl.Sections {
			for _, q := range sec.Questions {
				if c := q.ShowIf; c != nil && c.Equals == true && q.Type == domain.QuestionText && trigger == "" {
					if tq, ok := e.tmpl.Question(c.Question); ok && tq.Type == domain.QuestionBoolean {
						trigger, followUp = c.Question, q.ID
					}
				}
			}
		}
		if trigger == "" {
			t.Fatal("the template has no text follow-up of a yes/no question")
		}
		s := e.scanIn(t, domain.StateQuestionnaire)
		save := func(patch map[string]any) {
			t.Helper()
			e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": patch}).want(t, http.StatusOK)
		}
		read := func(token string) map[string]any {
			t.Helper()
			return decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), token, nil).want(t, http.StatusOK)).Answers
		}
		save(map[string]any{trigger: true, followUp: "toelichting"})
		if got := read(s.Candidate.Token); !sameAnswers(got, map[string]any{trigger: true, followUp: "toelichting"}) {
			t.Fatalf("after answering both: %v", got)
		}
		save(map[string]any{trigger: false})
		for _, tok := range []string{s.Candidate.Token, s.Adviser.Token} {
			if got := read(tok); !sameAnswers(got, map[string]any{trigger: false}) {
				t.Errorf("after %s turned false: %v, want only %s", trigger, got, trigger)
			}
		}
		// Turning it back shows an empty follow-up: the old answer is gone.
		save(map[string]any{trigger: true})
		if got := read(s.Candidate.Token); !sameAnswers(got, map[string]any{trigger: true}) {
			t.Errorf("after %s turned true again: %v, want only %s", trigger, got, trigger)
		}
	})
}
