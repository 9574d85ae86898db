package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"basisscan/web/browsertest"
)

// questCheck checks the page on the tab, for a page the step goes on
// using. After Check a click on a button far down a page was seen to be
// lost now and then; a click on the heading first, as a person clicks
// beside a field, makes the next click land.
func questCheck(tab *browsertest.Tab, name string) {
	tab.Check(name)
	tab.Click("main h1")
}

// questFillJS answers what a section shows and is still open, as a
// hurried candidate would: no to every yes-or-no question, the first
// option of a choice, "none" (the last box) of a list, a short text. It
// sets values without events, so that no autosave runs: the page's button
// saves them. It returns how many fields it filled.
const questFillJS = `(() => {
  const form = document.querySelector("main form[data-autosave]");
  if (!form) { return -1; }
  let n = 0;
  const groups = {};
  form.querySelectorAll("input[type=radio]:not(:disabled), input[type=checkbox]:not(:disabled)").forEach(el => {
    (groups[el.name] = groups[el.name] || []).push(el);
  });
  for (const name in groups) {
    const els = groups[name];
    if (els.some(e => e.checked)) { continue; }
    const pick = els.find(e => e.value === "false") || (els[0].type === "checkbox" ? els[els.length - 1] : els[0]);
    pick.checked = true;
    n++;
  }
  form.querySelectorAll("textarea:not(:disabled), input[type=text]:not(:disabled), input[type=number]:not(:disabled), input[type=date]:not(:disabled), select:not(:disabled)").forEach(el => {
    if (el.value !== "") { return; }
    if (el.type === "number") { el.value = "0"; }
    else if (el.type === "date") { el.value = "2026-02-01"; }
    else if (el.tagName === "SELECT") { el.value = el.options[1].value; }
    else { el.value = "Niets bijzonders."; }
    n++;
  });
  return n;
})()`

// questFillSection checks the section on the tab and answers its open
// questions, saving until the answers show no new question, then goes on.
func questFillSection(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	loc := tab.Location()
	questCheck(tab, "vragenlijst "+loc[strings.LastIndex(loc, "/")+1:])
	for round := 0; ; round++ {
		if n := browsertest.Eval[int](tab, questFillJS); n <= 0 {
			break
		}
		if round > 5 {
			t.Fatalf("section keeps asking: %s", tab.Location())
		}
		tab.Submit("main .button-group button[value=opslaan]")
	}
	tab.Submit("main button[value=verder]")
}

