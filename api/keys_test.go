package api_test

import (
	"net/http"
	"slices"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Keys match the API's field names exactly: encoding/json alone would take
// "Consent" for "consent", and of two the last one wins.
func TestKeysMatchExactly(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateIntake)
		for _, c := range []struct {
			name, body, field string
		}{
			{"refusal after consent in other case", `{"consent":true,"Consent":false}`, "Consent"},
			{"consent after refusal in other case", `{"Consent":false,"consent":true}`, "Consent"},
			{"only in other case", `{"CONSENT":true}`, "CONSENT"},
			{"long s folds to s", `{"consent":true,"con\u017fent":false}`, "con\u017fent"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := e.get(t, s)
				p := problemOf(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, c.body), http.StatusBadRequest)
				if !slices.Contains(p.fields(), c.field) {
					t.Errorf("problem names %v, want %s", p.fields(), c.field)
				}
				e.unchanged(t, s, before)
			})
		}
		adv := e.adviser.Email
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"top-level key in other case", createWith(adv, func(b map[string]any) { b["Office"] = "gedeputeerde" }), "Office"},
			{"nested key in other case", createWith(adv, func(b map[string]any) {
				b["candidate"] = map[string]string{"name": "Eva", "email": "eva@example.nl", "Email": "ander@example.nl"}
			}), "candidate.Email"},
		} {
			t.Run(c.name, func(t *testing.T) {
				n := len(e.mail.all())
				p := problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, c.body), http.StatusBadRequest)
				if !slices.Contains(p.fields(), c.field) {
					t.Errorf("problem names %v, want %s", p.fields(), c.field)
				}
				if len(e.mail.all()) != n {
					t.Error("a refused request sent an invitation")
				}
			})
		}
		// In a list of findings too.
		a := e.scanIn(t, domain.StateAdvice)
		p := problemOf(t, e.do(t, "PUT", a.p("/advice"), a.Adviser.Token,
			`{"findings":[{"domain":"functioneel","title":"x","class":"aandachtspunt","Class":"belemmering"}]}`), http.StatusBadRequest)
		if !slices.Contains(p.fields(), "findings[0].Class") {
			t.Errorf("problem names %v, want findings[0].Class", p.fields())
		}
	})
}

// A write with a body says it is JSON; a write without one needs no type.
func TestContentType(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateIntake)
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
			"application/xml", "application/jsonx", "", "text/json"} {
			t.Run("refused "+ct, func(t *testing.T) {
				before := e.get(t, s)
				p := problemOf(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, `{"consent":true}`, "Content-Type", ct),
					http.StatusUnsupportedMediaType)
				if p.Detail == "" {
					t.Error("no detail")
				}
				e.unchanged(t, s, before)
			})
		}
		// Accepted types, tried on a request that is refused for its content
		// after the type, so that the scan stays where it is.
		for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
			"application/problem+json", "application/merge-patch+json"} {
			t.Run("accepted "+ct, func(t *testing.T) {
				problemOf(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, `{}`, "Content-Type", ct), http.StatusUnprocessableEntity)
			})
		}
		// Actions without parameters take no body and so need no type.
		q := e.scanIn(t, domain.StateQuestionnaire)
		e.do(t, "PUT", q.p("/questionnaire/answers"), q.Candidate.Token, map[string]any{"answers": answersFor(e.tmpl)}).want(t, http.StatusOK)
		e.do(t, "POST", q.p("/questionnaire/submit"), q.Candidate.Token, nil).want(t, http.StatusOK)
		e.do(t, "POST", s.p("/consent"), s.Candidate.Token, `{"consent":true}`, "Content-Type", "application/json").want(t, http.StatusOK)
	})
}
