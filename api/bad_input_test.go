package api_test

import (
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// badInput is a request that must be refused with a clear 4xx.
type badInput struct {
	name    string
	body    any // a string is sent as is
	status  int
	field   string // a field the problem must name, if any
	message string // part of that field's message, if any
}

// createWith returns a valid request to start a scan, changed by set.
func createWith(adviserEmail string, set func(b map[string]any)) map[string]any {
	b := createBody("nieuw@example.nl", adviserEmail)
	b["candidate"] = maps.Clone(b["candidate"].(map[string]string))
	set(b)
	return b
}

func TestBadInputOnCreate(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		e.newScan(t)
		adv := e.adviser.Email
		set := func(k string, v any) map[string]any { return createWith(adv, func(b map[string]any) { b[k] = v }) }
		candidate := func(k, v string) map[string]any {
			return createWith(adv, func(b map[string]any) { b["candidate"].(map[string]string)[k] = v })
		}
		for _, c := range []badInput{
			{"malformed JSON", `{"candidate": {"name": "Eva"`, 400, "", ""},
			{"not JSON", `hallo`, 400, "", ""},
			{"a list instead of an object", `[]`, 400, "", ""},
			{"trailing data", `{} {}`, 400, "", ""},
			{"unknown field state", set("state", "closed"), 400, "state", "bestaat niet"},
			{"unknown field version", set("version", 7), 400, "version", "bestaat niet"},
			{"unknown field id", set("id", "00000000-0000-0000-0000-000000000001"), 400, "id", "bestaat niet"},
			{"candidate is not an object", set("candidate", "Eva"), 422, "candidate", "object"},
			{"office is a number", set("office", 3), 422, "office", "tekst"},
			{"date is a number", set("planned_appointment_date", 20260415), 422, "planned_appointment_date", "tekst"},
			{"unknown office", set("office", "burgemeester"), 422, "office", "Kies een van: wethouder"},
			{"invalid candidate e-mail", candidate("email", "eva-at-example.nl"), 422, "candidate.email", "Vul een geldig e-mailadres in."},
			{"invalid adviser e-mail", set("adviser_email", "adviseur"), 422, "adviser_email", "Vul een geldig e-mailadres in."},
			{"unknown adviser", set("adviser_email", "niemand@example.nl"), 422, "adviser_email", "adviseur"},
			{"a formateur is no adviser", set("adviser_email", e.formateur.Email), 422, "adviser_email", "adviseur"},
			{"date in another format", set("planned_appointment_date", "15-04-2026"), 422, "planned_appointment_date", "JJJJ-MM-DD"},
			{"impossible date", set("planned_appointment_date", "2026-02-30"), 422, "planned_appointment_date", "JJJJ-MM-DD"},
			{"date in the past", set("planned_appointment_date", "2026-03-01"), 422, "planned_appointment_date", "verleden"},
			{"blank candidate name", candidate("name", "   "), 422, "candidate.name", "leeg"},
			{"organisation is the formateur's, not the body's", set("organisation", "Gemeente Elders"), 400, "organisation", "bestaat niet"},
			{"candidate name too long", candidate("name", strings.Repeat("x", 201)), 422, "candidate.name", "200 tekens"},
			{"nothing at all", `{}`, 422, "office", "verplicht"},
		} {
			t.Run(c.name, func(t *testing.T) {
				mails := len(e.mail.all())
				before := decode[listBody[scanBody]](t, e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusOK))
				p := problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, c.body), c.status)
				c.check(t, p)
				after := decode[listBody[scanBody]](t, e.do(t, "GET", "/api/v1/scans", e.formateur.Token, nil).want(t, http.StatusOK))
				if len(after.Items) != len(before.Items) || len(e.mail.all()) != mails {
					t.Errorf("a refused request started a scan or sent mail")
				}
			})
		}
	})
}

func (c badInput) check(t *testing.T, p problem) {
	t.Helper()
	if c.field == "" {
		return
	}
	if !slices.Contains(p.fields(), c.field) {
		t.Errorf("problem names fields %v, want %s", p.fields(), c.field)
		return
	}
	if !strings.Contains(p.message(c.field), c.message) {
		t.Errorf("message for %s is %q, want it to say %q", c.field, p.message(c.field), c.message)
	}
}

