package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

const v2 = "2026-2"

// v2Scan starts a scan in an organisation on questionnaire 2026-2 and
// submits the shipped example answers, changed by patch.
func (e *env) v2Scan(t *testing.T, org string, patch map[string]any) *scan {
	t.Helper()
	return e.v2ScanWith(t, org, domain.Policy{TemplateVersion: v2}, patch)
}

// v2ScanWith is v2Scan in an organisation with the policy.
func (e *env) v2ScanWith(t *testing.T, org string, policy domain.Policy, patch map[string]any) *scan {
	t.Helper()
	if _, err := e.svc.AddOrganisation(context.Background(), org, domain.KindGemeente, policy); err != nil {
		t.Fatal(err)
	}
	f := e.staff(t, org, domain.RoleFormateur, "Formateur "+org, "f@"+org+".nl")
	a := e.staff(t, org, domain.RoleAdviser, "Adviseur "+org, "a@"+org+".nl")
	s := e.newScanFor(t, f, a, "k@"+org+".nl")
	e.walk(t, s, domain.StateQuestionnaire)
	answers, err := configs.ExampleAnswers(v2)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range patch {
		answers[k] = v
	}
	q := decode[questionnaireBody](t, e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
		map[string]any{"answers": answers}).want(t, http.StatusOK))
	if q.Version != v2 {
		t.Fatalf("the scan runs on %s, want %s", q.Version, v2)
	}
	e.do(t, "POST", s.p("/questionnaire/submit"), s.Candidate.Token, nil).want(t, http.StatusOK)
	e.do(t, "POST", s.p("/interview"), s.Adviser.Token, map[string]any{"held_on": today, "summary": "s", "attendees": attendees}).want(t, http.StatusOK)
	e.do(t, "PUT", s.p("/vog"), s.Adviser.Token, validVOG()).want(t, http.StatusOK)
	return s
}

type signalItem struct {
	Key        string              `json:"key"`
	Status     domain.SignalStatus `json:"status"`
	Class      domain.FindingClass `json:"class"`
	Title      string              `json:"title"`
	LegalBasis string              `json:"legal_basis"`
	Answer     any                 `json:"answer"`
	Entry      map[string]any      `json:"entry"`
	Reason     string              `json:"reason"`
}

func (e *env) signals(t *testing.T, s *scan) map[string]signalItem {
	t.Helper()
	l := decode[listBody[signalItem]](t, e.do(t, "GET", s.p("/signals"), s.Adviser.Token, nil).want(t, http.StatusOK))
	out := map[string]signalItem{}
	for _, it := range l.Items {
		out[it.Key] = it
	}
	return out
}

// Answers that point at a known risk become suggested findings, which the
// adviser accepts (as suggested or edited) or dismisses with a reason.
func TestSignalsBecomeFindings(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.v2Scan(t, "signaalstad", nil)
		const terug = "terugkeerafspraak_of_beding"
		sig := e.signals(t, s)
		var nf string // the group rule's key ends in the entry's id
		for k := range sig {
			if strings.HasPrefix(k, "nevenfunctie_raakvlak_wethouder.") {
				nf = k
			}
		}
		if got := sig[nf]; got.Status != domain.SignalOpen || got.LegalBasis == "" || got.Entry == nil || got.Answer != true {
			t.Fatalf("signal %s = %+v (all: %v)", nf, got, sig)
		}
		e.do(t, "GET", s.p("/signals"), s.Formateur.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "GET", s.p("/signals"), s.Candidate.Token, nil).want(t, http.StatusForbidden)

		// Accept, edited; a second accept is refused.
		e.do(t, "POST", s.p("/signals/"+nf+"/accept"), s.Adviser.Token, withPlan(map[string]any{"measure": "Verschoont zich bij subsidiebesluiten."})).
			want(t, http.StatusOK)
		e.do(t, "POST", s.p("/signals/"+nf+"/accept"), s.Adviser.Token, withPlan(nil)).want(t, http.StatusConflict)
		e.do(t, "POST", s.p("/signals/nergens.3/accept"), s.Adviser.Token, withPlan(nil)).want(t, http.StatusNotFound)
		a := e.advice(t, s, s.Adviser.Token)
		if len(a.Findings) != 1 || a.Findings[0].Measure != "Verschoont zich bij subsidiebesluiten." || a.Findings[0].Title != sig[nf].Title {
			t.Fatalf("advice findings = %+v", a.Findings)
		}

		// Dismiss needs a reason.
		e.do(t, "POST", s.p("/signals/"+terug+"/dismiss"), s.Adviser.Token, map[string]string{"reason": ""}).want(t, http.StatusUnprocessableEntity)
		e.do(t, "POST", s.p("/signals/"+terug+"/dismiss"), s.Adviser.Token, map[string]string{"reason": "kort"}).want(t, http.StatusUnprocessableEntity)
		e.do(t, "POST", s.p("/signals/"+terug+"/dismiss"), s.Adviser.Token,
			map[string]string{"reason": "Het beding is in 2023 vervallen."}).want(t, http.StatusOK)
		sig = e.signals(t, s)
		if sig[nf].Status != domain.SignalAccepted || sig[terug].Status != domain.SignalDismissed || sig[terug].Reason == "" {
			t.Fatalf("statuses: %+v", sig)
		}
	})
}

