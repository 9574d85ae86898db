package api_test

import (
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// After submission the answers are read-only for the candidate, except
// those the adviser reopens; every change is kept.
func TestClarifications(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateInterview)
		const q = "cv_werkervaring"

		// Read-only after submission.
		e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{q: "x"}}).
			want(t, http.StatusConflict)

		// Only the adviser asks, about questions that exist, with a note.
		e.do(t, "POST", s.p("/clarifications"), s.Formateur.Token, map[string]any{"questions": []string{q}, "note": "n"}).want(t, http.StatusForbidden)
		e.do(t, "POST", s.p("/clarifications"), s.Adviser.Token, map[string]any{"questions": []string{"bestaat_niet"}, "note": "n"}).
			want(t, http.StatusUnprocessableEntity)
		e.do(t, "POST", s.p("/clarifications"), s.Adviser.Token, map[string]any{"questions": []string{q}}).want(t, http.StatusUnprocessableEntity)
		e.do(t, "POST", s.p("/clarifications"), s.Adviser.Token, map[string]any{"questions": []string{q},
			"note": "Kunt u de periode bij de woningcorporatie toelichten?"}).want(t, http.StatusOK)

		qb := decode[map[string]any](t, e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK))
		cl := qb["clarifications"].([]any)
		if len(cl) != 1 || cl[0].(map[string]any)["answered_at"] != nil || cl[0].(map[string]any)["id"] != "1" {
			t.Fatalf("clarifications = %v", cl)
		}
		old := qb["answers"].(map[string]any)[q]

		// Only the reopened question may change, and it must stay answered.
		p := problemOf(t, e.do(t, "PUT", s.p("/clarifications/1/answers"), s.Candidate.Token,
			map[string]any{"answers": map[string]any{"cv_opleiding": "Anders"}}), http.StatusUnprocessableEntity)
		if p.message("answers.cv_opleiding") == "" {
			t.Fatalf("a change to another question was not refused by name: %+v", p)
		}
		e.do(t, "PUT", s.p("/clarifications/1/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{q: nil}}).
			want(t, http.StatusUnprocessableEntity)
		e.do(t, "PUT", s.p("/clarifications/1/answers"), s.Adviser.Token, map[string]any{"answers": map[string]any{q: "y"}}).
			want(t, http.StatusForbidden)
		e.do(t, "PUT", s.p("/clarifications/9/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{q: "y"}}).
			want(t, http.StatusNotFound)

		const better = "Beleidsmedewerker bij Woningcorporatie Zuidhaven, 2015–2022; geen contacten met de gemeente over huurcontracten."
		qb = decode[map[string]any](t, e.do(t, "PUT", s.p("/clarifications/1/answers"), s.Candidate.Token,
			map[string]any{"answers": map[string]any{q: better}}).want(t, http.StatusOK))
		if qb["answers"].(map[string]any)[q] != better {
			t.Fatalf("answer not changed: %v", qb["answers"].(map[string]any)[q])
		}
		log := qb["answer_log"].([]any)
		if len(log) != 1 {
			t.Fatalf("answer log = %v", log)
		}
		entry := log[0].(map[string]any)
		if entry["question"] != q || entry["previous"] != old || entry["value"] != better || entry["clarification"] != "1" {
			t.Fatalf("log entry = %v", entry)
		}
		// Answered once; the state did not move.
		e.do(t, "PUT", s.p("/clarifications/1/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{q: "z"}}).
			want(t, http.StatusConflict)
		if st := e.get(t, s).State; st != string(domain.StateInterview) {
			t.Fatalf("state %s, want interview", st)
		}
		adv := decode[map[string]any](t, e.do(t, "GET", s.p("/questionnaire"), s.Adviser.Token, nil).want(t, http.StatusOK))
		if len(adv["answer_log"].([]any)) != 1 {
			t.Fatal("the adviser does not see the answer log")
		}
	})
}

// A second tab's save with an old ETag gets 412 with the newer answers.
func TestDraftRaceReturnsCurrentAnswers(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateQuestionnaire)
		r := e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK)
		tag := r.Header.Get("ETag")
		e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{"cv_opleiding": "Tab één"}},
			"If-Match", tag).want(t, http.StatusOK)
		r = e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{"cv_opleiding": "Tab twee"}},
			"If-Match", tag).want(t, http.StatusPreconditionFailed)
		body := decode[map[string]any](t, r)
		if body["answers"].(map[string]any)["cv_opleiding"] != "Tab één" || body["current_version"] == nil || r.Header.Get("ETag") == tag {
			t.Fatalf("412 without the newer answers and version: %v", body)
		}
		q := decode[map[string]any](t, e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK))
		if q["answers"].(map[string]any)["cv_opleiding"] != "Tab één" {
			t.Fatal("the stale save overwrote the newer answer")
		}
	})
}

// The questionnaire reports per section what is left, and submit names each
// missing answer with its section.
func TestProgressAndMissingSections(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateQuestionnaire)
		q := decode[map[string]any](t, e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK))
		progress := q["progress"].([]any)
		total := 0
		for _, p := range progress {
			total += int(p.(map[string]any)["remaining"].(float64))
		}
		if len(progress) == 0 || total != len(q["missing"].([]any)) || total == 0 {
			t.Fatalf("progress %v does not add up to %d missing", progress, len(q["missing"].([]any)))
		}
		pr := problemOf(t, e.do(t, "POST", s.p("/questionnaire/submit"), s.Candidate.Token, nil), http.StatusUnprocessableEntity)
		for _, f := range pr.Errors {
			if f.Section == "" {
				t.Fatalf("missing answer %s has no section", f.Field)
			}
		}
	})
}
