package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/web/webtest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// candidateScan starts a scan in OrgA and signs its candidate in; it
// returns the candidate's visitor, the scan and their actor for setup.
func candidateScan(t *testing.T, e *webtest.Env) (*webtest.Visitor, *domain.Scan, domain.Actor) {
	t.Helper()
	sc, email := e.NewScan(t, e.Formateur, e.Adviser)
	v := e.Visitor(t)
	v.AcceptInvitation(t, email)
	return v, sc, v.Actor(t)
}

const secretAnswer = "Voorzitter van de Stichting Geheimzinnig"

// toQuestionnaire gives consent and fills in every question through the
// service, leaving the scan in the questionnaire phase.
func toQuestionnaire(t *testing.T, e *webtest.Env, cand domain.Actor, id string) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.Service.Consent(ctx, cand, id, nil, workflow.ConsentInput{Given: true}); err != nil {
		t.Fatalf("consent: %v", err)
	}
	if _, err := e.Service.SaveAnswers(ctx, cand, id, nil, domaintest.CompleteAnswers(e.Template, secretAnswer)); err != nil {
		t.Fatalf("save answers: %v", err)
	}
}

// toReview walks the scan through the service until the draft advice is
// put to the candidate.
func toReview(t *testing.T, e *webtest.Env, cand domain.Actor, id string) *domain.Scan {
	t.Helper()
	ctx := context.Background()
	adv := e.Actor(t, e.Adviser)
	switch scanOf(t, e, id).State {
	case domain.StateIntake:
		toQuestionnaire(t, e, cand, id)
	case domain.StateQuestionnaire: // consented through the pages
		if _, err := e.Service.SaveAnswers(ctx, cand, id, nil, domaintest.CompleteAnswers(e.Template, secretAnswer)); err != nil {
			t.Fatalf("save answers: %v", err)
		}
	}
	steps := []func() (*domain.Scan, error){
		func() (*domain.Scan, error) { return e.Service.SubmitQuestionnaire(ctx, cand, id, nil) },
		func() (*domain.Scan, error) {
			return e.Service.RecordVOG(ctx, adv, id, nil, domain.VOG{Status: domain.VOGIssued,
				IssuedOn: domain.NewDate(2026, 2, 20), Profile: domain.VOGProfilePolitiek, Reference: "VOG-1"})
		},
		func() (*domain.Scan, error) {
			return e.Service.RecordInterview(ctx, adv, id, nil, domain.Interview{HeldOn: domain.DateOf(webtest.T0), Summary: "Gesprek gehad.", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
		},
		func() (*domain.Scan, error) {
			return e.Service.SaveAdvice(ctx, adv, id, nil, workflow.AdviceInput{Conclusion: domain.ConclusionAttention,
				Summary: "Er is één aandachtspunt.", Findings: []domain.Finding{{Domain: domain.DomainFunctional,
					Title: "Bestuurslid sportvereniging", Class: domain.ClassAttention,
					Description: "De vereniging huurt een sporthal van de gemeente."}}})
		},
		func() (*domain.Scan, error) { return e.Service.SubmitAdvice(ctx, adv, id, nil) },
	}
	var sc *domain.Scan
	for i, step := range steps {
		var err error
		if sc, err = step(); err != nil {
			t.Fatalf("step %d to the review: %v", i, err)
		}
	}
	if sc.State != domain.StateCandidateReview {
		t.Fatalf("scan in %s, want the candidate's review", sc.State)
	}
	return sc
}

// scanOf returns the scan as its adviser sees it now.
func scanOf(t *testing.T, e *webtest.Env, id string) *domain.Scan {
	t.Helper()
	sc, err := e.Service.Scan(context.Background(), e.Actor(t, e.Adviser), id)
	if err != nil {
		t.Fatalf("read scan: %v", err)
	}
	return sc
}

func version(sc *domain.Scan) string { return strconv.Itoa(sc.Version) }

func TestCandidateStatusPage(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, _ := candidateScan(t, e)
		p := v.Get(t, "/scans/"+sc.ID)
		want(t, p, http.StatusOK, "<h1>Uw basisscan</h1>", "Toestemming",
			`href="/scans/`+sc.ID+`/toestemming"`, `href="/scans/`+sc.ID+`/terugtrekken"`, `href="/scans/`+sc.ID+`/gegevens"`,
			e.Adviser.Name, "mailto:"+e.Adviser.Email, "2 mei 2026", e.Formateur.Name)
		for _, absent := range []string{"/vragenlijst", "/conceptadvies", "intake"} {
			if strings.Contains(p.Body, absent) {
				t.Errorf("status page before consent shows %q", absent)
			}
		}
	})
}

