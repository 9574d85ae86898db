package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// textField is one string field of a request, and how to send a value in it.
type textField struct {
	name      string
	method    string
	path      func(s *scan) string
	token     func(e *env, s *scan) string
	state     domain.State
	body      func(e *env, v string) any
	field     string // as the problem names it
	multiline bool
}

func textFields() []textField {
	candidate := func(_ *env, s *scan) string { return s.Candidate.Token }
	adviser := func(_ *env, s *scan) string { return s.Adviser.Token }
	formateur := func(_ *env, s *scan) string { return s.Formateur.Token }
	admin := func(e *env, _ *scan) string { return e.admin.Token }
	on := func(suffix string) func(*scan) string { return func(s *scan) string { return s.p(suffix) } }
	at := func(p string) func(*scan) string { return func(*scan) string { return p } }
	create := func(set func(b map[string]any, v string)) func(e *env, v string) any {
		return func(e *env, v string) any {
			return createWith(e.adviser.Email, func(b map[string]any) { set(b, v) })
		}
	}
	finding := func(k string) func(*env, string) any {
		return func(_ *env, v string) any {
			f := map[string]string{"domain": "functioneel", "title": "Bestuurslid", "class": "aandachtspunt"}
			f[k] = v
			return map[string]any{"findings": []map[string]string{f}}
		}
	}
	one := func(k string) func(*env, string) any {
		return func(_ *env, v string) any { return map[string]string{k: v} }
	}
	with := func(base map[string]any, k string) func(*env, string) any {
		return func(_ *env, v string) any {
			b := map[string]any{k: v}
			for bk, bv := range base {
				if bk != k {
					b[bk] = bv
				}
			}
			return b
		}
	}
	answer := func(q string) func(*env, string) any {
		return func(_ *env, v string) any { return map[string]any{"answers": map[string]any{q: v}} }
	}
	vog := map[string]any{"status": "requested"}
	return []textField{
		{"candidate name", "POST", at("/api/v1/scans"), formateur, domain.StateIntake,
			create(func(b map[string]any, v string) { b["candidate"].(map[string]string)["name"] = "Eva " + v + "Smit" }), "candidate.name", false},
		{"candidate e-mail", "POST", at("/api/v1/scans"), formateur, domain.StateIntake,
			create(func(b map[string]any, v string) {
				b["candidate"].(map[string]string)["email"] = "eva" + v + "@example.nl"
			}), "candidate.email", false},
		{"adviser e-mail", "POST", at("/api/v1/scans"), formateur, domain.StateIntake,
			create(func(b map[string]any, v string) { b["adviser_email"] = "adviseur@integriteit.nl" + v }), "adviser_email", false},
		{"staff name", "POST", at("/api/v1/users"), admin, domain.StateIntake,
			with(map[string]any{"role": "formateur", "name": "Nieuw", "email": "nieuw@zuidhaven.nl"}, "name"), "name", false},
		{"staff e-mail", "POST", at("/api/v1/users"), admin, domain.StateIntake,
			with(map[string]any{"role": "formateur", "name": "Nieuw", "email": "nieuw@zuidhaven.nl"}, "email"), "email", false},
		{"text answer", "PUT", on("/questionnaire/answers"), candidate, domain.StateQuestionnaire,
			answer("cv_opleiding"), "answers.cv_opleiding", true},
		{"withdraw reason", "POST", on("/withdraw"), candidate, domain.StateQuestionnaire, one("reason"), "reason", true},
		{"cancel reason", "POST", on("/cancel"), formateur, domain.StateQuestionnaire, one("reason"), "reason", true},
		{"interview summary", "POST", on("/interview"), adviser, domain.StateInterview,
			with(map[string]any{"held_on": today, "summary": "x", "attendees": attendees}, "summary"), "summary", true},
		{"research note", "PUT", on("/research"), adviser, domain.StateInterview, func(_ *env, v string) any {
			return map[string]any{"sources": []map[string]string{{"source": "kvk", "checked_on": today, "note": v}}}
		}, "sources[0].note", true},
		{"clarification note", "POST", on("/clarifications"), adviser, domain.StateInterview, func(_ *env, v string) any {
			return map[string]any{"questions": []string{"cv_werkervaring"}, "note": v}
		}, "note", true},
		{"clarification question", "POST", on("/clarifications"), adviser, domain.StateInterview, func(_ *env, v string) any {
			return map[string]any{"questions": []string{"cv_werkervaring" + v}, "note": "Graag."}
		}, "questions[0]", false},
		{"VOG reference", "PUT", on("/vog"), adviser, domain.StateVOGCheck, with(vog, "reference"), "reference", false},
		{"VOG profile", "PUT", on("/vog"), adviser, domain.StateVOGCheck,
			with(map[string]any{"status": "issued", "issued_on": validVOGDay}, "profile"), "profile", false},
		{"advice summary", "PUT", on("/advice"), adviser, domain.StateAdvice, one("summary"), "summary", true},
		{"finding title", "PUT", on("/advice"), adviser, domain.StateAdvice, finding("title"), "findings[0].title", false},
		{"finding description", "PUT", on("/advice"), adviser, domain.StateAdvice, finding("description"), "findings[0].description", true},
		{"finding measure", "PUT", on("/advice"), adviser, domain.StateAdvice, finding("measure"), "findings[0].measure", true},
		{"finding legal basis", "PUT", on("/advice"), adviser, domain.StateAdvice, finding("legal_basis"), "findings[0].legal_basis", false},
		{"signal dismiss reason", "POST", on("/signals/nevenfunctie.0/dismiss"), adviser, domain.StateAdvice, one("reason"), "reason", true},
		{"edited finding title", "POST", on("/signals/nevenfunctie.0/accept"), adviser, domain.StateAdvice, one("title"), "title", false},
		{"edited finding description", "POST", on("/signals/nevenfunctie.0/accept"), adviser, domain.StateAdvice, one("description"), "description", true},
		{"candidate comment", "POST", on("/advice/response"), candidate, domain.StateCandidateReview, func(_ *env, v string) any {
			return map[string]any{"agrees": false, "comment": v}
		}, "comment", true},
		{"second adviser e-mail", "PUT", on("/second-adviser"), formateur, domain.StateSignOff, one("email"), "email", false},
	}
}

