package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// fourEyes is a scan on questionnaire 2026-2 in a four-eyes organisation,
// in the advice phase, with a second adviser assigned and a third adviser
// of the organisation not (yet) on the scan.
type fourEyes struct {
	*scan
	second, third user
	nf            string // the key of a nevenfunctie signal the answers fire
}

func (e *env) fourEyesScan(t *testing.T, org string) fourEyes {
	t.Helper()
	s := e.v2ScanWith(t, org, domain.Policy{TemplateVersion: v2, FourEyes: true}, nil)
	fe := fourEyes{scan: s,
		second: e.staff(t, org, domain.RoleAdviser, "Tweede Adviseur", "tweede@"+org+".nl"),
		third:  e.staff(t, org, domain.RoleAdviser, "Derde Adviseur", "derde@"+org+".nl")}
	e.do(t, "PUT", s.p("/second-adviser"), s.Formateur.Token, map[string]string{"email": fe.second.Email}).want(t, http.StatusOK)
	for k := range e.signals(t, s) {
		if strings.HasPrefix(k, "nevenfunctie_raakvlak_wethouder.") {
			fe.nf = k
		}
	}
	if fe.nf == "" {
		t.Fatal("the example answers fire no nevenfunctie signal")
	}
	return fe
}

// toSignOff puts the advice to the candidate, who agrees.
func (e *env) toSignOff(t *testing.T, s *scan) {
	t.Helper()
	e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil).want(t, http.StatusOK)
	e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token, map[string]any{"agrees": true}).want(t, http.StatusOK)
}

// refusedSignOff asserts that the adviser may not sign, with a message
// that says what to do and names no action.
func (e *env) refusedSignOff(t *testing.T, s *scan, who user) {
	t.Helper()
	p := problemOf(t, e.do(t, "POST", s.p("/sign-off"), who.Token, nil), http.StatusForbidden)
	if !strings.Contains(p.Detail, "Een andere adviseur moet het advies ondertekenen") || strings.Contains(p.Detail, "sign_off") {
		t.Errorf("refusal for %s: %q", who.Name, p.Detail)
	}
}

// signedByThird has the third adviser assigned in place of the second, and
// asserts that she, who changed nothing, may sign.
func (e *env) signedByThird(t *testing.T, fe fourEyes) {
	t.Helper()
	e.do(t, "PUT", fe.p("/second-adviser"), fe.Formateur.Token, map[string]string{"email": fe.third.Email}).want(t, http.StatusOK)
	e.do(t, "POST", fe.p("/sign-off"), fe.third.Token, nil).want(t, http.StatusOK)
	if a := e.advice(t, fe.scan, fe.Formateur.Token); a.SignedBy == nil || a.SignedBy.Email != fe.third.Email {
		t.Fatalf("signed_by = %+v, want the third adviser", a.SignedBy)
	}
}

// ownFacts accepts a signal with the facts in the adviser's words: the
// signal's own text, written for the adviser, cannot be submitted.
var ownFacts = map[string]string{"description": "De kandidaat is bestuurslid van een stichting die subsidie van de gemeente krijgt."}

// plainAdvice is an advice with the conclusion, a summary and no findings.
func plainAdvice(conclusion string) map[string]any {
	return map[string]any{"conclusion": conclusion, "summary": "Samenvatting.", "findings": []map[string]string{}}
}

// The attack: the lead adviser lets the second adviser save the
// advice last, adds her own finding from a signal and signs off herself.
func TestFourEyesLeadCannotSignAfterAddingAFinding(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		fe := e.fourEyesScan(t, "viervoud")
		e.do(t, "PUT", fe.p("/advice"), fe.Adviser.Token, plainAdvice("beheersmaatregelen")).want(t, http.StatusOK)
		e.do(t, "PUT", fe.p("/advice"), fe.second.Token, plainAdvice("beheersmaatregelen")).want(t, http.StatusOK)
		e.do(t, "POST", fe.p("/signals/"+fe.nf+"/accept"), fe.Adviser.Token, withPlan(map[string]any{"description": ownFacts["description"]})).want(t, http.StatusOK)
		e.toSignOff(t, fe.scan)
		for _, who := range []user{fe.Adviser, fe.second} {
			b := decode[scanBody](t, e.do(t, "GET", fe.p(""), who.Token, nil).want(t, http.StatusOK))
			if slices.Contains(b.AllowedActions, string(domain.ActionSignOff)) {
				t.Errorf("sign-off is offered to %s, who changed the advice", who.Name)
			}
		}
		e.refusedSignOff(t, fe.scan, fe.Adviser)
		e.refusedSignOff(t, fe.scan, fe.second)
		if b := e.get(t, fe.scan); b.State != string(domain.StateSignOff) {
			t.Fatalf("state %s after refused sign-offs", b.State)
		}
		e.signedByThird(t, fe)
	})
}

// Every way of changing the advice's content counts: whoever did it may not
// sign. Here the lead writes the advice and the second adviser makes one
// change; neither may sign, an adviser who changed nothing may.
func TestFourEyesEveryChangeCounts(t *testing.T) {
	for _, tc := range []struct {
		name       string
		conclusion string
		change     func(t *testing.T, e *env, fe fourEyes)
	}{
		{"saves the advice", "beheersmaatregelen", func(t *testing.T, e *env, fe fourEyes) {
			e.do(t, "PUT", fe.p("/advice"), fe.second.Token, plainAdvice("aandachtspunten")).want(t, http.StatusOK)
		}},
		{"accepts a signal", "beheersmaatregelen", func(t *testing.T, e *env, fe fourEyes) {
			e.do(t, "POST", fe.p("/signals/"+fe.nf+"/accept"), fe.second.Token, withPlan(map[string]any{"description": ownFacts["description"]})).want(t, http.StatusOK)
		}},
		{"accepts a signal edited", "beheersmaatregelen", func(t *testing.T, e *env, fe fourEyes) {
			e.do(t, "POST", fe.p("/signals/"+fe.nf+"/accept"), fe.second.Token,
				withPlan(map[string]any{"measure": "Verschoont zich bij subsidiebesluiten.", "description": ownFacts["description"]})).want(t, http.StatusOK)
		}},
		{"dismisses a signal taken into the advice", "beheersmaatregelen", func(t *testing.T, e *env, fe fourEyes) {
			e.do(t, "POST", fe.p("/signals/"+fe.nf+"/accept"), fe.Adviser.Token, withPlan(nil)).want(t, http.StatusOK)
			e.do(t, "POST", fe.p("/signals/"+fe.nf+"/dismiss"), fe.second.Token,
				map[string]string{"reason": "De nevenfunctie is beëindigd."}).want(t, http.StatusOK)
		}},
		{"records a refused VOG", "ontraden", func(t *testing.T, e *env, fe fourEyes) {
			e.do(t, "PUT", fe.p("/vog"), fe.second.Token, map[string]string{"status": "refused"}).want(t, http.StatusOK)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, d storetest.Dialect) {
				e := setup(t, d)
				fe := e.fourEyesScan(t, "viervoud")
				e.do(t, "PUT", fe.p("/advice"), fe.Adviser.Token, plainAdvice(tc.conclusion)).want(t, http.StatusOK)
				tc.change(t, e, fe)
				e.toSignOff(t, fe.scan)
				e.refusedSignOff(t, fe.scan, fe.Adviser)
				e.refusedSignOff(t, fe.scan, fe.second)
				e.signedByThird(t, fe)
			})
		})
	}
}
