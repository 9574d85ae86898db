package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// create posts an intake with extra fields and returns the reply.
func (e *env) create(t *testing.T, candidateEmail string, extra map[string]any) reply {
	t.Helper()
	b := createBody(candidateEmail, e.adviser.Email)
	for k, v := range extra {
		b[k] = v
	}
	return e.do(t, "POST", "/api/v1/scans", e.formateur.Token, b)
}

// scansOf counts the scans the formateur sees, to show a refusal created none.
func (e *env) scansOf(t *testing.T, u user) int {
	t.Helper()
	return len(decode[listBody[scanBody]](t, e.do(t, "GET", "/api/v1/scans", u.Token, nil).want(t, http.StatusOK)).Items)
}

type partiesBody struct {
	Recipient     person  `json:"recipient"`
	RecipientRole string  `json:"recipient_role"`
	Portfolio     *string `json:"portfolio"`
	Rescan        *struct {
		Kind              string `json:"kind"`
		EarlierReference  string `json:"earlier_reference"`
		EarlierState      string `json:"earlier_state"`
		EarlierConclusion string `json:"earlier_conclusion"`
	} `json:"rescan"`
}

func TestCreateScanRecipient(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		b := decode[partiesBody](t, e.create(t, "k1@example.nl", nil).want(t, http.StatusCreated))
		if b.RecipientRole != "formateur" || b.Recipient.Email != e.formateur.Email {
			t.Errorf("default recipient: %+v", b)
		}
		mayor := e.staff(t, orgA, domain.RoleFormateur, "Bert Burgemeester", "burgemeester@zuidhaven.nl")
		b = decode[partiesBody](t, e.create(t, "k2@example.nl", map[string]any{
			"recipient": map[string]string{"role": "burgemeester", "email": mayor.Email}}).want(t, http.StatusCreated))
		if b.RecipientRole != "burgemeester" || b.Recipient.Email != mayor.Email {
			t.Errorf("chosen recipient: %+v", b)
		}
		n := e.scansOf(t, e.formateur)
		for _, tc := range []struct {
			name      string
			recipient map[string]string
			field     string
		}{
			{"a role of another kind of body", map[string]string{"role": "dijkgraaf"}, "recipient.role"},
			{"an unknown role", map[string]string{"role": "koning"}, "recipient.role"},
			{"an adviser", map[string]string{"email": e.adviser.Email}, "recipient.email"},
			{"another organisation's formateur", map[string]string{"email": e.formateur2.Email}, "recipient.email"},
			{"no address", map[string]string{"email": "geen-adres"}, "recipient.email"},
		} {
			p := problemOf(t, e.create(t, "k3@example.nl", map[string]any{"recipient": tc.recipient}), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{tc.field}) {
				t.Errorf("%s: fields %v, want %s", tc.name, p.fields(), tc.field)
			}
		}
		if e.scansOf(t, e.formateur) != n {
			t.Error("a refused intake created a scan")
		}
	})
}

func TestPortfolioAPI(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		p := problemOf(t, e.create(t, "k1@example.nl", map[string]any{"portfolio": strings.Repeat("p", 501)}), http.StatusUnprocessableEntity)
		if !sameStrings(p.fields(), []string{"portfolio"}) {
			t.Errorf("fields %v", p.fields())
		}
		s := e.newScan(t)
		e.do(t, "PUT", s.p("/portfolio"), s.Formateur.Token, map[string]string{"portfolio": "Financiën"}).want(t, http.StatusOK)
		portfolio := func(token string) *string {
			return decode[partiesBody](t, e.do(t, "GET", s.p(""), token, nil).want(t, http.StatusOK)).Portfolio
		}
		for name, tok := range map[string]string{"formateur": s.Formateur.Token, "adviser": s.Adviser.Token} {
			if got := portfolio(tok); got == nil || *got != "Financiën" {
				t.Errorf("%s sees portfolio %v", name, got)
			}
		}
		if got := portfolio(s.Candidate.Token); got != nil {
			t.Errorf("the candidate sees the portfolio %q", *got)
		}
		e.walk(t, s, domain.StateAdvice)
		e.do(t, "PUT", s.p("/portfolio"), s.Formateur.Token, map[string]string{"portfolio": "Wonen"}).want(t, http.StatusOK)
		e.walk(t, s, domain.StateCandidateReview)
		before := e.get(t, s)
		problemOf(t, e.do(t, "PUT", s.p("/portfolio"), s.Formateur.Token, map[string]string{"portfolio": "Zorg"}), http.StatusConflict)
		e.unchanged(t, s, before)
		if got := portfolio(s.Adviser.Token); *got != "Wonen" {
			t.Errorf("portfolio %q after the refusal", *got)
		}
	})
}

