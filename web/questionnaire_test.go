package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// questionnaireCase is a scan in the questionnaire phase with its
// candidate signed in on a visitor.
type questionnaireCase struct {
	e    *webtest.Env
	v    *webtest.Visitor
	scan *domain.Scan
	cand domain.Actor
	base string // the questionnaire's address
}

func newQuestionnaireCase(t *testing.T, d storetest.Dialect) *questionnaireCase {
	t.Helper()
	e := webtest.New(t, d)
	return questionnaireCaseIn(t, e)
}

// questionnaireCaseIn starts a scan in e and signs its candidate in, with
// consent given through the service.
func questionnaireCaseIn(t *testing.T, e *webtest.Env) *questionnaireCase {
	t.Helper()
	sc, email := e.NewScan(t, e.Formateur, e.Adviser)
	v := e.Visitor(t)
	v.AcceptInvitation(t, email)
	ctx := context.Background()
	cand := v.Actor(t)
	if _, err := e.Service.Consent(ctx, cand, sc.ID, nil, workflow.ConsentInput{Given: true}); err != nil {
		t.Fatalf("consent: %v", err)
	}
	return &questionnaireCase{e: e, v: v, scan: sc, cand: cand, base: "/scans/" + sc.ID + "/vragenlijst"}
}

// stored returns the answers and version as the service holds them.
func (qc *questionnaireCase) stored(t *testing.T) *workflow.QuestionnaireView {
	t.Helper()
	q, err := qc.e.Service.Questionnaire(context.Background(), qc.cand, qc.scan.ID)
	if err != nil {
		t.Fatalf("questionnaire: %v", err)
	}
	return q
}

func (qc *questionnaireCase) save(t *testing.T, a domain.Answers) {
	t.Helper()
	if _, err := qc.e.Service.SaveAnswers(context.Background(), qc.cand, qc.scan.ID, nil, a); err != nil {
		t.Fatalf("save answers: %v", err)
	}
}

// post sends a section's form as the page would, with the stored version.
func (qc *questionnaireCase) post(t *testing.T, section string, form url.Values) *webtest.Page {
	t.Helper()
	if form.Get("version") == "" {
		form.Set("version", strconv.Itoa(qc.stored(t).Version))
	}
	return qc.v.Post(t, qc.base+"/"+section, form)
}

// completeAnswers answers every required question the template shows,
// the shortest way: no to every yes/no question.
func completeAnswers(t *testing.T, tmpl *domain.Template) domain.Answers {
	t.Helper()
	a := domain.Answers{}
	for round := 0; round < 10; round++ {
		missing := tmpl.Missing(a)
		if len(missing) == 0 {
			return a
		}
		for _, id := range missing {
			q, ok := tmpl.Question(id)
			if !ok {
				t.Fatalf("missing %s is no plain question", id)
			}
			switch q.Type {
			case domain.QuestionBoolean:
				a[id] = false
			case domain.QuestionChoice:
				a[id] = q.Options[0].Value
			case domain.QuestionMultiChoice:
				a[id] = []any{q.Options[len(q.Options)-1].Value}
			case domain.QuestionNumber:
				a[id] = 0.0
			case domain.QuestionDate:
				a[id] = "2026-04-01"
			default:
				a[id] = "Niets bijzonders."
			}
		}
		a = tmpl.Prune(a)
	}
	t.Fatalf("answers still incomplete: %v", tmpl.Missing(a))
	return nil
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestQuestionnaireOverviewShowsSectionStatus(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		p := qc.v.Get(t, qc.base)
		want(t, p, http.StatusOK, "<h1>Vragenlijst</h1>", "Opleiding, werkervaring en cv", "Nog niet begonnen",
			`href="`+qc.base+`/cv"`, `href="`+qc.base+`/controleren"`)
		if strings.Contains(p.Body, "Klaar") || strings.Contains(p.Body, "Bezig") {
			t.Fatalf("a fresh questionnaire shows progress:\n%s", p.Body)
		}

		qc.save(t, domain.Answers{"cv_opleiding": "Hbo bestuurskunde, 2004"})
		want(t, qc.v.Get(t, qc.base), http.StatusOK, "Bezig (nog 3 antwoorden nodig)")

		qc.save(t, domain.Answers{"cv_werkervaring": "Beleidsmedewerker", "cv_huidige_situatie": "loondienst", "cv_afwijkingen": false})
		p = qc.v.Get(t, qc.base)
		cv := regexp.MustCompile(`(?s)/cv".*?</li>`).FindString(p.Body)
		if !strings.Contains(cv, "Klaar") {
			t.Fatalf("complete section not shown as done: %q", cv)
		}
	})
}