func TestCandidateStatusPageLinksOpenClarification(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, cand := candidateScan(t, e)
		toQuestionnaire(t, e, cand, sc.ID)
		want(t, v.Get(t, "/scans/"+sc.ID), http.StatusOK, "Vragenlijst", `href="/scans/`+sc.ID+`/vragenlijst"`)
		ctx := context.Background()
		if _, err := e.Service.SubmitQuestionnaire(ctx, cand, sc.ID, nil); err != nil {
			t.Fatal(err)
		}
		p := v.Get(t, "/scans/"+sc.ID)
		want(t, p, http.StatusOK, "Onderzoek en gesprek")
		if strings.Contains(p.Body, "/vragenlijst") || strings.Contains(p.Body, "/toelichting/") {
			t.Fatal("questionnaire or clarification offered after submission")
		}
		got, err := e.Service.RequestClarification(ctx, e.Actor(t, e.Adviser), sc.ID, nil,
			workflow.ClarificationInput{Questions: []string{"cv_opleiding"}, Note: "Welke opleiding was dat?"})
		if err != nil {
			t.Fatal(err)
		}
		cl := got.Clarifications[len(got.Clarifications)-1]
		want(t, v.Get(t, "/scans/"+sc.ID), http.StatusOK, `href="/scans/`+sc.ID+`/toelichting/`+cl.ID+`"`)
	})
}

func TestCandidateConsent(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, _ := candidateScan(t, e)
		form := "/scans/" + sc.ID + "/toestemming"
		want(t, v.Get(t, form), http.StatusOK, "Toestemming voor de basisscan integriteit", "Versie 2026-1",
			`href="/privacy"`, "Ik geef toestemming", "Ik geef geen toestemming", `name="version" value="`+version(sc)+`"`)

		// Nothing chosen: the error summary, linked to the first choice, and no change.
		p := v.Post(t, form, url.Values{"version": {version(sc)}, "text_version": {"2026-1"}})
		want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", `href="#toestemming-ja"`, "Kies of u toestemming geeft.")
		if now := scanOf(t, e, sc.ID); now.State != domain.StateIntake || now.Version != sc.Version {
			t.Fatalf("an empty choice changed the scan: %s v%d", now.State, now.Version)
		}

		p = v.Post(t, form, url.Values{"toestemming": {"ja"}, "version": {version(sc)}, "text_version": {"2026-1"}})
		want(t, p, http.StatusOK, "U hebt toestemming gegeven.", "Vragenlijst", `href="/scans/`+sc.ID+`/vragenlijst"`)
		now := scanOf(t, e, sc.ID)
		if now.State != domain.StateQuestionnaire || now.Consent == nil || !now.Consent.Given || now.Consent.TextVersion != "2026-1" {
			t.Fatalf("after consent: state %s, consent %+v", now.State, now.Consent)
		}
		// Once chosen, the page shows the text and the choice, no form.
		p = v.Get(t, form)
		want(t, p, http.StatusOK, "Toestemming voor de basisscan integriteit", "U hebt op 2 maart 2026 toestemming gegeven")
		if strings.Contains(p.Body, `name="toestemming"`) {
			t.Fatal("the consent form is still offered after consent")
		}
	})
}