// Every string field refuses NUL, bidi overrides and (on one line) CR/LF
// with a 422 naming the field; nothing changes, on either database.
func TestRefusedCharacters(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		fields := textFields()
		var states []domain.State
		for _, f := range fields {
			states = append(states, f.state)
		}
		scans := e.scansIn(t, states...)
		values := []struct{ name, v string }{
			{"NUL", "a\x00b"},
			{"NUL only", "\x00"},
			{"right-to-left override", "a\u202eb"},
			{"isolate", "\u2067a"},
			{"escape", "\x1b[2J"},
			{"byte order mark", "\ufeffa"},
			{"lone surrogate", "\xed\xa0\x80"}, // sent as JSON, it arrives as U+FFFD
		}
		lineBreaks := []struct{ name, v string }{{"CRLF", "a\r\nb"}, {"LF", "a\nb"}, {"CR", "a\rb"}, {"TAB", "a\tb"}}
		for _, f := range fields {
			s := scans[f.state]
			cases := values
			if !f.multiline {
				cases = append(cases, lineBreaks...)
			}
			for _, c := range cases {
				t.Run(f.name+"/"+c.name, func(t *testing.T) {
					before := e.get(t, s)
					mails := len(e.mail.all())
					p := problemOf(t, e.do(t, f.method, f.path(s), f.token(e, s), f.body(e, c.v)), http.StatusUnprocessableEntity)
					if !strings.Contains(p.message(f.field), "teken dat niet is toegestaan") && !strings.Contains(p.message(f.field), "e-mailadres") {
						t.Errorf("problem names %v, want %s refused for its character: %+v", p.fields(), f.field, p.Errors)
					}
					e.unchanged(t, s, before)
					if len(e.mail.all()) != mails {
						t.Errorf("a refused request sent mail")
					}
				})
			}
		}
		// encoding/json turns a lone surrogate escape into U+FFFD, which is
		// refused as such: sent raw, not through json.Marshal.
		qs := scans[domain.StateQuestionnaire]
		before := e.get(t, qs)
		for _, body := range []string{`{"reason":"a\ud800b"}`, `{"reason":"\udfff"}`, `{"reason":"a\u0000"}`} {
			p := problemOf(t, e.do(t, "POST", qs.p("/cancel"), qs.Formateur.Token, body), http.StatusUnprocessableEntity)
			if p.message("reason") != domain.BadTextMessage {
				t.Errorf("%s: problem %+v", body, p.Errors)
			}
		}
		e.unchanged(t, qs, before)
		// A multi-line field keeps its line breaks and tabs.
		s := scans[domain.StateAdvice]
		e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]string{"summary": "Eerste regel.\r\n\tTweede regel.\nDerde."}).want(t, http.StatusOK)
	})
}
