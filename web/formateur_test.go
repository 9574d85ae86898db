package web_test

import (
	"context"
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

// Markers put into every part of a scan's content; none may reach a page
// of the formateur.
var formateurMarkers = []string{"GEHEIM-ANTWOORD", "GEHEIM-GESPREK", "GEHEIM-VOG-7731", "GEHEIM-BRON", "GEHEIM-ADVIES",
	"GEHEIM-BEVINDING", "GEHEIM-REACTIE"}

// formateurCandidate returns the candidate's actor of the scan whose
// invitation went to email, accepting it.
func formateurCandidate(t *testing.T, e *webtest.Env, email string) domain.Actor {
	t.Helper()
	v := e.Visitor(t)
	v.AcceptInvitation(t, email)
	return v.Actor(t)
}

// formateurDeliver drives the scan through the service to delivery, with
// the markers in its answers, research, interview, VOG, advice and the
// candidate's response.
func formateurDeliver(t *testing.T, e *webtest.Env, sc *domain.Scan, email string) *domain.Scan {
	t.Helper()
	ctx := context.Background()
	cand, adv := formateurCandidate(t, e, email), e.Actor(t, e.Adviser)
	today := domain.DateOf(webtest.T0)
	steps := []struct {
		name string
		do   func() (*domain.Scan, error)
	}{
		{"consent", func() (*domain.Scan, error) {
			return e.Service.Consent(ctx, cand, sc.ID, nil, workflow.ConsentInput{Given: true})
		}},
		{"answers", func() (*domain.Scan, error) {
			return e.Service.SaveAnswers(ctx, cand, sc.ID, nil, domaintest.CompleteAnswers(e.Template, "GEHEIM-ANTWOORD"))
		}},
		{"submit", func() (*domain.Scan, error) { return e.Service.SubmitQuestionnaire(ctx, cand, sc.ID, nil) }},
		{"research", func() (*domain.Scan, error) {
			return e.Service.RecordResearch(ctx, adv, sc.ID, nil, []domain.ResearchSource{
				{Source: domain.SourceKadaster, CheckedOn: today, Note: "GEHEIM-BRON kadaster"}})
		}},
		{"interview", func() (*domain.Scan, error) {
			return e.Service.RecordInterview(ctx, adv, sc.ID, nil, domain.Interview{HeldOn: today, Summary: "GEHEIM-GESPREK over nevenfuncties", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
		}},
		{"vog", func() (*domain.Scan, error) {
			return e.Service.RecordVOG(ctx, adv, sc.ID, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: today.AddDate(0, 0, -10),
				Profile: domain.VOGProfilePolitiek, Reference: "GEHEIM-VOG-7731"})
		}},
		{"advice", func() (*domain.Scan, error) {
			return e.Service.SaveAdvice(ctx, adv, sc.ID, nil, workflow.AdviceInput{Conclusion: domain.ConclusionAttention,
				Summary: "GEHEIM-ADVIES samenvatting", Findings: []domain.Finding{{Domain: domain.DomainFunctional,
					Title: "GEHEIM-BEVINDING sportvereniging", Description: "Huurt een sporthal.", Class: domain.ClassAttention}}})
		}},
		{"submit advice", func() (*domain.Scan, error) { return e.Service.SubmitAdvice(ctx, adv, sc.ID, nil) }},
		{"respond", func() (*domain.Scan, error) {
			return e.Service.Respond(ctx, cand, sc.ID, nil, workflow.ResponseInput{Agrees: true, Comment: "GEHEIM-REACTIE akkoord"})
		}},
		{"sign off", func() (*domain.Scan, error) { return e.Service.SignOff(ctx, adv, sc.ID, nil) }},
	}
	for _, s := range steps {
		var err error
		if sc, err = s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	if sc.State != domain.StateDelivered {
		t.Fatalf("scan in %s, want delivered", sc.State)
	}
	return sc
}

// formateurScanNow reads the scan back through the service.
func formateurScanNow(t *testing.T, e *webtest.Env, id string) *domain.Scan {
	t.Helper()
	sc, err := e.Service.Scan(context.Background(), e.Actor(t, e.Formateur), id)
	if err != nil {
		t.Fatalf("read scan: %v", err)
	}
	return sc
}

// listScans returns the first page of the actor's scans.
func listScans(e *webtest.Env, a domain.Actor) ([]domain.Scan, error) {
	p, err := e.Service.ListScans(context.Background(), a, workflow.ListInput{Limit: domain.MaxPageSize})
	return p.Scans, err
}

func mailsTo(e *webtest.Env, to string) int {
	n := 0
	for _, m := range e.Mail.All() {
		if strings.EqualFold(m.To, to) {
			n++
		}
	}
	return n
}

func TestFormateurStartsScanThroughPage(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		want(t, v.Get(t, "/scans/nieuw"), http.StatusOK, "<h1>Nieuwe scan</h1>", `for="f-naam"`, `for="f-ambt-wethouder"`,
			`<legend>Geplande datum van benoeming</legend>`, `name="csrf"`)

		good := url.Values{"naam": {"Eva Smit"}, "email": {"eva@example.nl"}, "ambt": {"wethouder"},
			"adviseur": {e.Adviser.Email}, "dag": {"4"}, "maand": {"5"}, "jaar": {"2026"}}
		with := func(k, val string) url.Values {
			f := url.Values{}
			for key, vs := range good {
				f[key] = vs
			}
			f.Set(k, val)
			return f
		}
		bad := []struct {
			name  string
			form  url.Values
			field string
		}{
			{"no e-mail", with("email", ""), "f-email"},
			{"no name", with("naam", "  "), "f-naam"},
			{"no office", with("ambt", ""), "f-ambt-wethouder"},
			{"office of another kind of body", with("ambt", "gedeputeerde"), "f-ambt-wethouder"},
			{"unknown adviser", with("adviseur", "niemand@example.nl"), "f-adviseur"},
			{"adviser of another organisation", with("adviseur", e.Adviser2.Email), "f-adviseur"},
			{"no such day", with("dag", "31"), "f-datum-dag"}, // 31 May exists; 31 June does not
			{"past date", with("jaar", "2025"), "f-datum-dag"},
			{"no date", with("maand", ""), "f-datum-dag"},
		}
		bad[6].form.Set("maand", "6")
		for _, b := range bad {
			p := v.Post(t, "/scans/nieuw", b.form)
			want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", `href="#`+b.field+`"`, `id="`+b.field+`"`,
				"<title>Fout: Nieuwe scan")
			if b.name != "no name" && !strings.Contains(p.Body, `value="Eva Smit"`) {
				t.Fatalf("%s: the typed name is gone\n%s", b.name, p.Body)
			}
		}
		if scans, err := listScans(e, e.Actor(t, e.Formateur)); err != nil || len(scans) != 0 {
			t.Fatalf("bad forms made scans: %v %v", len(scans), err)
		}
		if n := mailsTo(e, "eva@example.nl"); n != 0 {
			t.Fatalf("bad forms sent %d mails to the candidate", n)
		}

		p := v.Post(t, "/scans/nieuw", good)
		want(t, p, http.StatusOK, "De scan is gestart", "Eva Smit", "4 mei 2026", "intake", e.Adviser.Name)
		scans, err := listScans(e, e.Actor(t, e.Formateur))
		if err != nil || len(scans) != 1 {
			t.Fatalf("scans after the form: %d %v", len(scans), err)
		}
		sc := scans[0]
		if sc.Candidate.Email != "eva@example.nl" || sc.Office != domain.OfficeWethouder ||
			sc.PlannedAppointmentDate != domain.NewDate(2026, 5, 4) || sc.Adviser.ID != e.Adviser.ID {
			t.Fatalf("scan not as typed: %+v", sc)
		}
		if p.URL.Path != "/scans/"+sc.ID || !strings.Contains(p.Body, sc.Reference) {
			t.Fatalf("landed on %s, not the scan page of %s", p.URL.Path, sc.Reference)
		}
		e.Link(t, "eva@example.nl", "/invitations/") // fails without the invitation
	})
}

