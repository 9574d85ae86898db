package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"basisscan/web/browsertest"
	"basisscan/workflow/gormstore/storetest"
)

// Signing in works by keyboard alone: Tab reaches the skip link first,
// Enter on it moves into the content, Tab reaches the address field, Enter
// sends the form; on the link's page Tab reaches the button.
func TestSignInByKeyboardAlone(t *testing.T) {
	t.Parallel()
	w := newWalk(t, storetest.SQLite)
	tab := w.formateur
	press := func(keys string) { tab.Run(chromedp.KeyEvent(keys)) }
	focused := func() string {
		return browsertest.Eval[string](tab, `(e => e.id || (e.classList.contains("skip-link") ? "skip-link" : e.tagName + ":" + e.textContent.trim()))(document.activeElement)`)
	}
	waitTitle := func(part string) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if strings.Contains(browsertest.Eval[string](tab, "document.title"), part) {
				return
			}
		}
		t.Fatalf("no page titled %q; at %s", part, tab.Location())
	}

	tab.Visit(w.url("/inloggen"))
	press(kb.Tab)
	if f := focused(); f != "skip-link" {
		t.Fatalf("the first Tab reaches %q, want the skip link", f)
	}
	press(kb.Enter)
	press(kb.Tab)
	if f := focused(); f != "f-email" {
		t.Fatalf("after the skip link, Tab reaches %q, want the address field", f)
	}
	press(w.env.Formateur.Email)
	press(kb.Enter)
	waitTitle("Kijk in uw e-mail")

	tab.Visit(w.url(w.env.Link(t, w.env.Formateur.Email, "/aanmelden/")))
	for range 10 {
		press(kb.Tab)
		if focused() == "BUTTON:Inloggen" {
			break
		}
	}
	if f := focused(); f != "BUTTON:Inloggen" {
		t.Fatalf("Tab never reaches the sign-in button; it is on %q", f)
	}
	press(kb.Enter)
	waitTitle("Scans")
}