func TestRescanAPI(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		earlier := e.newScanFor(t, e.formateur, e.adviser, "herhaal@example.nl")
		abroad := e.newScanFor(t, e.formateur2, e.adviser2, "herhaal@example.nl")
		other := e.newScan(t)
		var msgs []string
		for _, ref := range []string{abroad.Reference, other.Reference, "BS-2026-ZZZZZZ"} {
			p := problemOf(t, e.create(t, "herhaal@example.nl", map[string]any{
				"rescan": map[string]string{"kind": "herbenoeming", "earlier_reference": ref}}), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), []string{"rescan.earlier_reference"}) {
				t.Fatalf("%s: fields %v", ref, p.fields())
			}
			msgs = append(msgs, p.message("rescan.earlier_reference"))
		}
		if msgs[0] != msgs[1] || msgs[0] != msgs[2] {
			t.Errorf("the refusals tell another organisation's scan apart: %q", msgs)
		}
		b := decode[scanBody](t, e.create(t, "herhaal@example.nl", map[string]any{
			"rescan": map[string]string{"kind": "herbenoeming", "earlier_reference": earlier.Reference}}).want(t, http.StatusCreated))
		s := &scan{ID: b.ID}
		adv := decode[partiesBody](t, e.do(t, "GET", s.p(""), e.adviser.Token, nil).want(t, http.StatusOK))
		if adv.Rescan == nil || adv.Rescan.EarlierReference != earlier.Reference || adv.Rescan.Kind != "herbenoeming" ||
			adv.Rescan.EarlierState != "intake" {
			t.Fatalf("the adviser's view: %+v", adv.Rescan)
		}
		for name, tok := range map[string]string{"formateur": e.formateur.Token} {
			r := e.do(t, "GET", s.p(""), tok, nil).want(t, http.StatusOK)
			if _, ok := decode[map[string]any](t, r)["rescan"]; ok {
				t.Errorf("the %s sees the re-scan link", name)
			}
			for _, it := range decode[listBody[map[string]any]](t, e.do(t, "GET", "/api/v1/scans", tok, nil).want(t, http.StatusOK)).Items {
				if _, ok := it["rescan"]; ok {
					t.Errorf("the %s's list shows the re-scan link", name)
				}
			}
		}
	})
}

func TestMeasurePlanAPI(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateAdvice)
		before := e.get(t, s)
		finding := map[string]any{"domain": "financieel", "title": "Schuld", "class": "beheersmaatregel", "measure": "Los de schuld af."}
		p := problemOf(t, e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{"conclusion": "beheersmaatregelen", "summary": "x",
			"findings": []map[string]any{finding, withPlan(finding), withPlan(map[string]any{"domain": "financieel", "title": "Schuld",
				"class": "beheersmaatregel", "measure": "x", "measure_owner": "koning",
				"measure_deadline": map[string]string{"kind": "on-date", "on": "2020-01-01"}})}}), http.StatusUnprocessableEntity)
		want := []string{"findings[0].measure_owner", "findings[0].measure_deadline", "findings[2].measure_owner", "findings[2].measure_deadline"}
		if !sameStrings(p.fields(), want) {
			t.Errorf("fields %v, want %v", p.fields(), want)
		}
		e.unchanged(t, s, before)
		dated := withPlan(finding)
		dated["measure_owner"], dated["measure_deadline"] = "griffie", map[string]string{"kind": "on-date", "on": "2026-09-01"}
		e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{"conclusion": "beheersmaatregelen", "summary": "x",
			"findings": []map[string]any{dated}}).want(t, http.StatusOK)
		f := e.advice(t, s, s.Adviser.Token).Findings[0]
		if f.MeasureOwner != "griffie" || f.MeasureDeadline == nil || *f.MeasureDeadline != (deadlineBody{Kind: "on-date", On: "2026-09-01"}) {
			t.Errorf("stored finding: %+v", f)
		}
	})
}

