package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"basisscan/domain"
	"basisscan/web/browsertest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// TestQuestionnairePagesInBrowser visits every questionnaire page in a real
// browser: autosave, a question shown and hidden without a reload, the
// conflict of two windows, the whole walk, the read-only section after
// submission and a clarification.
func TestQuestionnairePagesInBrowser(t *testing.T) {
	t.Parallel()
	w := newWalk(t, storetest.SQLite)
	e := w.env
	ctx := context.Background()
	sc, email := e.NewScan(t, e.Formateur, e.Adviser)
	w.candidateEmail, w.scanID, w.reference = email, sc.ID, sc.Reference
	w.acceptInvitation(t)
	cand, err := e.Service.SessionActor(ctx, questSessionSecret(t, w.candidate))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.Consent(ctx, cand, sc.ID, nil, workflow.ConsentInput{Given: true}); err != nil {
		t.Fatal(err)
	}
	answers := func() domain.Answers {
		t.Helper()
		q, err := e.Service.Questionnaire(ctx, cand, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		return q.Answers
	}
	tab := w.candidate
	section := func(id string) string { return w.url("/scans/" + sc.ID + "/vragenlijst/" + id) }

	// Autosave: typing is saved without a button, and is there after a reload.
	tab.Visit(section("dilemmas"))
	tab.Type("#f-dilemmas-casus", "Ik overleg eerst met de burgemeester.")
	tab.Run(chromedp.Poll[chromedp.Void](`document.querySelector(".save-status").textContent.includes("Opgeslagen om")`))
	tab.Visit(section("dilemmas"))
	if got := browsertest.Eval[string](tab, `document.getElementById("f-dilemmas-casus").value`); got != "Ik overleg eerst met de burgemeester." {
		t.Fatalf("after reload the field holds %q", got)
	}
	if got := answers()["dilemmas_casus"]; got != "Ik overleg eerst met de burgemeester." {
		t.Fatalf("autosave stored %v", got)
	}

	// A follow-up question appears and goes again as the answer changes,
	// without a reload.
	tab.Visit(section("lidmaatschappen"))
	tab.Run(chromedp.Evaluate[chromedp.Void](`window.questSamePage = true`))
	tab.Click("#f-lidmaatschappen-verenigingen")
	tab.WaitVisible("#f-lidmaatschappen-verenigingen-toelichting")
	questCheck(tab, "vragenlijst vervolgvraag zichtbaar")
	tab.Click("#f-lidmaatschappen-verenigingen-2")
	tab.Run(chromedp.WaitNotVisible(chromedp.CSS("#f-lidmaatschappen-verenigingen-toelichting")))
	if !browsertest.Eval[bool](tab, `window.questSamePage === true`) {
		t.Fatal("the page reloaded to show the question")
	}

	// Two windows: the answers change elsewhere, then this one saves.
	tab.Visit(section("vertrouwelijkheid"))
	if _, err := e.Service.SaveAnswers(ctx, cand, sc.ID, nil, domain.Answers{"vertrouwelijkheid_incident": false}); err != nil {
		t.Fatal(err)
	}
	tab.Type("#f-vertrouwelijkheid-omgang", "Ik bespreek niets buiten het college.")
	tab.Run(chromedp.Poll[chromedp.Void](`document.querySelector(".save-status").textContent.includes("niet opgeslagen")`))
	if got := tab.Text(".save-status a"); got != "Laad de opgeslagen antwoorden" {
		t.Fatalf("conflict status offers %q", got)
	}
	if status := tab.Submit("main .button-group button[value=opslaan]"); status != 409 {
		t.Fatalf("conflicting save: status %d", status)
	}
	questCheck(tab, "vragenlijst conflict")
	if got := browsertest.Eval[string](tab, `document.getElementById("f-vertrouwelijkheid-omgang").value`); got != "Ik bespreek niets buiten het college." {
		t.Fatalf("the conflict page lost what was typed: %q", got)
	}
	if _, ok := answers()["vertrouwelijkheid_omgang"]; ok {
		t.Fatal("the losing save was stored")
	}
	tab.Submit("main .button-group button[value=opslaan]")
	if got := answers()["vertrouwelijkheid_omgang"]; got != "Ik bespreek niets buiten het college." {
		t.Fatalf("save anyway stored %v", got)
	}

	w.candidateAnswers(t)
	signals, err := e.Service.Signals(ctx, e.Actor(t, e.Adviser), sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(signals) == 0 || signals[0].Rule.ID != "raadslid_tot_opvolger" {
		t.Fatalf("the answers raise signals %v, want the council seat first", signals)
	}

	tab.Visit(section("cv"))
	tab.Check("vragenlijst ingediend deel")
	if got := tab.Text("main"); !strings.Contains(got, "U hebt de vragenlijst ingediend op") {
		t.Fatalf("a submitted section: %s", got)
	}

	// A clarification opens one question again.
	if _, err := e.Service.RequestClarification(ctx, e.Actor(t, e.Adviser), sc.ID, nil,
		workflow.ClarificationInput{Questions: []string{"cv_afwijkingen"}, Note: "Welke functie staat er op LinkedIn?"}); err != nil {
		t.Fatal(err)
	}
	tab.Visit(w.url("/scans/" + sc.ID + "/vragenlijst"))
	tab.Follow("main a[href$='/toelichting/1']")
	questCheck(tab, "toelichting")
	tab.Click("#f-cv-afwijkingen") // "Ja" shows the follow-up again, without saving
	tab.WaitVisible("#f-cv-afwijkingen-toelichting")
	tab.Click("#f-cv-afwijkingen-2") // "Nee"
	tab.Run(chromedp.WaitNotVisible(chromedp.CSS("#f-cv-afwijkingen-toelichting")))
	tab.Submit("main .button-group button[value=verstuur]")
	if got := answers()["cv_afwijkingen"]; got != false {
		t.Fatalf("clarification stored %v", got)
	}
	if !strings.Contains(tab.Text("main"), "Uw nieuwe antwoorden zijn naar de integriteitsadviseur gestuurd.") {
		t.Fatalf("after the clarification: %s", tab.Text("main"))
	}
}