func TestFormateurPagesHoldNoCaseContent(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)

		// Before delivery there is no document, and no link to it.
		p := v.Get(t, "/scans/"+sc.ID)
		want(t, p, http.StatusOK, "Scan "+sc.Reference, "intake", "2 mei 2026" /* T0 + 2 months */, "Scan stopzetten")
		if strings.Contains(p.Body, "advies.pdf") || strings.Contains(p.Body, "/uitkomst") {
			t.Fatalf("the page offers the advice or the outcome before delivery\n%s", p.Body)
		}
		want(t, v.Get(t, "/scans/"+sc.ID+"/advies.pdf"), http.StatusConflict, "Het adviesdocument is er pas na ondertekening")
		want(t, v.Get(t, "/scans/"+sc.ID+"/uitkomst"), http.StatusConflict)

		sc = formateurDeliver(t, e, sc, email)
		// What the service hands the formateur's page holds the content:
		// only the page keeps it out.
		if held := formateurScanNow(t, e, sc.ID); held.Interview == nil || !strings.Contains(held.Interview.Summary, "GEHEIM-GESPREK") {
			t.Fatal("the setup put no content into the scan")
		}
		pages := []string{"/scans", "/scans/" + sc.ID, "/scans/" + sc.ID + "/uitkomst"}
		for _, path := range pages {
			p := v.Get(t, path)
			want(t, p, http.StatusOK, sc.Reference)
			for _, m := range formateurMarkers {
				if strings.Contains(p.Body, m) {
					t.Fatalf("%s shows case content %q\n%s", path, m, p.Body)
				}
			}
		}
		p = v.Get(t, "/scans/"+sc.ID)
		want(t, p, http.StatusOK, "opgeleverd", `href="/scans/`+sc.ID+`/advies.pdf"`, `href="/scans/`+sc.ID+`/uitkomst"`)
		if strings.Contains(p.Body, "stopzetten") {
			t.Fatalf("a delivered scan offers cancelling\n%s", p.Body)
		}

		doc := v.Get(t, "/scans/"+sc.ID+"/advies.pdf")
		if doc.Status != http.StatusOK || doc.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(doc.Body, "%PDF") {
			t.Fatalf("advice document: %d %s %.20q", doc.Status, doc.Header.Get("Content-Type"), doc.Body)
		}
		if cd := doc.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "advies-"+sc.Reference+".pdf") {
			t.Fatalf("Content-Disposition %q", cd)
		}

		// The outcome: no choice changes nothing; a choice closes the scan.
		form := url.Values{"version": {strconv.Itoa(sc.Version)}}
		want(t, v.Post(t, "/scans/"+sc.ID+"/uitkomst", form), http.StatusUnprocessableEntity,
			"Kies of de kandidaat is benoemd.", `href="#f-uitkomst-benoemd"`)
		form.Set("uitkomst", "iets-anders")
		want(t, v.Post(t, "/scans/"+sc.ID+"/uitkomst", form), http.StatusUnprocessableEntity, "Kies of de kandidaat is benoemd.")
		if now := formateurScanNow(t, e, sc.ID); now.State != domain.StateDelivered || now.Outcome != "" {
			t.Fatalf("bad outcome forms changed the scan: %s %q", now.State, now.Outcome)
		}
		form.Set("uitkomst", string(domain.OutcomeAppointed))
		want(t, v.Post(t, "/scans/"+sc.ID+"/uitkomst", form), http.StatusOK, "De uitkomst is vastgelegd", "afgesloten",
			"De kandidaat is benoemd")
		if now := formateurScanNow(t, e, sc.ID); now.State != domain.StateClosed || now.Outcome != domain.OutcomeAppointed {
			t.Fatalf("after the outcome: %s %q", now.State, now.Outcome)
		}
		// The same form again is stale, and a closed scan still gives its document.
		want(t, v.Post(t, "/scans/"+sc.ID+"/uitkomst", form), http.StatusConflict)
		if doc := v.Get(t, "/scans/"+sc.ID+"/advies.pdf"); doc.Status != http.StatusOK {
			t.Fatalf("document of a closed scan: %d", doc.Status)
		}
	})
}

