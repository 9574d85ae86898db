package web_test

import (
	"context"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// openScanAsAdviser goes from the work list to the walk's scan.
func (w *walk) openScanAsAdviser(t *testing.T) {
	t.Helper()
	w.adviser.Visit(w.url("/scans"))
	w.adviser.Check("werklijst adviseur")
	w.adviser.Follow("main a[href='/scans/" + w.scanID + "']")
	w.adviser.Check("scan adviseur")
}

// adviserPart follows the scan page's link to one of its parts.
func (w *walk) adviserPart(t *testing.T, suffix, name string) {
	t.Helper()
	w.adviser.Visit(w.url("/scans/" + w.scanID))
	w.adviser.Follow("main .task-list a[href='/scans/" + w.scanID + suffix + "']")
	w.adviser.Check(name)
}

// adviserResearches is the adviser's work from the submitted answers to the
// advice put to the candidate, through the pages alone.
func (w *walk) adviserResearches(t *testing.T) {
	t.Helper()
	w.signIn(t, w.adviser, w.env.Adviser)
	w.openScanAsAdviser(t)

	w.adviserPart(t, "/antwoorden", "antwoorden adviseur")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Zakelijke relaties") {
		t.Fatalf("answers page: %s", got)
	}

	w.adviserPart(t, "/signalen", "signalen")
	first := w.adviser.Text("main section.panel h2")
	w.adviser.Submit("main form[action$='/overnemen'] button[type=submit]")
	w.adviser.Check("signaal overgenomen")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Het signaal staat nu als bevinding in het advies.") {
		t.Fatalf("accepting %q: %s", first, got)
	}

	w.adviserPart(t, "/bronnen", "openbare bronnen")
	w.adviser.SetValue("#f-source-0-kind", string(domain.SourceKvK))
	w.adviser.SetValue("#f-source-0-checked_on", "2026-02-27")
	w.adviser.Type("#f-source-0-note", "Eenmanszaak sinds 2019, geen andere inschrijvingen.")
	w.adviser.Submit("main button[value=save]")
	w.adviser.Check("bronnen opgeslagen")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Opgeslagen.") {
		t.Fatalf("saving sources: %s", got)
	}

	w.adviserPart(t, "/vog", "vog")
	w.adviser.Click("#f-status-issued")
	w.adviser.SetValue("#f-issued_on", "2026-02-09")
	w.adviser.Type("#f-reference", "VOG-2026-0042")
	w.adviser.Submit("main form button[type=submit]")
	if !strings.HasSuffix(w.adviser.Location(), "/scans/"+w.scanID+"?bericht=opgeslagen") {
		t.Fatalf("after the VOG: at %s: %s", w.adviser.Location(), w.adviser.Text("main"))
	}

	w.adviserPart(t, "/gesprek", "gesprek")
	w.adviser.SetValue("#f-held_on", "2026-03-02")
	w.adviser.Type("#f-summary", "Besproken: de huurovereenkomst en de nevenfuncties.")
	w.adviser.Type("#f-topic-0", "De huurovereenkomst")
	w.adviser.Submit("main button[value=add-topic]")
	w.adviser.Check("gesprek onderwerp toegevoegd")
	w.adviser.Type("#f-topic-1", "De nevenfuncties")
	w.adviser.Submit("main .button-group button[value=save]")
	w.adviser.Check("gesprek vastgelegd")
	if got := w.adviser.Text("main"); !strings.Contains(got, "advies") {
		t.Fatalf("after the interview: %s", got)
	}

	w.adviserPart(t, "/advies", "advies")
	w.adviser.Click("#f-conclusion-aandachtspunten")
	w.adviser.Type("#f-summary", "Er zijn aandachtspunten, geen belemmeringen.")
	// The accepted signal's text is written for the adviser: the facts go
	// into the advice in the adviser's own words, or it cannot be submitted.
	w.adviser.SetValue("#f-finding-0-description", "De kandidaat verhuurt een pand aan een leverancier van de gemeente.")
	w.adviser.Submit("main button[value=add-relationeel]")
	w.adviser.Check("advies bevinding toegevoegd")
	w.adviser.Type("#f-finding-1-title", "Partner werkt bij de gemeente")
	w.adviser.Type("#f-finding-1-description", "De partner werkt bij de afdeling Vergunningen.")
	// The accepted signal's measure needs who carries it out by when.
	w.adviser.SetValue("#f-finding-0-measure_owner", "candidate")
	w.adviser.SetValue("#f-finding-0-measure_deadline", "within-three-months")
	w.adviser.Submit("main button[value=save]")
	w.adviser.Check("advies opgeslagen")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Opgeslagen.") {
		t.Fatalf("saving the advice: %s", got)
	}

	w.adviser.Follow("main a[href$='/advies/voorleggen']")
	w.adviser.Check("advies voorleggen")
	w.adviser.Submit("main form button[type=submit]")
	w.adviser.Check("advies voorgelegd")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Het conceptadvies is aan de kandidaat voorgelegd.") {
		t.Fatalf("submitting the advice: %s", got)
	}
}

// adviserSignsOff signs the advice off after the candidate responded, and
// reads the history and the audit trail.
func (w *walk) adviserSignsOff(t *testing.T) {
	t.Helper()
	w.openScanAsAdviser(t)
	w.adviser.Follow("main a[href='/scans/" + w.scanID + "/ondertekenen']")
	w.adviser.Check("ondertekenen")
	w.adviser.Submit("main form button[type=submit]")
	w.adviser.Check("advies ondertekend")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Het advies is ondertekend") || !strings.Contains(got, "opgeleverd") {
		t.Fatalf("signing off: %s", got)
	}
	w.adviserPart(t, "/geschiedenis", "geschiedenis")
	if got := w.adviser.Text("main"); !strings.Contains(got, "Het advies ondertekenen") {
		t.Fatalf("history: %s", got)
	}
	w.adviserPart(t, "/audit", "auditlogboek")
	if got := w.adviser.Text("main"); !strings.Contains(got, "compleet en ongewijzigd") {
		t.Fatalf("audit trail: %s", got)
	}
}

// TestAdviserPagesInBrowser walks the adviser's pages in a real browser,
// from a scan whose questionnaire was submitted (set up through the
// service) to the signed advice.
func TestAdviserPagesInBrowser(t *testing.T) {
	t.Parallel()
	w := newWalk(t, storetest.SQLite)
	s := newAdviserScan(t, w.env)
	w.scanID, w.reference, w.candidateEmail = s.sc.ID, s.sc.Reference, s.email

	w.adviserResearches(t)
	if st := s.now(t).State; st != domain.StateCandidateReview {
		t.Fatalf("after the research: %s", st)
	}
	s.do(t, func(id string) (*domain.Scan, error) {
		return w.env.Service.Respond(context.Background(), s.cand, id, nil, workflow.ResponseInput{Agrees: true, Comment: "Akkoord."})
	})
	w.adviserSignsOff(t)
	if st := s.now(t).State; st != domain.StateDelivered {
		t.Fatalf("after signing off: %s", st)
	}
}