func TestQuestionnaireSectionSavesAnswers(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		p := qc.v.Get(t, qc.base+"/cv")
		want(t, p, http.StatusOK, "<h1>Opleiding, werkervaring en cv</h1>", "Welke opleidingen heeft u gevolgd?",
			`<legend>Wat is uw huidige arbeidssituatie?</legend>`, `value="zelfstandig"`, "Opslaan en verder",
			`<title>Opleiding, werkervaring en cv`, `src="/static/questionnaire.js"`)

		p = qc.post(t, "cv", url.Values{"cv_opleiding": {"Mbo\r\nHbo"}, "cv_huidige_situatie": {"zelfstandig"},
			"cv_afwijkingen": {"false"}, "actie": {"verder"}})
		want(t, p, http.StatusOK, "<h1>Woonplaats en ingezetenschap</h1>")
		got := qc.stored(t).Answers
		if got["cv_opleiding"] != "Mbo\nHbo" || got["cv_huidige_situatie"] != "zelfstandig" || got["cv_afwijkingen"] != false {
			t.Fatalf("answers not saved: %v", got)
		}

		// A field emptied clears its answer; "Opslaan" stays on the page.
		p = qc.post(t, "cv", url.Values{"cv_opleiding": {""}, "cv_huidige_situatie": {"zelfstandig"}, "actie": {"opslaan"}})
		want(t, p, http.StatusOK, "<h1>Opleiding, werkervaring en cv</h1>", "Opgeslagen.")
		got = qc.stored(t).Answers
		if _, ok := got["cv_opleiding"]; ok {
			t.Fatalf("emptied answer kept: %v", got)
		}
		if _, ok := got["cv_afwijkingen"]; ok {
			t.Fatalf("unchosen radio kept its answer: %v", got)
		}

		want(t, qc.v.Get(t, qc.base+"/bestaat-niet"), http.StatusNotFound)
	})
}

func TestQuestionnaireConditionalQuestion(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		hidden := `id="f-cv-afwijkingen-toelichting-blok" data-conditional hidden`
		p := qc.v.Get(t, qc.base+"/cv")
		want(t, p, http.StatusOK, hidden)
		if !regexp.MustCompile(`<textarea id="f-cv-afwijkingen-toelichting"[^>]* disabled`).MatchString(p.Body) {
			t.Fatal("the hidden question's field is not disabled")
		}

		p = qc.post(t, "cv", url.Values{"cv_afwijkingen": {"true"}, "actie": {"opslaan"}})
		want(t, p, http.StatusOK, `id="f-cv-afwijkingen-toelichting-blok" data-conditional>`)

		qc.post(t, "cv", url.Values{"cv_afwijkingen": {"true"}, "cv_afwijkingen_toelichting": {"Mijn titel is drs."}, "actie": {"opslaan"}})
		if got := qc.stored(t).Answers["cv_afwijkingen_toelichting"]; got != "Mijn titel is drs." {
			t.Fatalf("follow-up not saved: %v", got)
		}

		// Hidden again: the answer is dropped, the question hidden.
		p = qc.post(t, "cv", url.Values{"cv_afwijkingen": {"false"}, "actie": {"opslaan"}})
		want(t, p, http.StatusOK, hidden)
		if _, ok := qc.stored(t).Answers["cv_afwijkingen_toelichting"]; ok {
			t.Fatal("answer to a hidden question kept")
		}
	})
}