func TestInterviewAttendeesAPI(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateInterview)
		before := e.get(t, s)
		for _, tc := range []struct {
			name   string
			body   map[string]any
			fields []string
		}{
			{"no attendees", map[string]any{"held_on": today, "summary": "x"}, []string{"attendees"}},
			{"an empty list", map[string]any{"held_on": today, "summary": "x", "attendees": []any{}}, []string{"attendees"}},
			{"an attendee without a role", map[string]any{"held_on": today, "summary": "x",
				"attendees": []map[string]string{{"name": "Kees"}}}, []string{"attendees[0].role"}},
			{"a blank topic", map[string]any{"held_on": today, "summary": "x", "attendees": attendees, "topics": []string{" "}},
				[]string{"topics[0]"}},
		} {
			p := problemOf(t, e.do(t, "POST", s.p("/interview"), s.Adviser.Token, tc.body), http.StatusUnprocessableEntity)
			if !sameStrings(p.fields(), tc.fields) {
				t.Errorf("%s: fields %v, want %v", tc.name, p.fields(), tc.fields)
			}
		}
		e.unchanged(t, s, before)
		e.do(t, "POST", s.p("/interview"), s.Adviser.Token, map[string]any{"held_on": today, "summary": "x",
			"attendees": []map[string]string{{"name": "Kees", "role": "kandidaat"}, {"name": "Ada", "role": "adviseur"}},
			"topics":    []string{"Nevenfuncties", "Financiën"}}).want(t, http.StatusOK)
		sc, err := e.store.Scan(t.Context(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Interview.Attendees) != 2 || sc.Interview.Attendees[1] != (domain.Attendee{Name: "Ada", Role: "adviseur"}) ||
			len(sc.Interview.Topics) != 2 {
			t.Errorf("stored interview: %+v", sc.Interview)
		}
	})
}

type weighingBody struct {
	Weighing *struct {
		Changed     bool   `json:"changed"`
		Explanation string `json:"explanation"`
	} `json:"weighing"`
}

func TestWeighingAPI(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateCandidateReview)
		e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token, map[string]any{"agrees": false, "comment": "Onjuist."}).want(t, http.StatusOK)
		if b := decode[scanBody](t, e.do(t, "GET", s.p(""), s.Adviser.Token, nil)); slices.Contains(b.AllowedActions, "sign_off") {
			t.Errorf("sign_off offered before the weighing: %v", b.AllowedActions)
		}
		problemOf(t, e.do(t, "POST", s.p("/sign-off"), s.Adviser.Token, nil), http.StatusConflict)
		p := problemOf(t, e.do(t, "PUT", s.p("/advice/weighing"), s.Adviser.Token, map[string]any{"changed": false}), http.StatusUnprocessableEntity)
		if !sameStrings(p.fields(), []string{"explanation"}) {
			t.Errorf("fields %v", p.fields())
		}
		e.do(t, "PUT", s.p("/advice/weighing"), s.Adviser.Token,
			map[string]any{"changed": false, "explanation": "De feiten blijven staan."}).want(t, http.StatusOK)
		weighing := func(token string) bool {
			return decode[weighingBody](t, e.do(t, "GET", s.p("/advice"), token, nil).want(t, http.StatusOK)).Weighing != nil
		}
		if !weighing(s.Adviser.Token) {
			t.Error("the adviser does not see the weighing")
		}
		if weighing(s.Candidate.Token) {
			t.Error("the candidate sees the weighing before sign-off")
		}
		e.do(t, "POST", s.p("/sign-off"), s.Adviser.Token, nil).want(t, http.StatusOK)
		if !weighing(s.Candidate.Token) {
			t.Error("the candidate does not see the signed advice's weighing")
		}
		if weighing(s.Formateur.Token) {
			t.Error("the formateur sees the weighing outside the signed document")
		}
		// It is in the candidate's export of their data too (AVG art. 15).
		x := decode[struct {
			Advice *weighingBody `json:"advice"`
		}](t, e.do(t, "GET", s.p("/export"), s.Candidate.Token, nil).want(t, http.StatusOK))
		if x.Advice == nil || x.Advice.Weighing == nil {
			t.Error("the export lacks the signed advice's weighing")
		}
	})
}