func TestBadInputOnActions(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		rows := []struct {
			endpoint string
			state    domain.State
			cases    []badInput
		}{
			{"consent", domain.StateIntake, []badInput{
				{"malformed JSON", `{"consent": tru}`, 400, "", ""},
				{"two objects", `{"consent": true} {"consent": false}`, 400, "", ""},
				{"a list", `[true]`, 400, "", ""},
				{"unknown field state", map[string]any{"consent": true, "state": "closed"}, 400, "state", ""},
				// version is the consent text's, a string: never the scan's version number.
				{"a number for the text version", map[string]any{"consent": true, "version": 9}, 422, "version", "Verwacht tekst"},
				{"a text version too long", map[string]any{"consent": true, "version": strings.Repeat("1", 51)}, 422, "version", ""},
				{"text for a boolean", map[string]any{"consent": "ja"}, 422, "consent", "true of false"},
				{"null", map[string]any{"consent": nil}, 422, "consent", "verplicht"},
				{"missing", `{}`, 422, "consent", "verplicht"},
			}},
			{"submit questionnaire", domain.StateQuestionnaire, []badInput{
				{"a body with a state", map[string]any{"state": "interview"}, 400, "state", ""},
				{"malformed JSON", `{`, 400, "", ""},
			}},
			{"save answers", domain.StateQuestionnaire, []badInput{
				{"answers a list", map[string]any{"answers": []string{"ja"}}, 422, "answers", "object"},
				{"no answers", `{}`, 422, "answers", "verplicht"},
				{"server-owned field", map[string]any{"answers": map[string]any{}, "submitted_at": "2026-03-01T00:00:00Z"}, 400, "submitted_at", ""},
			}},
			{"record interview", domain.StateInterview, []badInput{
				{"date in another format", map[string]any{"held_on": "gisteren", "summary": "x", "attendees": attendees}, 422, "held_on", "JJJJ-MM-DD"},
				{"blank summary", map[string]any{"held_on": today, "summary": " ", "attendees": attendees}, 422, "summary", "leeg"},
				{"summary a number", map[string]any{"held_on": today, "summary": 5}, 422, "summary", "tekst"},
			}},
			{"record vog", domain.StateVOGCheck, []badInput{
				{"unknown status", map[string]string{"status": "kwijt"}, 422, "status", "Kies een van: requested, issued, refused"},
				{"date in another format", map[string]string{"status": "issued", "issued_on": "20-02-2026", "profile": "01"}, 422, "issued_on", "JJJJ-MM-DD"},
				{"unknown field offences", map[string]string{"status": "refused", "offences": "x"}, 400, "offences", ""},
			}},
			{"save advice", domain.StateAdvice, []badInput{
				{"unknown conclusion", map[string]string{"conclusion": "prima"}, 422, "conclusion", "Kies een van: geen-bezwaar"},
				{"unknown finding class", map[string]any{"findings": []map[string]string{{"domain": "financieel", "title": "x", "class": "ramp"}}},
					422, "findings[0].class", "Kies een van"},
				{"unknown risk domain", map[string]any{"findings": []map[string]string{{"domain": "sport", "title": "x", "class": "aandachtspunt"}}},
					422, "findings[0].domain", "Kies een van"},
				{"finding without title", map[string]any{"findings": []map[string]string{{"domain": "financieel", "class": "aandachtspunt"}}},
					422, "findings[0].title", "verplicht"},
				{"findings an object", map[string]any{"findings": map[string]string{"a": "b"}}, 422, "findings", "lijst"},
				{"server-owned sha256", map[string]string{"summary": "x", "sha256": "00"}, 400, "sha256", ""},
				{"server-owned signed_by", map[string]any{"summary": "x", "signed_by": map[string]string{"name": "x"}}, 400, "signed_by", ""},
			}},
			{"respond", domain.StateCandidateReview, []badInput{
				{"text for a boolean", map[string]string{"agrees": "ja"}, 422, "agrees", "true of false"},
			}},
			{"record outcome", domain.StateDelivered, []badInput{
				{"unknown outcome", map[string]string{"outcome": "aangenomen"}, 422, "outcome", "Kies een van: benoemd, niet-benoemd"},
				{"missing", `{}`, 422, "outcome", "verplicht"},
			}},
			{"cancel", domain.StateIntake, []badInput{
				{"reason a number", map[string]int{"reason": 1}, 422, "reason", "tekst"},
				{"reason too long", map[string]string{"reason": strings.Repeat("x", 2001)}, 422, "reason", "2000 tekens"},
			}},
		}
		var states []domain.State
		for _, r := range rows {
			states = append(states, r.state)
		}
		scans := e.scansIn(t, states...)
		for _, row := range rows {
			ep := endpointsByName[row.endpoint]
			s := scans[row.state]
			token := map[domain.Role]string{domain.RoleCandidate: s.Candidate.Token, domain.RoleAdviser: s.Adviser.Token,
				domain.RoleFormateur: s.Formateur.Token}[ep.may[0]]
			for _, c := range row.cases {
				t.Run(row.endpoint+"/"+c.name, func(t *testing.T) {
					t.Parallel()
					before := e.get(t, s)
					p := problemOf(t, e.do(t, ep.method, s.p(ep.suffix), token, c.body), c.status)
					c.check(t, p)
					e.unchanged(t, s, before)
				})
			}
		}
	})
}