func TestFormateurCancelNeedsReason(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, _ := e.NewScan(t, e.Formateur, e.Adviser)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		want(t, v.Get(t, "/scans/"+sc.ID+"/stopzetten"), http.StatusOK, "<h1>Scan stopzetten</h1>", `for="f-reden"`,
			`name="version" value="1"`, "niet terugdraaien")

		form := url.Values{"version": {"1"}, "reden": {"   "}}
		want(t, v.Post(t, "/scans/"+sc.ID+"/stopzetten", form), http.StatusUnprocessableEntity, "Geef een reden op.", `href="#f-reden"`)
		if now := formateurScanNow(t, e, sc.ID); now.State != domain.StateIntake {
			t.Fatalf("cancelled without a reason: %s", now.State)
		}
		// A form without the version is refused, not written over the scan.
		want(t, v.Post(t, "/scans/"+sc.ID+"/stopzetten", url.Values{"reden": {"De coalitie gaat niet door."}}), http.StatusBadRequest)

		form.Set("reden", "De coalitie gaat niet door.")
		want(t, v.Post(t, "/scans/"+sc.ID+"/stopzetten", form), http.StatusOK, "De scan is stopgezet.", "geannuleerd")
		now := formateurScanNow(t, e, sc.ID)
		if now.State != domain.StateCancelled || now.EndReason != "De coalitie gaat niet door." {
			t.Fatalf("after cancelling: %s %q", now.State, now.EndReason)
		}
		want(t, v.Get(t, "/scans/"+sc.ID+"/stopzetten"), http.StatusConflict)
	})
}

