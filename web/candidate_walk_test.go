package web_test

import (
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// candidateConsents: the candidate opens the invitation, accepts it, reads
// the status page, opens the consent text and gives consent.
func (w *walk) candidateConsents(t *testing.T) {
	t.Helper()
	w.acceptInvitation(t)
	if w.scanID == "" {
		w.scanID = strings.TrimPrefix(strings.SplitN(w.candidate.Location(), "?", 2)[0], w.url("/scans/"))
	}
	if got := w.candidate.Text("main"); !strings.Contains(got, "Uw basisscan") || !strings.Contains(got, "Toestemming") {
		t.Fatalf("status page before consent: %s", got)
	}
	w.candidate.Follow("main a[href='/scans/" + w.scanID + "/toestemming']")
	w.candidate.Check("toestemming")
	w.candidate.Click("#toestemming-ja")
	w.candidate.Submit("main form button[type=submit]")
	if got := w.candidate.Text("main"); !strings.Contains(got, "U hebt toestemming gegeven.") || !strings.Contains(got, "Vragenlijst") {
		t.Fatalf("status page after consent: %s", got)
	}
	w.candidate.Check("status na toestemming")
}

// candidateResponds: the candidate, signed in, with the draft advice put to
// them, reads it from the status page and agrees with a comment.
func (w *walk) candidateResponds(t *testing.T) {
	t.Helper()
	w.candidate.Visit(w.url("/scans/" + w.scanID))
	if got := w.candidate.Text("main"); !strings.Contains(got, "U kunt reageren tot") {
		t.Fatalf("status page in the review: %s", got)
	}
	w.candidate.Follow("main a[href='/scans/" + w.scanID + "/conceptadvies']")
	w.candidate.Check("conceptadvies")
	w.candidate.Click("#eens-ja")
	w.candidate.Type("#reactie", "Ik herken mij in het advies.")
	w.candidate.Submit("main form button[type=submit]")
	if got := w.candidate.Text("main"); !strings.Contains(got, "Uw reactie op het conceptadvies is opgeslagen.") ||
		!strings.Contains(got, "Ondertekening") {
		t.Fatalf("status page after the response: %s", got)
	}
	w.candidate.Check("status na reactie")
}

// candidateActor signs the candidate in with a link of their own, for
// setting up their scan through the service beside the browser.
func candidateActor(t *testing.T, e *webtest.Env, email string) domain.Actor {
	t.Helper()
	v := e.Visitor(t)
	v.SignInAs(t, email)
	return v.Actor(t)
}

// TestCandidatePagesInBrowser checks each of the candidate's pages in the
// browser: the walk's two steps on one scan, the refusal, withdrawal and
// my-data pages on another.
func TestCandidatePagesInBrowser(t *testing.T) {
	t.Parallel()
	w := newWalk(t, storetest.SQLite)
	sc, email := w.env.NewScan(t, w.env.Formateur, w.env.Adviser)
	w.candidateEmail, w.scanID, w.reference = email, sc.ID, sc.Reference
	w.candidateConsents(t)

	cand := candidateActor(t, w.env, email)
	w.candidate.Visit(w.url("/scans/" + sc.ID + "/conceptadvies"))
	w.candidate.Check("conceptadvies nog niet")
	toReview(t, w.env, cand, sc.ID)
	w.candidateResponds(t)
	if now := scanOf(t, w.env, sc.ID); now.Response == nil || !now.Response.Agrees || now.Response.Comment != "Ik herken mij in het advies." {
		t.Fatalf("response after the walk: %+v", now.Response)
	}

	// Another scan, another candidate: refusal, my data, withdrawal.
	other, email2 := w.env.NewScan(t, w.env.Formateur, w.env.Adviser)
	tab := browser(t).Tab(t)
	tab.Visit(w.url(w.env.Link(t, email2, "/invitations/")))
	tab.Submit("main form button[type=submit]")
	base := w.url("/scans/" + other.ID)
	tab.Check("status voor toestemming")
	tab.Visit(base + "/toestemming")
	tab.Submit("main form button[type=submit]") // nothing chosen
	if got := tab.Text("#foutmeldingen"); !strings.Contains(got, "Kies of u toestemming geeft.") {
		t.Fatalf("error summary: %s", got)
	}
	tab.Check("toestemming zonder keuze")
	tab.Click("#toestemming-nee")
	tab.Submit("main form button[type=submit]")
	tab.Check("weigeren bevestigen")
	tab.Follow("main a.button--secondary") // "Nee, terug"
	tab.Visit(base + "/gegevens")
	tab.Check("mijn gegevens")
	tab.Visit(base + "/terugtrekken")
	tab.Check("terugtrekken")
	tab.Type("#reden", "Persoonlijke omstandigheden.")
	tab.Submit("main form button[type=submit]")
	if got := tab.Text("main"); !strings.Contains(got, "U hebt uw kandidatuur teruggetrokken.") {
		t.Fatalf("status page after withdrawal: %s", got)
	}
	tab.Check("status na terugtrekken")
	if now := scanOf(t, w.env, other.ID); now.State != domain.StateWithdrawn {
		t.Fatalf("the other scan is in %s after withdrawal", now.State)
	}
}
