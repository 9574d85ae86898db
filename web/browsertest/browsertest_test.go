package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// shared is the one browser of this test binary, so the tests do not each
// wait for Chromium to start.
var shared *Browser

func TestMain(m *testing.M) {
	b, stop, err := Launch()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared = b
	code := m.Run()
	stop()
	os.Exit(code)
}

// recorder is a testing.TB that keeps the errors reported to it, so a test
// can show that Check reports a problem without failing itself. Fatal and
// everything else go to the real test: Check failing to run is a real
// failure.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

// reportingTo returns the tab with its failures reported to t.
func (p *Tab) reportingTo(t testing.TB) *Tab {
	c := *p
	c.t = t
	return &c
}

// errors returns the errors reported so far, one per line.
func (r *recorder) errors() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errs, "\n")
}

// page is an accessible page: Dutch, titled, a skip link first, a labelled
// field. The rows of TestCheckPageRules break one thing in it each.
const page = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gegevens invullen</title>
<style>
body { font-family: sans-serif; margin: 1rem; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 1rem; }
</style>
</head>
<body>
<a class="skip" href="#inhoud">Naar de inhoud</a>
<header><p>basisscan integriteit</p></header>
<main id="inhoud">
<h1>Gegevens invullen</h1>
<form method="post" action="/verzonden">
<label for="naam">Naam</label>
<input id="naam" name="naam" autocomplete="name">
<button type="submit" name="actie" value="opslaan">Opslaan</button>
</form>
<!--extra-->
</main>
</body>
</html>`

// serve serves pages by path, each with a strict Content-Security-Policy
// such as the web package sends, so the tests show axe runs despite it. POST
// /verzonden echoes the form; /zet sets a cookie and /toon shows it.
func serve(t *testing.T, pages map[string]string) string {
	t.Helper()
	mux := http.NewServeMux()
	write := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
	for path, body := range pages {
		if path == "/" {
			path = "/{$}" // that page only, so other paths are 404
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) { write(w, body) })
	}
	result := func(w http.ResponseWriter, text string) {
		write(w, strings.Replace(page, "<!--extra-->", `<p id="uitkomst">`+text+`</p>`, 1))
	}
	mux.HandleFunc("POST /verzonden", func(w http.ResponseWriter, r *http.Request) {
		result(w, fmt.Sprintf("naam=%s actie=%s", r.PostFormValue("naam"), r.PostFormValue("actie")))
	})
	mux.HandleFunc("GET /zet", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sessie", Value: r.URL.Query().Get("waarde"), Path: "/", HttpOnly: true})
		result(w, "gezet")
	})
	mux.HandleFunc("GET /toon", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("sessie")
		if err != nil {
			result(w, "geen")
			return
		}
		result(w, c.Value)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestCheckPassesAccessiblePage(t *testing.T) {
	t.Parallel()
	url := serve(t, map[string]string{"/": page})
	rec := &recorder{TB: t}
	tab := shared.Tab(rec)
	if status := tab.Visit(url + "/"); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	tab.Check("toegankelijk")
	if errs := rec.errors(); errs != "" {
		t.Fatalf("Check reported on an accessible page:\n%s", errs)
	}

	dir := filepath.Join(shared.screen, t.Name())
	for _, file := range []string{"01-toegankelijk.png", "01-toegankelijk-320.png"} {
		png, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatalf("no screenshot: %v", err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("%s is not a PNG", file)
		}
	}
	tab.Check("nog eens")
	if _, err := os.Stat(filepath.Join(dir, "02-nog-eens.png")); err != nil {
		t.Errorf("the second screenshot is not numbered 02: %v", err)
	}
}

func TestCheckReportsSeriousViolations(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(page, "<!--extra-->", `<img src="/logo.png"><input id="los" name="los">`, 1)
	url := serve(t, map[string]string{"/": bad})
	rec := &recorder{TB: t}
	tab := shared.Tab(rec)
	tab.Visit(url + "/")
	tab.Check("ontoegankelijk")
	errs := rec.errors()
	for _, want := range []string{
		"axe image-alt (critical)", `on img`,
		"axe label (critical)", "on #los",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("Check's errors lack %q; got:\n%s", want, errs)
		}
	}
}

func TestCheckPageRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		from    string
		to      string
		wantErr string
	}{
		{"no lang", `<html lang="nl">`, `<html>`, `<html lang="">, want lang="nl"`},
		{"English", `<html lang="nl">`, `<html lang="en">`, `<html lang="en">, want lang="nl"`},
		{"empty title", `<title>Gegevens invullen</title>`, `<title> </title>`, "the page has no title"},
		{"no skip link", `<a class="skip" href="#inhoud">Naar de inhoud</a>`, ``, `the first element to tab to is <input id="naam"`},
		{"skip link leads nowhere", `href="#inhoud"`, `href="#nergens"`, "leads to no element on the page"},
		{"nothing to focus", `<form method="post" action="/verzonden">`, `<form hidden>`, "nothing on the page takes focus"},
		{"too wide at 320", `<!--extra-->`, `<div style="width: 600px">breed</div>`, "at 320 pixels wide the page is 6"},
	}
	pages := map[string]string{}
	for i, tt := range tests {
		if !strings.Contains(page, tt.from) {
			t.Fatalf("%s: the page has no %q", tt.name, tt.from)
		}
		broken := strings.Replace(page, tt.from, tt.to, 1)
		if tt.name == "nothing to focus" {
			broken = strings.Replace(broken, `<a class="skip" href="#inhoud">Naar de inhoud</a>`, "", 1)
		}
		pages[fmt.Sprintf("/%d", i)] = broken
	}
	url := serve(t, pages)
	// One tab for all rows, one after the other: a tab's first page costs
	// most, as its renderer starts cold.
	tab := shared.Tab(t)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			tab := tab.reportingTo(rec)
			tab.Visit(fmt.Sprintf("%s/%d", url, i))
			tab.Check(tt.name)
			if errs := rec.errors(); !strings.Contains(errs, tt.wantErr) {
				t.Errorf("Check's errors lack %q; got:\n%s", tt.wantErr, errs)
			}
		})
	}
}

func TestCheckRestoresWidth(t *testing.T) {
	t.Parallel()
	url := serve(t, map[string]string{"/": page})
	tab := shared.Tab(t)
	tab.Visit(url + "/")
	tab.Check("breedte")
	var width int
	tab.Run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		var err error
		width, err = chromedp.Evaluate[int](`window.innerWidth`)(ctx, target)
		return err
	}))
	if width != windowWidth {
		t.Errorf("after Check the window is %d wide, want %d", width, windowWidth)
	}
}

func TestTabFillsAndSubmitsForm(t *testing.T) {
	t.Parallel()
	url := serve(t, map[string]string{"/": page})
	tab := shared.Tab(t)
	tab.Visit(url + "/")
	tab.Type("#naam", "Jansen")
	tab.Type("#naam", " de Vries")
	if status := tab.Submit(`button[name="actie"]`); status != http.StatusOK {
		t.Fatalf("submit: status %d", status)
	}
	if got, want := tab.Location(), url+"/verzonden"; got != want {
		t.Errorf("after submit the tab is on %s, want %s", got, want)
	}
	if got, want := tab.Text("#uitkomst"), "naam=Jansen de Vries actie=opslaan"; got != want {
		t.Errorf("the server got %q, want %q", got, want)
	}

	tab.Visit(url + "/")
	tab.SetValue("#naam", "Bakker")
	tab.Click("button")
	tab.WaitVisible("#uitkomst")
	if got, want := tab.Text("#uitkomst"), "naam=Bakker actie=opslaan"; got != want {
		t.Errorf("after SetValue and Click the server got %q, want %q", got, want)
	}
}

func TestTabFollowsLink(t *testing.T) {
	t.Parallel()
	withLink := strings.Replace(page, "<!--extra-->", `<p><a id="verder" href="/toon">Verder</a></p>`, 1)
	url := serve(t, map[string]string{"/": withLink})
	tab := shared.Tab(t)
	tab.Visit(url + "/")
	if status := tab.Follow("#verder"); status != http.StatusOK {
		t.Fatalf("follow: status %d", status)
	}
	if got, want := tab.Location(), url+"/toon"; got != want {
		t.Errorf("after following the link the tab is on %s, want %s", got, want)
	}
	if status := tab.Visit(url + "/bestaat-niet"); status != http.StatusNotFound {
		t.Errorf("visit of a missing page: status %d, want 404", status)
	}
}

func TestTabsHaveSeparateCookies(t *testing.T) {
	t.Parallel()
	url := serve(t, nil)
	formateur, candidate := shared.Tab(t), shared.Tab(t)
	formateur.Visit(url + "/zet?waarde=formateur")
	candidate.Visit(url + "/toon")
	if got := candidate.Text("#uitkomst"); got != "geen" {
		t.Errorf("a new tab sees the cookie %q of another tab", got)
	}
	candidate.Visit(url + "/zet?waarde=kandidaat")
	formateur.Visit(url + "/toon")
	candidate.Visit(url + "/toon")
	if got := formateur.Text("#uitkomst"); got != "formateur" {
		t.Errorf("the first tab has cookie %q, want formateur", got)
	}
	if got := candidate.Text("#uitkomst"); got != "kandidaat" {
		t.Errorf("the second tab has cookie %q, want kandidaat", got)
	}
}

func TestLocateNamesMakeTestDeps(t *testing.T) {
	dir := t.TempDir()
	axe := filepath.Join(dir, "axe.min.js")
	if err := os.WriteFile(axe, []byte("/* axe */"), 0o644); err != nil {
		t.Fatal(err)
	}
	chromium := filepath.Join(dir, "chromium")
	if err := os.WriteFile(chromium, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		chromium string
		axe      string
		wantErr  string // "" for none
	}{
		{"both there", chromium, axe, ""},
		{"no chromium", filepath.Join(dir, "nothing"), axe, "no Chromium at " + filepath.Join(dir, "nothing") + ": run `make test-deps`"},
		{"chromium not executable", axe, axe, "no Chromium at " + axe},
		{"no axe", chromium, filepath.Join(dir, "nothing.js"), "no axe-core at " + filepath.Join(dir, "nothing.js") + ": run `make test-deps`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("BASISSCAN_CHROMIUM", tt.chromium)
			t.Setenv("BASISSCAN_AXE", tt.axe)
			gotChromium, gotAxe, err := locate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("locate: %v", err)
			case tt.wantErr == "" && (gotChromium != tt.chromium || gotAxe != tt.axe):
				t.Errorf("locate = %s, %s; want %s, %s", gotChromium, gotAxe, tt.chromium, tt.axe)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("locate error = %v, want one with %q", err, tt.wantErr)
			}
		})
	}
}

func TestStartStopsBrowserWithTest(t *testing.T) {
	var b *Browser
	t.Run("walk", func(t *testing.T) {
		b = Start(t)
		url := serve(t, map[string]string{"/": page})
		if status := b.Tab(t).Visit(url + "/"); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
	})
	if b.ctx.Err() == nil {
		t.Error("the browser still runs after its test ended")
	}
}
