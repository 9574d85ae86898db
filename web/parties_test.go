package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// The intake form offers the recipient roles of a gemeente, the portfolio
// and a re-scan's earlier scan; the service's refusals point at the fields.
func TestIntakeFormParties(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		earlier, _ := e.NewScan(t, e.Formateur, e.Adviser)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		p := v.Get(t, "/scans/nieuw")
		want(t, p, http.StatusOK, `id="f-ontvanger-rol"`, `value="burgemeester"`, `id="f-portefeuille"`, `id="f-herhaal-soort"`, "herbenoeming")
		if strings.Contains(p.Body, "Commissaris van de Koning") || strings.Contains(p.Body, `value="dijkgraaf"`) {
			t.Fatal("a gemeente's intake offers another body's chair")
		}
		form := func(k ...string) url.Values {
			f := url.Values{"naam": {"Eva Smit"}, "email": {"eva@example.nl"}, "ambt": {"wethouder"},
				"adviseur": {e.Adviser.Email}, "dag": {"4"}, "maand": {"5"}, "jaar": {"2026"}, "portefeuille": {"Financiën"}}
			for i := 0; i+1 < len(k); i += 2 {
				f.Set(k[i], k[i+1])
			}
			return f
		}
		for _, b := range []struct {
			form  url.Values
			field string
		}{
			{form("ontvanger_rol", "dijkgraaf"), "f-ontvanger-rol"},
			{form("ontvanger_email", e.Adviser.Email), "f-ontvanger-email"},
			{form("portefeuille", strings.Repeat("p", 501)), "f-portefeuille"},
			{form("herhaal_soort", "herbenoeming", "herhaal_kenmerk", "BS-2026-ZZZZZZ"), "f-herhaal-kenmerk"},
		} {
			want(t, v.Post(t, "/scans/nieuw", b.form), http.StatusUnprocessableEntity, `href="#`+b.field+`"`, `value="Eva Smit"`)
		}
		p = v.Post(t, "/scans/nieuw", form("ontvanger_rol", "burgemeester", "herhaal_soort", "tussentijdse-vacature",
			"herhaal_kenmerk", earlier.Reference, "email", earlier.Candidate.Email))
		want(t, p, http.StatusOK, "De scan is gestart", "(burgemeester)", "Financiën")
		sc, err := e.Service.Scan(context.Background(), e.Actor(t, e.Formateur), strings.TrimPrefix(p.URL.Path, "/scans/"))
		if err != nil {
			t.Fatal(err)
		}
		if sc.RecipientRole != domain.RecipientBurgemeester || sc.Portfolio != "Financiën" || sc.Rescan == nil ||
			sc.Rescan.EarlierScanID != earlier.ID {
			t.Fatalf("scan not as typed: %s %q %+v", sc.RecipientRole, sc.Portfolio, sc.Rescan)
		}
		if strings.Contains(p.Body, earlier.Reference) {
			t.Error("the formateur's scan page shows the re-scan link")
		}
		// The adviser's scan page shows the portfolio and the link.
		adv := e.Visitor(t)
		adv.SignIn(t, e.Adviser)
		want(t, adv.Get(t, "/scans/"+sc.ID), http.StatusOK, "Financiën", "tussentijdse vacature", earlier.Reference, "fase: intake")
		// The candidate's page does not.
		cand := e.Visitor(t)
		cand.AcceptInvitation(t, earlier.Candidate.Email)
		if p := cand.Get(t, "/scans/"+sc.ID); strings.Contains(p.Body, "Financiën") || strings.Contains(p.Body, earlier.Reference) {
			t.Error("the candidate's page shows the portfolio or the re-scan link")
		}
	})
}

// The formateur edits the portfolio on the scan page until the advice is
// put to the candidate.
func TestFormateurEditsPortfolio(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		want(t, v.Get(t, s.path("")), http.StatusOK, `action="/scans/`+s.sc.ID+`/portefeuille"`)
		want(t, v.Post(t, s.path("/portefeuille"), url.Values{"version": {s.version(t)}, "portefeuille": {strings.Repeat("p", 501)}}),
			http.StatusUnprocessableEntity, `href="#f-portefeuille"`)
		want(t, v.Post(t, s.path("/portefeuille"), url.Values{"version": {s.version(t)}, "portefeuille": {"Wonen en ruimte"}}),
			http.StatusOK, "De beoogde portefeuille is opgeslagen.", "Wonen en ruimte")
		if got := s.now(t).Portfolio; got != "Wonen en ruimte" {
			t.Fatalf("portfolio %q", got)
		}
		s.toSignOff(t)
		p := v.Get(t, s.path(""))
		if strings.Contains(p.Body, `action="/scans/`+s.sc.ID+`/portefeuille"`) {
			t.Fatal("the portfolio form is offered after the advice went to the candidate")
		}
		want(t, v.Post(t, s.path("/portefeuille"), url.Values{"version": {s.version(t)}, "portefeuille": {"Zorg"}}), http.StatusConflict)
		if got := s.now(t).Portfolio; got != "Wonen en ruimte" {
			t.Fatalf("portfolio changed after the refusal: %q", got)
		}
	})
}