// candidateAnswers fills in the 2026-2 questionnaire for a wethouder
// through the pages, section by section: a conditional question revealed
// by an answer, a nevenfunctie as a group entry, an incompatible office
// kept (which makes a signal fire), the check page while answers are still
// missing, then the rest, the check and the submission. It starts on the
// candidate's scan page, signed in, with consent given, and ends there.
func (w *walk) candidateAnswers(t *testing.T) {
	t.Helper()
	tab := w.candidate
	if browsertest.Eval[bool](tab, `document.querySelector("main a[href$='/vragenlijst']") !== null`) {
		tab.Follow("main a[href$='/vragenlijst']")
	} else { // the scan page has no link to the questionnaire (yet): the address
		tab.Visit(w.url("/scans/" + w.scanID + "/vragenlijst"))
	}
	tab.Check("vragenlijst")
	if got := tab.Text("main .task-list"); !strings.Contains(got, "Nog niet begonnen") {
		t.Fatalf("overview of a fresh questionnaire: %s", got)
	}

	// cv: "ja" to a differing cv reveals the question what differs.
	tab.Follow("main .task-list a[href$='/vragenlijst/cv']")
	questCheck(tab, "vragenlijst cv")
	tab.Type("#f-cv-opleiding", "Hbo bestuurskunde, Hogeschool Zuidhaven, 2004.")
	tab.Type("#f-cv-werkervaring", "Beleidsmedewerker gemeente Zuidhaven 2015-2022; raadslid sinds 2022.")
	tab.Click("#f-cv-huidige-situatie-3") // "Bestuurder of volksvertegenwoordiger"
	tab.Click("#f-cv-afwijkingen")        // "Ja"
	tab.WaitVisible("#f-cv-afwijkingen-toelichting")
	tab.Type("#f-cv-afwijkingen-toelichting", "Op LinkedIn staat nog mijn oude functie.")
	questCheck(tab, "vragenlijst cv met vervolgvraag")
	tab.Submit("main button[value=verder]")

	// woonplaats: registered in the municipality.
	if !strings.HasSuffix(tab.Location(), "/vragenlijst/woonplaats") {
		t.Fatalf("after cv at %s", tab.Location())
	}
	tab.Click("#f-woonplaats-ingezetene")
	tab.Submit("main button[value=verder]")

	// onverenigbaarheid: the council seat, which ends when she becomes
	// wethouder: the signal the adviser will see (an aandachtspunt; any other
	// incompatible office not ended would be a belemmering).
	tab.Click("#f-onverenigbaarheid-functies-wethouder")
	tab.WaitVisible("#f-onverenigbaarheid-functies-wethouder-toelichting")
	tab.Type("#f-onverenigbaarheid-functies-wethouder-toelichting", "Lid van de gemeenteraad van Zuidhaven.")
	tab.Click("#f-onverenigbaarheid-functies-wethouder-beeindigen-2") // "Nee"
	tab.WaitVisible("#f-onverenigbaarheid-functies-wethouder-alleen-raad")
	tab.Click("#f-onverenigbaarheid-functies-wethouder-alleen-raad") // "Ja"
	tab.Click("#f-onverenigbaarheid-wethouder-elders-2")             // "Nee"
	questCheck(tab, "vragenlijst onverenigbaarheid")
	tab.Submit("main button[value=verder]")

	// nevenfuncties: one entry, added with the group's button.
	tab.Click("#f-nevenfuncties-heeft")
	tab.WaitVisible("#f-nevenfuncties-lijst")
	tab.Submit("#f-nevenfuncties-lijst")
	tab.WaitVisible("#f-nevenfuncties-lijst-0-organisatie")
	tab.Type("#f-nevenfuncties-lijst-0-organisatie", "Voetbalvereniging Zuidhaven")
	tab.Type("#f-nevenfuncties-lijst-0-functie", "Penningmeester")
	tab.Click("#f-nevenfuncties-lijst-0-status") // "huidig": asks whether it continues
	tab.WaitVisible("#f-nevenfuncties-lijst-0-voortzetten")
	tab.Click("#f-nevenfuncties-lijst-0-voortzetten-2") // stop it
	tab.Click("#f-nevenfuncties-lijst-0-betaald-2")
	tab.Type("#f-nevenfuncties-lijst-0-uren-per-maand", "6")
	tab.Click("#f-nevenfuncties-lijst-0-relatie-bestuursorgaan-2")
	questCheck(tab, "vragenlijst nevenfuncties")
	tab.Submit("main button[value=verder]")

	// The check page with much still open says what is missing.
	tab.Visit(w.url("/scans/" + w.scanID + "/vragenlijst/controleren"))
	tab.Check("controleren met open vragen")
	if got := tab.Text("main"); !strings.Contains(got, "Nog niet beantwoord") || !strings.Contains(got, "Voetbalvereniging Zuidhaven") {
		t.Fatalf("check page with open questions: %s", got)
	}

	// The rest, from the overview.
	tab.Visit(w.url("/scans/" + w.scanID + "/vragenlijst"))
	if got := tab.Text("main .task-list"); !strings.Contains(got, "Klaar") || !strings.Contains(got, "Nog niet begonnen") {
		t.Fatalf("overview halfway: %s", got)
	}
	tab.Follow("main .task-list a[href$='/vragenlijst/financiele_belangen']")
	for i := 0; !strings.HasSuffix(tab.Location(), "/vragenlijst/controleren"); i++ {
		if i > 30 {
			t.Fatalf("the sections do not end: %s", tab.Location())
		}
		questFillSection(t, tab)
	}
	questCheck(tab, "controleren compleet")
	if got := tab.Text("main"); strings.Contains(got, "Nog niet beantwoord") {
		t.Fatalf("check page after all sections: %s", got)
	}
	tab.Submit("form[action$='/vragenlijst/indienen'] button[type=submit]")
	if loc := tab.Location(); !strings.HasSuffix(loc, "/scans/"+w.scanID+"?bericht=ingediend") {
		t.Fatalf("after submitting at %s", loc)
	}
	tab.Check("vragenlijst ingediend")
}

// questSessionSecret reads the session cookie of the tab, to act as its
// visitor through the service in a test's setup.
func questSessionSecret(t *testing.T, tab *browsertest.Tab) string {
	t.Helper()
	var secret string
	tab.Run(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{})
		if err != nil {
			return chromedp.Void{}, err
		}
		for _, c := range res.Cookies {
			if c.Name == "session" || c.Name == "__Host-session" {
				secret = c.Value
			}
		}
		return chromedp.Void{}, nil
	})
	if secret == "" {
		t.Fatal("no session cookie in the tab")
	}
	return secret
}