func TestQuestionnaireGroupAddRemoveWithoutScript(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		qc.save(t, domain.Answers{"nevenfuncties_heeft": true})
		p := qc.v.Get(t, qc.base+"/nevenfuncties")
		want(t, p, http.StatusOK, `value="voeg-toe:nevenfuncties_lijst"`, "Voeg een onderdeel toe")

		p = qc.post(t, "nevenfuncties", url.Values{"nevenfuncties_heeft": {"true"}, "actie": {"voeg-toe:nevenfuncties_lijst"}})
		want(t, p, http.StatusOK, "<legend>Onderdeel 1</legend>", `name="nevenfuncties_lijst[0].organisatie"`, "Verwijder onderdeel 1")
		entries, _ := qc.stored(t).Answers["nevenfuncties_lijst"].([]any)
		if len(entries) != 1 {
			t.Fatalf("entries after add: %v", entries)
		}
		first := entries[0].(map[string]any)[domain.EntryIDKey].(string)

		// Typing in the first entry and adding a second keeps what was typed.
		p = qc.post(t, "nevenfuncties", url.Values{"nevenfuncties_heeft": {"true"},
			"nevenfuncties_lijst[0]._id": {first}, "nevenfuncties_lijst[0].organisatie": {"Voetbalclub"},
			"nevenfuncties_lijst[0].uren_per_maand": {"4,5"},
			"actie":                                 {"voeg-toe:nevenfuncties_lijst"}})
		want(t, p, http.StatusOK, "<legend>Onderdeel 2</legend>", `value="Voetbalclub"`,
			`id="f-nevenfuncties-lijst-0-voortzetten-blok" data-conditional hidden`)
		entries, _ = qc.stored(t).Answers["nevenfuncties_lijst"].([]any)
		if len(entries) != 2 || entries[0].(map[string]any)["uren_per_maand"] != 4.5 {
			t.Fatalf("entries after second add: %v", entries)
		}
		second := entries[1].(map[string]any)[domain.EntryIDKey].(string)

		// A field's follow-up within an entry shows as that entry's answer asks.
		p = qc.post(t, "nevenfuncties", url.Values{"nevenfuncties_heeft": {"true"},
			"nevenfuncties_lijst[0]._id": {first}, "nevenfuncties_lijst[0].organisatie": {"Voetbalclub"},
			"nevenfuncties_lijst[0].status": {"huidig"}, "nevenfuncties_lijst[1]._id": {second},
			"actie": {"opslaan"}})
		want(t, p, http.StatusOK, `id="f-nevenfuncties-lijst-0-voortzetten-blok" data-conditional>`,
			`id="f-nevenfuncties-lijst-1-voortzetten-blok" data-conditional hidden`)

		p = qc.post(t, "nevenfuncties", url.Values{"nevenfuncties_heeft": {"true"},
			"nevenfuncties_lijst[0]._id": {first}, "nevenfuncties_lijst[0].organisatie": {"Voetbalclub"},
			"nevenfuncties_lijst[1]._id": {second}, "nevenfuncties_lijst[1].organisatie": {"Woningcorporatie"},
			"actie": {"verwijder:nevenfuncties_lijst:0"}})
		want(t, p, http.StatusOK, "Het onderdeel is verwijderd.", `value="Woningcorporatie"`)
		entries, _ = qc.stored(t).Answers["nevenfuncties_lijst"].([]any)
		if len(entries) != 1 || entries[0].(map[string]any)[domain.EntryIDKey] != second {
			t.Fatalf("entries after remove: %v", entries)
		}
		if strings.Contains(p.Body, "Voetbalclub") {
			t.Fatal("removed entry still shown")
		}
	})
}