// A body over 1 MiB is refused whether or not its length is announced.
func TestTooLarge(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateQuestionnaire)
		big := `{"answers":{"cv_opleiding":"` + strings.Repeat("a", 1<<20) + `"}}`
		for _, c := range []struct {
			name string
			body func() any
		}{
			{"with Content-Length", func() any { return big }},
			{"chunked", func() any { return io.MultiReader(strings.NewReader(big)) }},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := e.get(t, s)
				problemOf(t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, c.body()), http.StatusRequestEntityTooLarge)
				e.unchanged(t, s, before)
				problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, c.body()), http.StatusRequestEntityTooLarge)
			})
		}
		// Just under the limit is read, and refused for what it says instead.
		justUnder := `{"answers":{"cv_opleiding":"` + strings.Repeat("a", 1<<20-100) + `"}}`
		p := problemOf(t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token, justUnder), http.StatusUnprocessableEntity)
		if !sameStrings(p.fields(), []string{"answers.cv_opleiding"}) {
			t.Errorf("fields = %v", p.fields())
		}
	})
}

// Malformed and unknown scan ids are a 404 on every endpoint, never a 5xx.
func TestMalformedScanIDs(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateIntake)
		before := e.get(t, s)
		for _, id := range []string{
			"not-a-uuid",
			"' OR 1=1 --",
			"1; DROP TABLE scans",
			s.ID + "' OR '1'='1",
			"{" + s.ID + "}",
			"urn:uuid:" + s.ID,
			s.ID[:35],
			strings.Repeat("9", 5000),
			"00000000-0000-0000-0000-000000000000",
		} {
			t.Run(id[:min(len(id), 40)], func(t *testing.T) {
				path := "/api/v1/scans/" + url.PathEscape(id)
				for _, ep := range endpoints {
					for _, tok := range []string{s.Formateur.Token, s.Adviser.Token, s.Candidate.Token, e.admin.Token} {
						problemOf(t, e.do(t, ep.method, path+ep.suffix, tok, ep.body), http.StatusNotFound)
					}
				}
			})
		}
		e.unchanged(t, s, before)
		if h := e.history(t, s); len(h) != 1 {
			t.Errorf("history has %d entries, want 1", len(h))
		}
	})
}

func TestUnknownRoutes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		problemOf(t, e.do(t, "GET", "/api/v1/nergens", e.formateur.Token, nil), http.StatusNotFound)
		problemOf(t, e.do(t, "POST", s.p("/approve"), e.formateur.Token, nil), http.StatusNotFound)
		problemOf(t, e.do(t, "DELETE", s.p(""), e.formateur.Token, nil), http.StatusMethodNotAllowed)
		problemOf(t, e.do(t, "PATCH", "/api/v1/scans", e.formateur.Token, `{}`), http.StatusMethodNotAllowed)
	})
}