func TestCandidateRefusalNeedsConfirmation(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, _ := candidateScan(t, e)
		form := "/scans/" + sc.ID + "/toestemming"
		p := v.Post(t, form, url.Values{"toestemming": {"nee"}, "version": {version(sc)}, "text_version": {"2026-1"}})
		want(t, p, http.StatusOK, "Weet u zeker dat u geen toestemming geeft?", "Ja, ik weiger", "Nee, terug",
			"De formateur hoort alleen dat u geen toestemming hebt gegeven")
		if p.URL.Path != form+"/weigeren" {
			t.Fatalf("refusal went to %s, want the confirmation", p.URL.Path)
		}
		if now := scanOf(t, e, sc.ID); now.State != domain.StateIntake || now.Consent != nil {
			t.Fatalf("the refusal was recorded before it was confirmed: %s %+v", now.State, now.Consent)
		}

		p = v.Post(t, form+"/weigeren", url.Values{"version": {version(sc)}, "text_version": {"2026-1"}})
		want(t, p, http.StatusOK, "U hebt geen toestemming gegeven. De scan is gestopt.", "Geen toestemming")
		now := scanOf(t, e, sc.ID)
		if now.State != domain.StateRefused || now.Consent == nil || now.Consent.Given {
			t.Fatalf("after the confirmed refusal: state %s, consent %+v", now.State, now.Consent)
		}
		// The confirmation page is gone once there is nothing to refuse.
		if p := v.Get(t, form+"/weigeren"); strings.Contains(p.Body, "Ja, ik weiger") {
			t.Fatal("the refusal is still offered after it was recorded")
		}
	})
}

func TestCandidateConsentStale(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, _ := candidateScan(t, e)
		// A form made from another version than the stored one.
		stale := strconv.Itoa(sc.Version + 7)
		p := v.Post(t, "/scans/"+sc.ID+"/toestemming", url.Values{"toestemming": {"ja"}, "version": {stale}, "text_version": {"2026-1"}})
		want(t, p, http.StatusConflict, "De scan is intussen gewijzigd", `value="ja" checked`, `name="version" value="`+version(sc)+`"`)
		if now := scanOf(t, e, sc.ID); now.State != domain.StateIntake {
			t.Fatalf("a stale consent was recorded: %s", now.State)
		}
		// A consent to a text no longer shown: the service says so, the page shows the text again.
		p = v.Post(t, "/scans/"+sc.ID+"/toestemming", url.Values{"toestemming": {"ja"}, "version": {version(sc)}, "text_version": {"2025-9"}})
		want(t, p, http.StatusConflict, "De toestemmingstekst is intussen gewijzigd", "Versie 2026-1", `value="ja" checked`)
		if now := scanOf(t, e, sc.ID); now.State != domain.StateIntake {
			t.Fatalf("a consent to an old text was recorded: %s", now.State)
		}
	})
}

func TestCandidateDraftAdvice(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, cand := candidateScan(t, e)
		page := "/scans/" + sc.ID + "/conceptadvies"

		// Before the advice is put to them, the service does not show it.
		toQuestionnaire(t, e, cand, sc.ID)
		p := v.Get(t, page)
		want(t, p, http.StatusConflict, "Het conceptadvies is er nog niet")
		if strings.Contains(p.Body, `name="eens"`) {
			t.Fatal("the draft advice shows before it is put to the candidate")
		}

		sc = toReview(t, e, cand, sc.ID)
		want(t, v.Get(t, "/scans/"+sc.ID), http.StatusOK, `href="`+page+`"`, "U kunt reageren tot")
		p = v.Get(t, page)
		want(t, p, http.StatusOK, "<h1>Conceptadvies</h1>", "Aandachtspunten", "Er is één aandachtspunt.",
			"Bestuurslid sportvereniging", "Aandachtspunt", "Functioneel", "De vereniging huurt een sporthal",
			"U kunt reageren tot", "Bent u het eens met het conceptadvies?")
		deadline := e.Service.ResponseDeadline(sc)
		if deadline == nil || !strings.Contains(p.Body, domain.DutchDateTime(*deadline, e.Location)) {
			t.Fatalf("the page does not show the deadline %v", deadline)
		}

		// No choice: the error summary, the comment kept, nothing stored.
		p = v.Post(t, page, url.Values{"reactie": {"Mijn concept-reactie"}, "version": {version(sc)}})
		want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", `href="#eens-ja"`, "Mijn concept-reactie")
		if now := scanOf(t, e, sc.ID); now.Response != nil || now.Version != sc.Version {
			t.Fatalf("an incomplete response changed the scan: %+v", now.Response)
		}

		p = v.Post(t, page, url.Values{"eens": {"nee"}, "reactie": {"De sporthal huur ik niet zelf."}, "version": {version(sc)}})
		want(t, p, http.StatusOK, "Uw reactie op het conceptadvies is opgeslagen.", "Ondertekening")
		now := scanOf(t, e, sc.ID)
		if now.State != domain.StateSignOff || now.Response == nil || !now.Response.Given || now.Response.Agrees ||
			now.Response.Comment != "De sporthal huur ik niet zelf." {
			t.Fatalf("after the response: state %s, response %+v", now.State, now.Response)
		}
		// The advice stays readable with their response, without the form.
		p = v.Get(t, page)
		want(t, p, http.StatusOK, "Bestuurslid sportvereniging", "De sporthal huur ik niet zelf.")
		if strings.Contains(p.Body, `name="eens"`) {
			t.Fatal("the response form is still offered after responding")
		}
	})
}