func TestQuestionnaireBadInputShowsErrorsAndSavesNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		qc.save(t, domain.Answers{"financiele_situatie_aflossen": true})
		before := qc.stored(t)

		p := qc.post(t, "financiele_situatie", url.Values{"financiele_situatie_schulden_totaal": {"heel veel"},
			"financiele_situatie_aflossen": {"false"}, "actie": {"opslaan"}})
		want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", `href="#f-financiele-situatie-schulden-totaal"`,
			"Het antwoord moet een getal zijn.", `value="heel veel"`, "<title>Fout: ")
		after := qc.stored(t)
		if after.Version != before.Version || after.Answers["financiele_situatie_aflossen"] != true {
			t.Fatalf("a refused form changed the answers: %v", after.Answers)
		}

		long := strings.Repeat("a", 4001)
		p = qc.post(t, "cv", url.Values{"cv_opleiding": {long}, "cv_werkervaring": {"Docent"}, "actie": {"opslaan"}})
		want(t, p, http.StatusUnprocessableEntity, `href="#f-cv-opleiding"`, "te lang", "Docent")
		if _, ok := qc.stored(t).Answers["cv_werkervaring"]; ok {
			t.Fatal("a refused form saved part of its answers")
		}
	})
}

func TestQuestionnaireConflictKeepsTypedAnswers(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		old := strconv.Itoa(qc.stored(t).Version)

		// Two tabs opened at the same version; the first saves.
		p := qc.v.Post(t, qc.base+"/cv", url.Values{"version": {old}, "cv_opleiding": {"Uit het eerste venster"}, "actie": {"opslaan"}})
		want(t, p, http.StatusOK, "Opgeslagen.")
		p = qc.v.Post(t, qc.base+"/cv", url.Values{"version": {old}, "cv_opleiding": {"Uit het tweede venster"}, "actie": {"opslaan"}})
		want(t, p, http.StatusConflict, "Uw antwoorden zijn nog niet opgeslagen", "ander venster", "Uit het tweede venster",
			"Toch opslaan", `href="`+qc.base+`/cv"`)
		want(t, p, http.StatusConflict, "Elders opgeslagen: Uit het eerste venster")
		if got := qc.stored(t).Answers["cv_opleiding"]; got != "Uit het eerste venster" {
			t.Fatalf("the losing save overwrote: %v", got)
		}
		m := versionRe.FindStringSubmatch(p.Body)
		if m == nil || m[1] == old {
			t.Fatalf("conflict page carries no new version: %v", m)
		}

		// Saving anyway, with the version the conflict page gave.
		p = qc.v.Post(t, qc.base+"/cv", url.Values{"version": {m[1]}, "cv_opleiding": {"Uit het tweede venster"}, "actie": {"opslaan"}})
		want(t, p, http.StatusOK, "Opgeslagen.")
		if got := qc.stored(t).Answers["cv_opleiding"]; got != "Uit het tweede venster" {
			t.Fatalf("save anyway did not save: %v", got)
		}
	})
}

func TestQuestionnaireAutosaveAnswersJSON(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		v := strconv.Itoa(qc.stored(t).Version)
		headers := map[string]string{"Accept": "application/json", "X-CSRF-Token": qc.v.Cookie("csrf")}
		p := qc.v.PostRaw(t, qc.base+"/cv", url.Values{"version": {v}, "cv_afwijkingen": {"true"}}, headers)
		if p.Status != http.StatusOK {
			t.Fatalf("autosave: %d %s", p.Status, p.Body)
		}
		var r struct {
			Version int
			Visible []string
			Status  string
		}
		if err := json.Unmarshal([]byte(p.Body), &r); err != nil {
			t.Fatal(err)
		}
		if r.Version != qc.stored(t).Version || !strings.HasPrefix(r.Status, "Opgeslagen om ") {
			t.Fatalf("autosave reply: %+v", r)
		}
		shown := strings.Join(r.Visible, " ")
		if !strings.Contains(shown, "f-cv-afwijkingen-toelichting-blok") {
			t.Fatalf("the follow-up is not in the visible list: %v", r.Visible)
		}

		// The old version again: a conflict with a Dutch message.
		p = qc.v.PostRaw(t, qc.base+"/cv", url.Values{"version": {v}, "cv_opleiding": {"x"}}, headers)
		if p.Status != http.StatusConflict || !strings.Contains(p.Body, "niet opgeslagen") {
			t.Fatalf("stale autosave: %d %s", p.Status, p.Body)
		}
		// Without the token, refused.
		p = qc.v.PostRaw(t, qc.base+"/cv", url.Values{"version": {strconv.Itoa(r.Version)}}, map[string]string{"Accept": "application/json"})
		if p.Status != http.StatusForbidden {
			t.Fatalf("autosave without token: %d", p.Status)
		}
	})
}