func TestFormateurAssignsSecondAdviser(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		if _, _, err := e.Service.AddUser(context.Background(), webtest.OrgA, domain.RoleAdviser, "Sanne Tweede", "tweede@integriteit.nl"); err != nil {
			t.Fatal(err)
		}
		sc, _ := e.NewScan(t, e.Formateur, e.Adviser)
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		want(t, v.Get(t, "/scans/"+sc.ID), http.StatusOK, `action="/scans/`+sc.ID+`/tweede-adviseur"`, `for="f-tweede-adviseur"`)

		path := "/scans/" + sc.ID + "/tweede-adviseur"
		for _, email := range []string{"", "niemand@example.nl", e.Adviser.Email, e.Adviser2.Email} {
			p := v.Post(t, path, url.Values{"version": {"1"}, "email": {email}})
			want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", `href="#f-tweede-adviseur"`, `value="`+email+`"`)
		}
		if now := formateurScanNow(t, e, sc.ID); now.SecondAdviser != nil || now.Version != 1 {
			t.Fatalf("bad forms assigned %+v", now.SecondAdviser)
		}
		want(t, v.Post(t, path, url.Values{"version": {"1"}, "email": {"tweede@integriteit.nl"}}), http.StatusOK,
			"De tweede integriteitsadviseur is aangewezen.", "Sanne Tweede")
		if now := formateurScanNow(t, e, sc.ID); now.SecondAdviser == nil || now.SecondAdviser.Email != "tweede@integriteit.nl" {
			t.Fatalf("second adviser not assigned: %+v", now.SecondAdviser)
		}
		// The same form again, from the version before, is stale.
		want(t, v.Post(t, path, url.Values{"version": {"1"}, "email": {"tweede@integriteit.nl"}}), http.StatusConflict)
	})
}

func TestFormateurPagesClosedToOthers(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		other := e.Visitor(t)
		other.SignIn(t, e.Formateur2)
		adviser := e.Visitor(t)
		adviser.SignIn(t, e.Adviser)
		admin := e.Visitor(t)
		admin.SignIn(t, e.Admin)
		candidate := e.Visitor(t)
		candidate.AcceptInvitation(t, email)

		base := "/scans/" + sc.ID
		// The documents are every participant's route (TestDocumentDownloadsPerRole).
		gets := []string{base + "/uitkomst", base + "/stopzetten", "/scans/nieuw"}
		posts := map[string]url.Values{
			base + "/tweede-adviseur": {"version": {"1"}, "email": {e.Adviser2.Email}},
			base + "/uitkomst":        {"version": {"1"}, "uitkomst": {"benoemd"}},
			base + "/stopzetten":      {"version": {"1"}, "reden": {"Zomaar."}},
			base + "/portefeuille":    {"version": {"1"}, "portefeuille": {"Zomaar."}},
			base + "/benoemingsdatum": {"version": {"1"}, "dag": {"1"}, "maand": {"6"}, "jaar": {"2026"}, "reden": {"Zomaar."}},
			"/scans/nieuw": {"naam": {"Piet"}, "email": {"piet@example.nl"}, "ambt": {"wethouder"},
				"adviseur": {e.Adviser2.Email}, "dag": {"4"}, "maand": {"5"}, "jaar": {"2026"}},
		}
		visitors := []struct {
			name string
			v    *webtest.Visitor
		}{{"adviser", adviser}, {"admin", admin}, {"candidate", candidate}, {"formateur of another organisation", other}}
		for _, vv := range visitors {
			name, v := vv.name, vv.v
			if v == other { // starting a scan is every formateur's page; the last row
				delete(posts, "/scans/nieuw")
				gets = gets[:len(gets)-1]
			}
			for _, path := range gets {
				if p := v.Get(t, path); p.Status != http.StatusNotFound {
					t.Fatalf("%s: GET %s: %d, want 404", name, path, p.Status)
				}
			}
			for path, form := range posts {
				if p := v.Post(t, path, form); p.Status != http.StatusNotFound {
					t.Fatalf("%s: POST %s: %d, want 404", name, path, p.Status)
				}
			}
		}
		if p := other.Get(t, base); p.Status != http.StatusNotFound {
			t.Fatalf("formateur of another organisation: GET %s: %d", base, p.Status)
		}
		now := formateurScanNow(t, e, sc.ID)
		if now.Version != 1 || now.State != domain.StateIntake {
			t.Fatalf("others changed the scan: version %d, %s", now.Version, now.State)
		}
		if scans, _ := listScans(e, e.Actor(t, e.Formateur2)); len(scans) != 0 {
			t.Fatalf("a formateur of another organisation started a scan through the page")
		}
	})
}