func TestCandidateResponseStaleKeepsComment(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, cand := candidateScan(t, e)
		sc = toReview(t, e, cand, sc.ID)
		old := version(sc)
		// The adviser takes the advice back and puts it again meanwhile.
		ctx, adv := context.Background(), e.Actor(t, e.Adviser)
		if _, err := e.Service.ReopenAdvice(ctx, adv, sc.ID, nil); err != nil {
			t.Fatal(err)
		}
		sc, err := e.Service.SubmitAdvice(ctx, adv, sc.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := v.Post(t, "/scans/"+sc.ID+"/conceptadvies", url.Values{"eens": {"ja"}, "reactie": {"Mijn getypte reactie"}, "version": {old}})
		want(t, p, http.StatusConflict, "De scan is intussen gewijzigd", "Mijn getypte reactie", `value="ja" checked`,
			`name="version" value="`+version(sc)+`"`)
		if now := scanOf(t, e, sc.ID); now.Response != nil || now.State != domain.StateCandidateReview {
			t.Fatalf("a stale response was stored: %+v", now.Response)
		}
		// Taken back while they typed: the page says so and shows what they wrote.
		if _, err := e.Service.ReopenAdvice(ctx, adv, sc.ID, nil); err != nil {
			t.Fatal(err)
		}
		p = v.Post(t, "/scans/"+sc.ID+"/conceptadvies", url.Values{"eens": {"nee"}, "reactie": {"Tweede getypte reactie"}, "version": {version(sc)}})
		want(t, p, http.StatusConflict, "Uw reactie is niet verstuurd", "Tweede getypte reactie")
		if now := scanOf(t, e, sc.ID); now.Response != nil || now.State != domain.StateAdvice {
			t.Fatalf("a response to a reopened advice was stored: %s %+v", now.State, now.Response)
		}
	})
}

func TestCandidateWithdraw(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, cand := candidateScan(t, e)
		toQuestionnaire(t, e, cand, sc.ID)
		sc = scanOf(t, e, sc.ID)
		page := "/scans/" + sc.ID + "/terugtrekken"
		want(t, v.Get(t, page), http.StatusOK, "<h1>Kandidatuur terugtrekken</h1>", "De formateur hoort niet waarom",
			"Ja, ik trek mij terug", `name="reden"`)

		const why = "Mijn moeder is ernstig ziek."
		p := v.Post(t, page, url.Values{"reden": {why}, "version": {version(sc)}})
		want(t, p, http.StatusOK, "U hebt uw kandidatuur teruggetrokken. De scan is gestopt.", "Teruggetrokken")
		if strings.Contains(p.Body, `href="`+page+`"`) {
			t.Fatal("withdrawal still offered after it")
		}
		now := scanOf(t, e, sc.ID)
		if now.State != domain.StateWithdrawn || now.EndReason != why {
			t.Fatalf("after withdrawal: state %s, reason %q", now.State, now.EndReason)
		}
		ctx := context.Background()
		own, err := e.Service.History(ctx, cand, sc.ID)
		if err != nil || own[len(own)-1].Reason != why {
			t.Fatalf("the candidate's history lacks the reason: %v %+v", err, own)
		}
		hist, err := e.Service.History(ctx, e.Actor(t, e.Formateur), sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		if last.Action != domain.ActionWithdraw || last.Reason != "" {
			t.Fatalf("the formateur's history: %+v, want a withdrawal without reason", last)
		}
		// A second try is refused by the service and changes nothing.
		p = v.Post(t, page, url.Values{"reden": {"nog eens"}, "version": {version(now)}})
		if p.Status == http.StatusOK || scanOf(t, e, sc.ID).EndReason != why {
			t.Fatalf("a second withdrawal: %d", p.Status)
		}
	})
}

