package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/browsertest"
	"basisscan/workflow/gormstore/storetest"
)

// formateurStartsScan signs the formateur in and starts Eva Smit's scan
// through the page, first with a mistake; it sets w.scanID, w.reference
// and w.candidateEmail.
func (w *walk) formateurStartsScan(t *testing.T) {
	t.Helper()
	tab := w.formateur
	w.signIn(t, tab, w.env.Formateur)
	tab.Check("scans van de formateur")
	tab.Follow("nav a[href='/scans/nieuw']")
	tab.Check("nieuwe scan")

	tab.Type("#f-naam", "Eva Smit")
	tab.Click("#f-ambt-wethouder")
	tab.Type("#f-adviseur", w.env.Adviser.Email)
	tab.Type("#f-datum-dag", "4") // two months after the service's today, 2 March 2026
	tab.Type("#f-datum-maand", "5")
	tab.Type("#f-datum-jaar", "2026")
	tab.Type("#f-portefeuille", "Financiën en Economische Zaken")
	if st := tab.Submit("main form button[type=submit]"); st != http.StatusUnprocessableEntity {
		t.Fatalf("a form without the candidate's e-mail address: status %d", st)
	}
	if got := tab.Text("#foutmeldingen"); !strings.Contains(got, "Er is een probleem") {
		t.Fatalf("no error summary: %q", got)
	}
	tab.Check("nieuwe scan met fout")

	w.candidateEmail = "eva.smit@example.nl"
	tab.Type("#f-email", w.candidateEmail)
	if st := tab.Submit("main form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("start the scan: status %d", st)
	}
	loc := tab.Location()
	i := strings.Index(loc, "/scans/")
	if i < 0 {
		t.Fatalf("not on the scan page after starting it: %s", loc)
	}
	w.scanID, _, _ = strings.Cut(loc[i+len("/scans/"):], "?")
	w.reference = strings.TrimSpace(strings.TrimPrefix(tab.Text("h1"), "Scan "))
	if !strings.HasPrefix(w.reference, "BS-") || !strings.Contains(tab.Text("main"), "De scan is gestart") {
		t.Fatalf("scan page after starting: %q\n%s", w.reference, tab.Text("main"))
	}
	tab.Check("scan gestart")
}

// pdfProbe is what the browser learned fetching the advice document.
type pdfProbe struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Head   string `json:"head"`
}

// formateurFinishes opens the delivered scan, downloads the signed advice
// in the browser, and records that the candidate was appointed.
func (w *walk) formateurFinishes(t *testing.T) {
	t.Helper()
	tab := w.formateur
	tab.Visit(w.url("/scans/" + w.scanID))
	tab.Check("scan opgeleverd")

	var got pdfProbe
	href := "/scans/" + w.scanID + "/advies.pdf"
	tab.WaitVisible("a[href='" + href + "']")
	got = browsertest.Eval[pdfProbe](tab, `fetch(document.querySelector("a[href$='/advies.pdf']").href).then(async r => ({
		status: r.status, type: r.headers.get("content-type") || "",
		head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 4))}))`)
	if got.Status != http.StatusOK || got.Type != "application/pdf" || got.Head != "%PDF" {
		t.Fatalf("advice document in the browser: %+v", got)
	}

	tab.Follow("main a[href$='/uitkomst']")
	tab.Check("uitkomst vastleggen")
	tab.Click("#f-uitkomst-" + string(domain.OutcomeAppointed))
	if st := tab.Submit("main form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("record the outcome: status %d", st)
	}
	if main := tab.Text("main"); !strings.Contains(main, "afgesloten") || !strings.Contains(main, "De kandidaat is benoemd") {
		t.Fatalf("scan page after the outcome:\n%s", main)
	}
	tab.Check("scan afgesloten")
}