// A suggested belemmering is in the advice as a belemmering, or dismissed
// with a reason; the advice cannot go to the candidate otherwise.
func TestBelemmeringCannotBeDroppedSilently(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.v2Scan(t, "belemmerstad", map[string]any{
			"onverenigbaarheid_functies_wethouder":             true,
			"onverenigbaarheid_functies_wethouder_toelichting": "Lid van de rekenkamer van de gemeente.",
			"onverenigbaarheid_functies_wethouder_beeindigen":  false,
			"onverenigbaarheid_functies_wethouder_alleen_raad": false,
		})
		const key = "onverenigbare_functie_wethouder"
		sig := e.signals(t, s)
		if sig[key].Class != domain.ClassObstruction || sig[key].LegalBasis == "" {
			t.Fatalf("no belemmering signal: %v", sig)
		}
		write := func(findings []findingBody) {
			t.Helper()
			e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{"conclusion": "ontraden", "summary": "S",
				"findings": findings}).want(t, http.StatusOK)
		}
		write(nil)
		p := problemOf(t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil), http.StatusUnprocessableEntity)
		if p.message("signals."+key) == "" {
			t.Fatalf("the open belemmering is not named: %+v", p)
		}
		e.do(t, "POST", s.p("/signals/"+key+"/accept"), s.Adviser.Token, withPlan(nil)).want(t, http.StatusOK)
		accepted := e.advice(t, s, s.Adviser.Token).Findings
		// Rewriting the advice without it (or as a lesser class) is dropping it.
		write(nil)
		problemOf(t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil), http.StatusUnprocessableEntity)
		lesser := append([]findingBody(nil), accepted...)
		lesser[0].Class = "aandachtspunt"
		write(lesser)
		problemOf(t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil), http.StatusUnprocessableEntity)
		// The signal's text is written for the adviser: as it is, it cannot go out.
		write(accepted)
		p = problemOf(t, e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil), http.StatusUnprocessableEntity)
		if p.message("findings[0].description") == "" {
			t.Fatalf("the signal's own text is not refused: %+v", p)
		}
		accepted[0].Description = "De kandidaat blijft lid van de raad van toezicht van de woningcorporatie."
		write(accepted)
		e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil).want(t, http.StatusOK)
	})
}

// A scan keeps the questionnaire it started with when its organisation
// moves to a new version; new scans get the new one.
func TestVersionPinning(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		old := e.scanIn(t, domain.StateQuestionnaire) // orgA runs 2026-1
		answers := answersFor(e.tmpl)
		e.do(t, "PUT", old.p("/questionnaire/answers"), old.Candidate.Token, map[string]any{"answers": answers}).want(t, http.StatusOK)
		p, err := e.svc.Policy(context.Background(), orgA)
		if err != nil {
			t.Fatal(err)
		}
		p.TemplateVersion = v2
		if err := e.svc.SetPolicy(context.Background(), orgA, p); err != nil {
			t.Fatal(err)
		}
		p.TemplateVersion = "1999-9"
		if err := e.svc.SetPolicy(context.Background(), orgA, p); err == nil {
			t.Fatal("an unknown questionnaire version was accepted")
		}
		fresh := e.newScan(t)
		e.walk(t, fresh, domain.StateQuestionnaire)
		if q := decode[questionnaireBody](t, e.do(t, "GET", fresh.p("/questionnaire"), fresh.Candidate.Token, nil).want(t, http.StatusOK)); q.Version != v2 {
			t.Fatalf("a new scan runs on %s, want %s", q.Version, v2)
		}
		q := decode[questionnaireBody](t, e.do(t, "GET", old.p("/questionnaire"), old.Candidate.Token, nil).want(t, http.StatusOK))
		if q.Version != contractTemplate || !sameAnswers(q.Answers, answers) || len(q.Missing) != 0 {
			t.Fatalf("the running scan changed: version %s, %d missing", q.Version, len(q.Missing))
		}
		e.do(t, "POST", old.p("/questionnaire/submit"), old.Candidate.Token, nil).want(t, http.StatusOK)
	})
}