// A disagreeing response is weighed on the advice page before sign-off is offered.
func TestAdviserWeighsResponse(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		s.toAdvice(t)
		ctx := context.Background()
		s.do(t, func(id string) (*domain.Scan, error) {
			return e.Service.SaveAdvice(ctx, s.adv, id, nil, workflow.AdviceInput{Conclusion: domain.ConclusionMeasures, Summary: "Met maatregel.",
				Findings: []domain.Finding{{Domain: domain.DomainFinancial, Title: "Huurcontract", Class: domain.ClassMeasure,
					Measure: "Niet meebeslissen.", MeasureOwner: domain.OwnerSecretary, MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineBeforeAppointment}}}})
		})
		s.do(t, func(id string) (*domain.Scan, error) { return e.Service.SubmitAdvice(ctx, s.adv, id, nil) })
		s.do(t, func(id string) (*domain.Scan, error) {
			return e.Service.Respond(ctx, s.cand, id, nil, workflow.ResponseInput{Agrees: false, Comment: "Het huurcontract is beëindigd."})
		})
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		p := v.Get(t, s.path("/advies"))
		want(t, p, http.StatusOK, "Het huurcontract is beëindigd.", `action="/scans/`+s.sc.ID+`/advies/weging"`,
			"de gemeentesecretaris, vóór benoeming")
		if strings.Contains(p.Body, `href="/scans/`+s.sc.ID+`/ondertekenen"`) {
			t.Fatal("sign-off offered before the weighing")
		}
		want(t, v.Post(t, s.path("/advies/weging"), url.Values{"version": {s.version(t)}, "changed": {"nee"}, "explanation": {" "}}),
			http.StatusUnprocessableEntity, `href="#f-explanation"`)
		want(t, v.Post(t, s.path("/advies/weging"), url.Values{"version": {s.version(t)}, "explanation": {"x"}}),
			http.StatusUnprocessableEntity, `href="#f-changed"`)
		p = v.Post(t, s.path("/advies/weging"), url.Values{"version": {s.version(t)}, "changed": {"nee"},
			"explanation": {"Het contract loopt tot de benoeming."}})
		want(t, p, http.StatusOK, "Uw weging van de reactie is vastgelegd.", `href="/scans/`+s.sc.ID+`/ondertekenen"`)
		if w := s.now(t).Advice.Weighing; w == nil || w.Changed || w.Explanation != "Het contract loopt tot de benoeming." {
			t.Fatalf("weighing: %+v", w)
		}
	})
}

// The advice editor asks who carries out a measure by when, with the owners
// named as a gemeente names them, and points at what is missing.
func TestAdviceEditorMeasurePlan(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		s.toAdvice(t)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		form := url.Values{"version": {s.version(t)}, "conclusion": {"beheersmaatregelen"}, "summary": {"Met maatregelen."},
			"findings": {"1"}, "finding-0-domain": {"financieel"}, "finding-0-class": {"beheersmaatregel"},
			"finding-0-title": {"Huurcontract"}, "finding-0-measure": {"Niet meebeslissen."},
			"finding-0-measure_deadline": {"on-date"}, "finding-0-measure_deadline_on": {"2020-01-01"}}
		want(t, v.Post(t, s.path("/advies"), form), http.StatusUnprocessableEntity, `href="#f-finding-0-measure_owner"`,
			`href="#f-finding-0-measure_deadline"`, "de gemeentesecretaris", "het college van burgemeester en wethouders")
		if s.now(t).Advice != nil {
			t.Fatal("advice saved without the measure's owner")
		}
		form.Set("finding-0-measure_owner", "chair")
		form.Set("finding-0-measure_deadline", "within-three-months")
		want(t, v.Post(t, s.path("/advies"), form), http.StatusOK, "Opgeslagen.")
		f := s.now(t).Advice.Findings[0]
		if f.MeasureOwner != domain.OwnerChair || f.MeasureDeadline != (domain.MeasureDeadline{Kind: domain.DeadlineThreeMonths}) {
			t.Fatalf("finding: %+v", f)
		}
	})
}