// TestFormateurAndAdminPagesInBrowser visits every page of the formateur
// and the admin in the browser, and checks each.
func TestFormateurAndAdminPagesInBrowser(t *testing.T) {
	t.Parallel()
	w := newWalk(t, storetest.SQLite)
	e := w.env
	ctx := context.Background()
	if _, _, err := e.Service.AddUser(ctx, "Gemeente Zuidhaven", domain.RoleAdviser, "Sanne Tweede", "tweede@integriteit.nl"); err != nil {
		t.Fatal(err)
	}
	w.formateurStartsScan(t)
	tab := w.formateur

	// A second adviser: a mistake first, then one of the organisation's.
	tab.Type("#f-tweede-adviseur", "niemand@example.nl")
	if st := tab.Submit("form[action$='/tweede-adviseur'] button[type=submit]"); st != http.StatusUnprocessableEntity {
		t.Fatalf("unknown second adviser: status %d", st)
	}
	tab.Check("tweede adviseur met fout")
	tab.SetValue("#f-tweede-adviseur", "tweede@integriteit.nl")
	if st := tab.Submit("form[action$='/tweede-adviseur'] button[type=submit]"); st != http.StatusOK {
		t.Fatalf("second adviser: status %d", st)
	}
	if !strings.Contains(tab.Text("main"), "Sanne Tweede") {
		t.Fatalf("second adviser not shown:\n%s", tab.Text("main"))
	}
	tab.Check("tweede adviseur aangewezen")

	// Cancelling another scan: the reason is asked for.
	other, _ := e.NewScan(t, e.Formateur, e.Adviser)
	tab.Visit(w.url("/scans/" + other.ID))
	tab.Follow("main a[href$='/stopzetten']")
	tab.Check("scan stopzetten")
	if st := tab.Submit("main form button[type=submit]"); st != http.StatusUnprocessableEntity {
		t.Fatalf("cancel without a reason: status %d", st)
	}
	tab.Check("scan stopzetten met fout")
	tab.Type("#f-reden", "De coalitie gaat niet door.")
	if st := tab.Submit("main form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("cancel: status %d", st)
	}
	tab.Check("scan stopgezet")

	sc, err := e.Service.Scan(ctx, e.Actor(t, e.Formateur), w.scanID)
	if err != nil {
		t.Fatal(err)
	}
	formateurDeliver(t, e, sc, w.candidateEmail)
	w.formateurFinishes(t)
	tab.Visit(w.url("/scans"))
	tab.Check("scans met afgesloten scan")

	// The admin's pages.
	adm := w.admin
	w.signIn(t, adm, e.Admin)
	if !strings.HasSuffix(adm.Location(), "/beheer/accounts") {
		t.Fatalf("admin not on the accounts after signing in: %s", adm.Location())
	}
	adm.Check("accounts")
	adm.Follow("main a[href='/beheer/accounts/nieuw']")
	adm.Check("account toevoegen")
	if st := adm.Submit("main form button[type=submit]"); st != http.StatusUnprocessableEntity {
		t.Fatalf("empty account form: status %d", st)
	}
	adm.Check("account toevoegen met fout")
	adm.Click("#f-rol-formateur")
	adm.Type("#f-naam", "Karel Nieuw")
	adm.Type("#f-email", "karel@zuidhaven.nl")
	if st := adm.Submit("main form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("add an account: status %d", st)
	}
	if !strings.Contains(adm.Text("main"), "Karel Nieuw") {
		t.Fatalf("new account not listed:\n%s", adm.Text("main"))
	}
	adm.Check("account toegevoegd")
	adm.Follow("a[href='/beheer/accounts/" + e.Formateur.ID + "/uitschakelen']")
	adm.Check("account uitschakelen")
	adm.Submit("main form button[type=submit]")
	adm.Check("account uitgeschakeld")
	adm.Submit("form[action='/beheer/accounts/" + e.Formateur.ID + "/inschakelen'] button[type=submit]")
	if !strings.Contains(adm.Text("main"), "weer ingeschakeld") {
		t.Fatalf("account not activated:\n%s", adm.Text("main"))
	}
	adm.Check("account ingeschakeld")
}
