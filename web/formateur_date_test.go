package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// The formateur moves the planned date on the scan page; the VOG's status
// follows it, and benoemd waits for a valid VOG.
func TestFormateurChangesAppointmentDate(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		sc = formateurDeliver(t, e, sc, email) // VOG of 20 februari, appointment 2 mei
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		base := "/scans/" + sc.ID
		want(t, v.Get(t, base), http.StatusOK, `action="`+base+`/benoemingsdatum"`, `for="f-nieuwe-datum-dag"`, `for="f-reden-datum"`,
			"<dt>VOG</dt><dd>geldig voor de benoeming op 2 mei 2026</dd>")

		form := func(day, reason string) url.Values {
			return url.Values{"version": {strconv.Itoa(sc.Version)}, "dag": {day}, "maand": {"6"}, "jaar": {"2026"}, "reden": {reason}}
		}
		want(t, v.Post(t, base+"/benoemingsdatum", form("31", "Later.")), http.StatusUnprocessableEntity,
			"Vul de nieuwe benoemingsdatum in", `href="#f-nieuwe-datum-dag"`, `value="31"`)
		want(t, v.Post(t, base+"/benoemingsdatum", form("1", " ")), http.StatusUnprocessableEntity,
			"Geef een reden op", `href="#f-reden-datum"`)
		if now := formateurScanNow(t, e, sc.ID); now.Version != sc.Version {
			t.Fatalf("a refused form changed the scan to version %d", now.Version)
		}
		mails := len(e.Mail.All())
		p := v.Post(t, base+"/benoemingsdatum", form("1", "De raad vergadert later."))
		want(t, p, http.StatusOK, "De beoogde benoemingsdatum is gewijzigd", "1 juni 2026",
			"niet geldig voor de benoeming op 1 juni 2026")
		for _, m := range formateurMarkers {
			if strings.Contains(p.Body, m) {
				t.Fatalf("the scan page shows %q", m)
			}
		}
		if n := len(e.Mail.All()) - mails; n != 2 {
			t.Fatalf("%d mails after the change, want the adviser's and the candidate's", n)
		}
		adviser := e.Visitor(t)
		adviser.SignIn(t, e.Adviser)
		want(t, adviser.Get(t, base), http.StatusOK, "<dt>VOG voor de benoeming</dt><dd>niet geldig voor de benoeming op 1 juni 2026")

		now := formateurScanNow(t, e, sc.ID)
		out := url.Values{"version": {strconv.Itoa(now.Version)}, "uitkomst": {string(domain.OutcomeAppointed)}}
		want(t, v.Post(t, base+"/uitkomst", out), http.StatusUnprocessableEntity, "Gemeentewet art. 36a lid 2", `href="#f-uitkomst-benoemd"`)
		if after := formateurScanNow(t, e, sc.ID); after.State != domain.StateDelivered {
			t.Fatalf("benoemd recorded without a valid VOG: %s", after.State)
		}
		out.Set("uitkomst", string(domain.OutcomeNotAppointed))
		want(t, v.Post(t, base+"/uitkomst", out), http.StatusOK, "De kandidaat is niet benoemd")
		if p := v.Get(t, base); strings.Contains(p.Body, `/benoemingsdatum"`) {
			t.Fatal("a closed scan offers the date change")
		}
	})
}

// A VOG refused after delivery reaches the formateur as "VOG geweigerd",
// never with anything more.
func TestFormateurSeesRefusedVOG(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		sc = formateurDeliver(t, e, sc, email)
		adviser := e.Visitor(t)
		adviser.SignIn(t, e.Adviser)
		want(t, adviser.Get(t, "/scans/"+sc.ID+"/vog"), http.StatusOK, "Wat u nu vastlegt, is een aanvulling", `action="/scans/`+sc.ID+`/vog"`)
		if _, err := e.Service.RecordVOG(context.Background(), e.Actor(t, e.Adviser), sc.ID, nil,
			domain.VOG{Status: domain.VOGRefused, Reference: "GEHEIM-VOG-7731"}); err != nil {
			t.Fatal(err)
		}
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		p := v.Get(t, "/scans/"+sc.ID)
		want(t, p, http.StatusOK, "<dt>VOG</dt><dd>VOG geweigerd</dd>", "opgeleverd")
		if strings.Contains(p.Body, "GEHEIM-VOG") {
			t.Fatal("the formateur's page shows the VOG's reference")
		}
	})
}

// The questionnaire's deadline, set at consent, reaches the candidate and
// the adviser, not the formateur.
func TestQuestionnaireDeadlineShown(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		cand := e.Visitor(t)
		cand.AcceptInvitation(t, email)
		sc, err := e.Service.Consent(context.Background(), cand.Actor(t), sc.ID, nil, workflow.ConsentInput{Given: true})
		if err != nil {
			t.Fatal(err)
		}
		due := domain.DutchDateTime(webtest.T0.Add(7*24*time.Hour), e.Location)
		want(t, cand.Get(t, "/scans/"+sc.ID+"/vragenlijst"), http.StatusOK, "dien hem in vóór <strong>"+due+"</strong>")
		want(t, cand.Get(t, "/scans/"+sc.ID), http.StatusOK, "Dien de vragenlijst in vóór <strong>"+due+"</strong>")
		adviser := e.Visitor(t)
		adviser.SignIn(t, e.Adviser)
		want(t, adviser.Get(t, "/scans/"+sc.ID), http.StatusOK, "<dt>Vragenlijst uiterlijk</dt><dd>"+due+"</dd>")
		want(t, adviser.Get(t, "/scans"), http.StatusOK, "Vragenlijst uiterlijk", "<td>"+due+"</td>")
		f := e.Visitor(t)
		f.SignIn(t, e.Formateur)
		for _, path := range []string{"/scans", "/scans/" + sc.ID} {
			if p := f.Get(t, path); strings.Contains(p.Body, due) {
				t.Errorf("the formateur's %s shows the questionnaire deadline", path)
			}
		}
	})
}