func TestQuestionnaireCheckAndSubmit(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		qc.save(t, domain.Answers{"cv_opleiding": "Hbo", "cv_afwijkingen": false, "vog_aangevraagd": true, "vog_aanvraagdatum": "2026-02-20"})
		p := qc.v.Get(t, qc.base+"/controleren")
		want(t, p, http.StatusOK, "<h1>Controleer uw antwoorden</h1>", "Nog niet beantwoord", "Welke opleidingen heeft u gevolgd?",
			"Hbo", "Nee", "20 februari 2026", `href="`+qc.base+`/cv#f-cv-werkervaring"`, "Vragenlijst indienen")

		p = qc.v.Post(t, qc.base+"/indienen", url.Values{"version": {strconv.Itoa(qc.stored(t).Version)}})
		want(t, p, http.StatusUnprocessableEntity, "Er is een probleem", "verplichte vragen", `href="#ontbreekt-f-cv-werkervaring"`,
			`id="ontbreekt-f-cv-werkervaring"`)
		if qc.stored(t).SubmittedAt != nil {
			t.Fatal("incomplete questionnaire submitted")
		}

		qc.save(t, completeAnswers(t, qc.stored(t).Template))
		p = qc.v.Get(t, qc.base+"/controleren")
		if strings.Contains(p.Body, "Nog niet beantwoord") {
			t.Fatalf("complete answers still listed as missing:\n%s", p.Body)
		}
		p = qc.v.Post(t, qc.base+"/indienen", url.Values{"version": {strconv.Itoa(qc.stored(t).Version)}})
		want(t, p, http.StatusOK, "U hebt de vragenlijst ingediend.")
		if p.URL.Path != "/scans/"+qc.scan.ID {
			t.Fatalf("after submit at %s", p.URL.Path)
		}
		if qc.stored(t).SubmittedAt == nil {
			t.Fatal("not submitted")
		}

		// Afterwards the section reads, and a save is refused by the service.
		p = qc.v.Get(t, qc.base+"/cv")
		want(t, p, http.StatusOK, "U hebt de vragenlijst ingediend op", "Niets bijzonders.")
		if strings.Contains(p.Body, "Opslaan en verder") {
			t.Fatal("a submitted section still offers saving")
		}
		p = qc.post(t, "cv", url.Values{"cv_opleiding": {"Later"}, "actie": {"opslaan"}})
		if p.Status < 400 || qc.stored(t).Answers["cv_opleiding"] != "Niets bijzonders." {
			t.Fatalf("save after submit: %d, %v", p.Status, qc.stored(t).Answers["cv_opleiding"])
		}
	})
}

