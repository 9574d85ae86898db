package api_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// placeholderRe matches a template placeholder left unfilled.
var placeholderRe = regexp.MustCompile(`\{[a-z_]+\}`)

// jsonStrings returns every string in a decoded JSON value.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

// checkFilled fails unless some string of v names the organisation and none
// holds a brace (or, with anyBrace false, an unfilled placeholder).
func checkFilled(t *testing.T, what string, v any, org string, anyBrace bool) {
	t.Helper()
	named := false
	for _, s := range jsonStrings(v) {
		named = named || strings.Contains(s, org)
		if (anyBrace && strings.ContainsAny(s, "{}")) || placeholderRe.MatchString(s) {
			t.Errorf("%s holds an unfilled placeholder: %q", what, s)
		}
	}
	if !named {
		t.Errorf("%s never names the organisation %q", what, org)
	}
}

// The candidate and the adviser read the organisation's name where the
// template says {organisatie}, on both shipped templates: in the
// questionnaire, after saving answers, in the export and in the signals.
func TestQuestionnaireNamesOrganisation(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, version := range []string{contractTemplate, v2} {
			t.Run(version, func(t *testing.T) {
				org := "Gemeente Plaats" + strings.ReplaceAll(version, "-", "")
				if _, err := e.svc.AddOrganisation(context.Background(), org, domain.KindGemeente, domain.Policy{TemplateVersion: version}); err != nil {
					t.Fatal(err)
				}
				slug := strings.ToLower(strings.ReplaceAll(org, " ", ""))
				f := e.staff(t, org, domain.RoleFormateur, "Formateur", "f@"+slug+".nl")
				a := e.staff(t, org, domain.RoleAdviser, "Adviseur", "a@"+slug+".nl")
				s := e.newScanFor(t, f, a, "k@"+slug+".nl")
				e.walk(t, s, domain.StateQuestionnaire)

				for _, who := range []user{s.Candidate, s.Adviser} {
					q := decode[map[string]any](t, e.do(t, "GET", s.p("/questionnaire"), who.Token, nil).want(t, http.StatusOK))
					if q["version"] != version {
						t.Fatalf("the scan runs on %v, want %s", q["version"], version)
					}
					checkFilled(t, "questionnaire for the "+string(who.Role), q["sections"], org, true)
				}

				answers := map[string]any{}
				if version == v2 {
					var err error
					if answers, err = configs.ExampleAnswers(v2); err != nil {
						t.Fatal(err)
					}
				} else {
					answers = answersFor(e.tmpl)
				}
				saved := decode[map[string]any](t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
					map[string]any{"answers": answers}).want(t, http.StatusOK))
				checkFilled(t, "questionnaire after saving", saved["sections"], org, true)
				e.do(t, "POST", s.p("/questionnaire/submit"), s.Candidate.Token, nil).want(t, http.StatusOK)

				x := decode[map[string]any](t, e.do(t, "GET", s.p("/export"), s.Candidate.Token, nil).want(t, http.StatusOK))
				checkFilled(t, "export", x["questionnaire"], org, false)

				if version == v2 {
					e.do(t, "POST", s.p("/interview"), s.Adviser.Token, map[string]any{"held_on": today, "summary": "s", "attendees": attendees}).want(t, http.StatusOK)
					sig := decode[map[string]any](t, e.do(t, "GET", s.p("/signals"), s.Adviser.Token, nil).want(t, http.StatusOK))
					if items, _ := sig["items"].([]any); len(items) == 0 {
						t.Fatalf("the example answers raise no signal: %v", sig)
					}
					for _, v := range jsonStrings(sig) {
						if placeholderRe.MatchString(v) {
							t.Errorf("signals hold an unfilled placeholder: %q", v)
						}
					}
				}
			})
		}
	})
}