func TestCandidateExportDownload(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v, sc, cand := candidateScan(t, e)
		toQuestionnaire(t, e, cand, sc.ID)
		want(t, v.Get(t, "/scans/"+sc.ID+"/gegevens"), http.StatusOK, "<h1>Uw gegevens downloaden</h1>",
			`href="/scans/`+sc.ID+`/mijn-gegevens"`)
		p := v.Get(t, "/scans/"+sc.ID+"/mijn-gegevens")
		want(t, p, http.StatusOK, secretAnswer)
		if cc := p.Header.Get("Cache-Control"); cc != "no-store" {
			t.Fatalf("Cache-Control %q", cc)
		}
		if cd := p.Header.Get("Content-Disposition"); cd != `attachment; filename=mijn-gegevens-`+sc.Reference+`.json` &&
			cd != `attachment; filename="mijn-gegevens-`+sc.Reference+`.json"` {
			t.Fatalf("Content-Disposition %q", cd)
		}
		if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type %q", ct)
		}
		var x struct {
			Person struct{ Email string }
			Scan   struct{ Reference string }
		}
		if err := json.Unmarshal([]byte(p.Body), &x); err != nil || x.Scan.Reference != sc.Reference || x.Person.Email != sc.Candidate.Email {
			t.Fatalf("export: %v %+v", err, x)
		}
	})
}

// signedIn signs u in through the pages as Visitor.SignIn does, without
// asking what the page after it says: the admin's has yet to be written.
func signedIn(t *testing.T, e *webtest.Env, u webtest.User) *webtest.Visitor {
	t.Helper()
	v := e.Visitor(t)
	v.Get(t, "/inloggen")
	v.Post(t, "/inloggen", url.Values{"email": {u.Email}})
	link := e.Link(t, u.Email, "/aanmelden/")
	v.Get(t, link)
	v.Post(t, link, nil)
	if v.Cookie("session") == "" {
		t.Fatalf("%s not signed in", u.Email)
	}
	return v
}

// candidatePages are the candidate's pages of scan id, and a form for each POST.
func candidatePages(id string) (gets []string, posts map[string]url.Values) {
	b := "/scans/" + id
	gets = []string{b, b + "/toestemming", b + "/toestemming/weigeren", b + "/conceptadvies", b + "/terugtrekken",
		b + "/gegevens", b + "/mijn-gegevens"}
	posts = map[string]url.Values{
		b + "/toestemming":          {"toestemming": {"ja"}, "version": {"1"}},
		b + "/toestemming/weigeren": {"version": {"1"}},
		b + "/conceptadvies":        {"eens": {"ja"}, "version": {"1"}},
		b + "/terugtrekken":         {"version": {"1"}},
	}
	return gets, posts
}

func TestCandidatePagesHiddenFromOthers(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		_, sc, _ := candidateScan(t, e)
		other, _, _ := candidateScan(t, e) // another candidate of the same organisation
		visitors := map[string]*webtest.Visitor{"another candidate": other}
		for name, u := range map[string]webtest.User{"adviser": e.Adviser, "formateur": e.Formateur, "admin": e.Admin,
			"other org's adviser": e.Adviser2, "other org's formateur": e.Formateur2} {
			visitors[name] = signedIn(t, e, u)
		}
		gets, posts := candidatePages(sc.ID)
		for name, v := range visitors {
			for _, path := range gets {
				if path == "/scans/"+sc.ID && (name == "adviser" || name == "formateur") {
					continue // their own view of the scan, other helpers' pages
				}
				if p := v.Get(t, path); p.Status != http.StatusNotFound || strings.Contains(p.Body, sc.Reference) {
					t.Errorf("%s: GET %s gave %d", name, path, p.Status)
				}
			}
			for path, form := range posts {
				if p := v.Post(t, path, form); p.Status != http.StatusNotFound {
					t.Errorf("%s: POST %s gave %d", name, path, p.Status)
				}
			}
		}
		if now := scanOf(t, e, sc.ID); now.State != domain.StateIntake || now.Version != sc.Version {
			t.Fatalf("others changed the scan: %s v%d", now.State, now.Version)
		}
	})
}