func TestQuestionnaireClarificationOpensOnlyItsQuestions(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		ctx := context.Background()
		qc.save(t, completeAnswers(t, qc.stored(t).Template))
		if _, err := qc.e.Service.SubmitQuestionnaire(ctx, qc.cand, qc.scan.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := qc.e.Service.RequestClarification(ctx, qc.e.Actor(t, qc.e.Adviser), qc.scan.ID, nil,
			workflow.ClarificationInput{Questions: []string{"cv_afwijkingen"}, Note: "Op LinkedIn staat een andere titel."}); err != nil {
			t.Fatal(err)
		}
		want(t, qc.v.Get(t, qc.base), http.StatusOK, "Op LinkedIn staat een andere titel.", `href="/scans/`+qc.scan.ID+`/toelichting/1"`)

		page := "/scans/" + qc.scan.ID + "/toelichting/1"
		p := qc.v.Get(t, page)
		want(t, p, http.StatusOK, "<h1>Vraag om toelichting</h1>", "Op LinkedIn staat een andere titel.",
			`name="cv_afwijkingen"`, `name="cv_afwijkingen_toelichting"`)
		if strings.Contains(p.Body, `name="cv_opleiding"`) {
			t.Fatal("a question not asked about is open")
		}
		version := versionRe.FindStringSubmatch(p.Body)[1]

		// The script learns which questions the typed answers show; nothing is saved.
		p = qc.v.PostRaw(t, page, url.Values{"version": {version}, "cv_afwijkingen": {"true"}, "actie": {"bekijk"}},
			map[string]string{"Accept": "application/json", "X-CSRF-Token": qc.v.Cookie("csrf")})
		if p.Status != http.StatusOK || !strings.Contains(p.Body, "f-cv-afwijkingen-toelichting-blok") {
			t.Fatalf("preview of the clarification: %d %s", p.Status, p.Body)
		}
		if q := qc.stored(t); q.Answers["cv_afwijkingen"] != false || !q.Clarifications[0].Open() {
			t.Fatal("the preview saved")
		}

		// Yes without the follow-up: the follow-up shows, with its error.
		p = qc.v.Post(t, page, url.Values{"version": {version}, "cv_afwijkingen": {"true"}, "actie": {"verstuur"}})
		want(t, p, http.StatusUnprocessableEntity, `href="#f-cv-afwijkingen-toelichting"`, `id="f-cv-afwijkingen-toelichting-blok" data-conditional>`)

		p = qc.v.Post(t, page, url.Values{"version": {version}, "cv_afwijkingen": {"true"},
			"cv_afwijkingen_toelichting": {"Ik ben geen drs.; dat is verbeterd."}, "actie": {"verstuur"}})
		want(t, p, http.StatusOK, "Uw nieuwe antwoorden zijn naar de integriteitsadviseur gestuurd.")
		q := qc.stored(t)
		if q.Answers["cv_afwijkingen"] != true || q.Clarifications[0].Open() {
			t.Fatalf("clarification not answered: %v %v", q.Answers["cv_afwijkingen"], q.Clarifications[0])
		}
		want(t, qc.v.Get(t, page), http.StatusOK, "U hebt op dit verzoek al geantwoord")
		want(t, qc.v.Get(t, "/scans/"+qc.scan.ID+"/toelichting/9"), http.StatusNotFound)
	})
}

func TestQuestionnairePagesOnlyForTheirCandidate(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		qc := newQuestionnaireCase(t, d)
		other := questionnaireCaseIn(t, qc.e)
		paths := []string{qc.base, qc.base + "/cv", qc.base + "/controleren", "/scans/" + qc.scan.ID + "/toelichting/1"}
		for _, path := range paths {
			want(t, other.v.Get(t, path), http.StatusNotFound)
		}
		p := other.v.Post(t, qc.base+"/cv", url.Values{"version": {"1"}, "cv_opleiding": {"ingebroken"}})
		want(t, p, http.StatusNotFound)
		p = other.v.Post(t, qc.base+"/indienen", url.Values{"version": {"1"}})
		want(t, p, http.StatusNotFound)

		for _, u := range []webtest.User{qc.e.Formateur, qc.e.Adviser, qc.e.Formateur2, qc.e.Adviser2, qc.e.Admin} {
			staff := qc.e.Visitor(t)
			// By hand rather than SignIn: the admin's start page is not this test's.
			staff.Get(t, "/inloggen")
			staff.Post(t, "/inloggen", url.Values{"email": {u.Email}})
			link := qc.e.Link(t, u.Email, "/aanmelden/")
			staff.Get(t, link)
			staff.Post(t, link, nil)
			if staff.Cookie("session") == "" {
				t.Fatalf("%s not signed in", u.Email)
			}
			for _, path := range paths {
				want(t, staff.Get(t, path), http.StatusNotFound)
			}
			want(t, staff.Post(t, qc.base+"/cv", url.Values{"version": {"1"}, "cv_opleiding": {"ingebroken"}}), http.StatusNotFound)
		}
		if _, ok := qc.stored(t).Answers["cv_opleiding"]; ok {
			t.Fatal("someone else changed the answers")
		}
	})
}
