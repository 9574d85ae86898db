package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets axe runs: WCAG 2.1 A and AA, which the issue
// demands, and axe's best practices, which catch the rest of what a screen
// reader user trips over (landmarks, one h1, a skip link that works).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// narrowWidth is the viewport width at which every page must still work
// without scrolling sideways: WCAG 1.4.10 (reflow) at 400% zoom of 1280.
const narrowWidth = 320

// violation is one axe rule that failed, with the elements it failed on.
type violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Targets []string `json:"targets"`
}

// pageFacts are what the rules of our own read from the page.
type pageFacts struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	// The first element Tab reaches, if any, and where it leads.
	FirstFocusable string `json:"firstFocusable"`
	FirstHref      string `json:"firstHref"`
	FirstIsLink    bool   `json:"firstIsLink"`
	TargetExists   bool   `json:"targetExists"`
}

// Check checks the page the tab is on, as the issue demands of every page,
// and saves screenshots of it under the test's folder as NN-name.png (1280
// wide) and NN-name-320.png. It reports as test errors, so a walk sees every
// problem of a page at once:
//   - every axe-core violation of impact serious or critical, with the rule,
//     its help and the elements (minor and moderate ones are logged);
//   - a root element without lang="nl", an empty title, and a first element
//     to tab to that is not a skip link (an <a href="#…"> to an element on
//     the page);
//   - a page that scrolls sideways at 320 pixels wide.
//
// It fails the test at once when it cannot run (axe does not load, a
// screenshot cannot be saved).
func (p *Tab) Check(name string) {
	p.t.Helper()
	n, dir := p.shotNumber()
	base := fmt.Sprintf("%02d-%s", n, fileName(name))
	// Every message names the page both ways: the walk's name finds the
	// step and the screenshot, the URL the handler.
	label := name + " (" + p.where() + ")"
	p.screenshot(filepath.Join(dir, base+".png"))
	p.checkAxe(label)
	p.checkRules(label)
	p.checkNarrow(label, filepath.Join(dir, base+"-320.png"))
}

// shotNumber is the number of the next screenshot of the test and its folder.
func (p *Tab) shotNumber() (int, string) {
	p.t.Helper()
	var parts []string
	for _, part := range strings.Split(p.t.Name(), "/") {
		parts = append(parts, fileName(part))
	}
	dir := filepath.Join(append([]string{p.b.screen}, parts...)...)
	n, err := p.b.nextShot(dir)
	if err != nil {
		p.fail("screenshot: %v", err)
	}
	return n, dir
}

// fileName makes s safe as one file name: letters, digits, '-' and '_'.
func fileName(s string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, s)
	if name == "" {
		return "page"
	}
	return name
}

// screenshot saves a PNG of the whole page, beyond the viewport too.
func (p *Tab) screenshot(path string) {
	p.t.Helper()
	png, err := run(p, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		p.fail("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.fail("screenshot: %v", err)
	}
	p.t.Logf("screenshot %s", path)
}

// checkAxe runs axe-core on the page and reports its violations.
func (p *Tab) checkAxe(name string) {
	p.t.Helper()
	loaded, err := run(p, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		p.t.Fatalf("browsertest: check %s: look for axe-core: %v", name, err)
	}
	if !loaded {
		// Evaluated through the protocol, so a strict Content-Security-Policy
		// of the page does not block it.
		if _, err := run(p, chromedp.Evaluate[chromedp.Void](p.b.axe)); err != nil {
			p.t.Fatalf("browsertest: check %s: load axe-core: %v", name, err)
		}
	}
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	found, err := run(p, chromedp.Evaluate[[]violation](`(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: `+tags+`}, resultTypes: ["violations"]});
		return r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			targets: v.nodes.map(n => n.target.map(String).join(" ")),
		}));
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("browsertest: check %s: run axe-core: %v", name, err)
	}
	for _, v := range found {
		msg := fmt.Sprintf("%s: axe %s (%s): %s; on %s; see %s", name, v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "), v.HelpURL)
		if v.Impact == "serious" || v.Impact == "critical" {
			p.t.Errorf("browsertest: %s", msg)
		} else {
			p.t.Logf("browsertest: %s", msg)
		}
	}
}

// checkRules reports what the issue demands of a page and axe does not
// decide: axe accepts any valid language and a first link that is no skip
// link.
func (p *Tab) checkRules(name string) {
	p.t.Helper()
	f, err := run(p, chromedp.Evaluate[pageFacts](`(() => {
		const focusable = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, iframe, summary, [contenteditable=""], [contenteditable="true"], [tabindex]';
		const first = Array.from(document.querySelectorAll(focusable)).find(el =>
			!el.disabled && el.tabIndex >= 0 && !el.closest("[inert]") &&
			el.checkVisibility({visibilityProperty: true}));
		const href = first ? (first.getAttribute("href") || "") : "";
		let target = false;
		try {
			target = href.length > 1 && document.getElementById(decodeURIComponent(href.slice(1))) !== null;
		} catch (e) {}
		return {
			lang: document.documentElement.getAttribute("lang") || "",
			title: document.title.trim(),
			firstFocusable: first ? first.outerHTML.slice(0, 120) : "",
			firstHref: href,
			firstIsLink: first !== undefined && first.tagName === "A",
			targetExists: target,
		};
	})()`))
	if err != nil {
		p.t.Fatalf("browsertest: check %s: read the page: %v", name, err)
	}
	if f.Lang != "nl" {
		p.t.Errorf(`browsertest: %s: <html lang=%q>, want lang="nl"`, name, f.Lang)
	}
	if f.Title == "" {
		p.t.Errorf("browsertest: %s: the page has no title", name)
	}
	switch {
	case f.FirstFocusable == "":
		p.t.Errorf("browsertest: %s: nothing on the page takes focus, so it has no skip link", name)
	case !f.FirstIsLink || !strings.HasPrefix(f.FirstHref, "#"):
		p.t.Errorf(`browsertest: %s: the first element to tab to is %s, want a skip link <a href="#…">`, name, f.FirstFocusable)
	case !f.TargetExists:
		p.t.Errorf("browsertest: %s: the skip link %s leads to no element on the page", name, f.FirstFocusable)
	}
}

// checkNarrow lays the page out 320 pixels wide, saves a screenshot and
// reports a page that then scrolls sideways; it restores the width after.
func (p *Tab) checkNarrow(name, path string) {
	p.t.Helper()
	p.do("narrow the window", chromedp.EmulateViewport(narrowWidth, windowHeight))
	defer func() {
		// Back to full width, and two frames later: a click before the page
		// is laid out again lands where the button was at 320 pixels.
		p.do("restore the window", chromedp.EmulateViewport(windowWidth, windowHeight),
			chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise))
	}()
	// clientWidth leaves out a vertical scrollbar, so content that fills
	// 320 pixels under one still counts as too wide.
	w, err := run(p, chromedp.Evaluate[struct {
		Scroll int `json:"scroll"`
		Client int `json:"client"`
	}](`({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`))
	if err != nil {
		p.t.Fatalf("browsertest: check %s: measure the page: %v", name, err)
	}
	if w.Scroll > w.Client || w.Scroll > narrowWidth {
		p.t.Errorf("browsertest: %s: at %d pixels wide the page is %d wide and scrolls sideways", name, narrowWidth, w.Scroll)
	}
	p.screenshot(path)
}
