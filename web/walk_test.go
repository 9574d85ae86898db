package web_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"basisscan/web/browsertest"
	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// One Chromium serves every browser test of the package; each test opens
// its own tabs, each tab with its own cookies.
var shared struct {
	once sync.Once
	b    *browsertest.Browser
	stop func()
	err  error
}

func browser(t testing.TB) *browsertest.Browser {
	t.Helper()
	shared.once.Do(func() { shared.b, shared.stop, shared.err = browsertest.Launch() })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.b
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	os.Exit(code)
}

// walk is one run through the pages in a real browser: one tab per person,
// and what the steps learn on the way.
type walk struct {
	env                                  *webtest.Env
	formateur, candidate, adviser, admin *browsertest.Tab

	scanID, reference, candidateEmail string
}

// newWalk builds an env on dialect d and a tab for each person.
func newWalk(t *testing.T, d storetest.Dialect) *walk {
	t.Helper()
	e := webtest.New(t, d)
	b := browser(t)
	return &walk{env: e, formateur: b.Tab(t), candidate: b.Tab(t), adviser: b.Tab(t), admin: b.Tab(t)}
}

func (w *walk) url(path string) string { return w.env.Server.URL + path }

// signIn signs a staff member in through the pages: the address on the
// sign-in page, then the link from the outbox and its button.
func (w *walk) signIn(t *testing.T, tab *browsertest.Tab, u webtest.User) {
	t.Helper()
	tab.Visit(w.url("/inloggen"))
	tab.Check("inloggen")
	tab.SetValue("#f-email", u.Email)
	tab.Submit("form[action='/inloggen'] button[type=submit]")
	tab.Check("link verstuurd")
	tab.Visit(w.url(w.env.Link(t, u.Email, "/aanmelden/")))
	tab.Check("aanmeldlink")
	tab.Submit("main form button[type=submit]")
	if loc := tab.Location(); strings.Contains(loc, "/inloggen") || strings.Contains(loc, "/aanmelden/") {
		t.Fatalf("%s not signed in: at %s", u.Email, loc)
	}
}

// acceptInvitation opens the candidate's invitation from the outbox and
// accepts it.
func (w *walk) acceptInvitation(t *testing.T) {
	t.Helper()
	w.candidate.Visit(w.url(w.env.Link(t, w.candidateEmail, "/invitations/")))
	w.candidate.Check("uitnodiging")
	w.candidate.Submit("main form button[type=submit]")
	if !strings.Contains(w.candidate.Location(), "/scans/") {
		t.Fatalf("candidate not at their scan after accepting: %s", w.candidate.Location())
	}
}

// TestSignInPagesInBrowser checks the pages before and at sign-in.
func TestSignInPagesInBrowser(t *testing.T) {
	t.Parallel()
	w := newWalk(t, storetest.SQLite)
	w.signIn(t, w.adviser, w.env.Adviser)
	w.adviser.Check("werklijst")
	sc, email := w.env.NewScan(t, w.env.Formateur, w.env.Adviser)
	w.candidateEmail, w.scanID, w.reference = email, sc.ID, sc.Reference
	w.acceptInvitation(t)
	w.candidate.Check("status")
	w.candidate.Visit(w.url("/privacy"))
	w.candidate.Check("privacyverklaring")
	if got := w.candidate.Text("main"); !strings.Contains(got, "Privacyverklaring") {
		t.Fatalf("privacy page: %s", got)
	}
	w.admin.Visit(w.url("/bestaat-niet"))
	w.admin.Check("niet gevonden")
}
