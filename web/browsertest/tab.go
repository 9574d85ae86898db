package browsertest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Tab is one browser tab in a browser context of its own, so it has its own
// cookies: one Tab per person in a walk. Each method fails the test when its
// step fails, naming the step and the page the tab is on. A Tab belongs to
// one goroutine.
type Tab struct {
	t   testing.TB
	b   *Browser
	ctx context.Context
}

// Tab opens a new tab with fresh cookies and storage, at 1280 × 900. It
// closes when the test ends.
func (b *Browser) Tab(t testing.TB) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	// The first run creates the tab and binds it to ctx, so it gets no
	// deadline; within bounds it.
	err := within(ctx, cancel, actionTimeout, func() error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(windowWidth, windowHeight))
	})
	if err != nil {
		t.Fatalf("browsertest: open a tab: %v", err)
	}
	t.Cleanup(cancel)
	return &Tab{t: t, b: b, ctx: ctx}
}

// Visit loads url and waits for the page, and returns its HTTP status. A
// status of 500 or more fails the test; others are the walk's to judge.
func (p *Tab) Visit(url string) int {
	p.t.Helper()
	resp, err := run(p, chromedp.NavigateResponse(url))
	if err != nil {
		p.fail("visit %s: %v", url, err)
	}
	if resp == nil { // a page that came from no HTTP request, such as about:blank
		return 0
	}
	return p.status("visit "+url, resp.Status)
}

// Click clicks the first visible element that selector (CSS) matches, and
// does not wait for anything it causes: use Submit or Follow when the click
// loads a page.
func (p *Tab) Click(selector string) {
	p.t.Helper()
	p.do("click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// Submit clicks the submit button that selector matches, as a person would,
// so the form is validated and the button's name and value are sent, and
// waits for the page that the form loads. It returns that page's HTTP status
// and fails the test on a status of 500 or more.
func (p *Tab) Submit(selector string) int {
	p.t.Helper()
	return p.clickLoad("submit "+selector, selector)
}

// Follow clicks the link that selector matches and waits for the page it
// loads, like Submit.
func (p *Tab) Follow(selector string) int {
	p.t.Helper()
	return p.clickLoad("follow "+selector, selector)
}

func (p *Tab) clickLoad(step, selector string) int {
	p.t.Helper()
	// Waiting first keeps a missing element a clear failure, not a wait
	// for a page that never comes.
	p.do(step, chromedp.WaitVisible(chromedp.CSS(selector)))
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		p.fail("%s: %v", step, explain(err))
	}
	if resp == nil {
		return 0
	}
	return p.status(step, resp.Status)
}

// SetValue sets the value of the field that selector matches in one go, as
// for a select or a date field. Use Type for text a person types.
func (p *Tab) SetValue(selector, value string) {
	p.t.Helper()
	p.do("set the value of "+selector, chromedp.SetValue(chromedp.CSS(selector), value))
}

// Type focuses the field that selector matches and types text into it, key
// by key, after what it holds already.
func (p *Tab) Type(selector, text string) {
	p.t.Helper()
	p.do("type into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
}

// Text returns the visible text of the first element that selector matches,
// waiting for it to appear.
func (p *Tab) Text(selector string) string {
	p.t.Helper()
	text, err := run(p, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		p.fail("read the text of %s: %v", selector, err)
	}
	return text
}

// WaitVisible waits until an element that selector matches is visible.
func (p *Tab) WaitVisible(selector string) {
	p.t.Helper()
	p.do("wait for "+selector, chromedp.WaitVisible(chromedp.CSS(selector)))
}

// Location returns the URL of the page the tab is on.
func (p *Tab) Location() string {
	p.t.Helper()
	loc, err := run(p, chromedp.Location())
	if err != nil {
		p.t.Fatalf("browsertest: read the location: %v", err)
	}
	return loc
}

// Run runs chromedp actions on the tab, for what the methods above do not
// cover, all within one step's timeout.
func (p *Tab) Run(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	p.do("run actions", actions...)
}

// do runs actions within one step's timeout and fails the test if they fail.
func (p *Tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if _, err := run(p, chromedp.Steps(actions...)); err != nil {
		p.fail("%s: %v", step, err)
	}
}

// run runs one action within one step's timeout.
func run[T any](p *Tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	return v, explain(err)
}

// explain says what a step that timed out most likely means.
func explain(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("not done within %s: no such element, not visible, or no page came: %w", actionTimeout, err)
	}
	return err
}

// status checks an HTTP status of a page the tab loaded.
func (p *Tab) status(step string, code int64) int {
	p.t.Helper()
	if code >= 500 {
		p.fail("%s: HTTP status %d", step, code)
	}
	return int(code)
}

// fail ends the test with the message and the page the tab is on.
func (p *Tab) fail(format string, args ...any) {
	p.t.Helper()
	p.t.Fatalf("browsertest: %s (on %s)", fmt.Sprintf(format, args...), p.where())
}

// where is the tab's URL for a message, or a note why it is unknown; it
// never fails, since it runs while reporting a failure.
func (p *Tab) where() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "an unknown page: " + err.Error()
	}
	return loc
}

// Eval runs a script on the tab's page and returns its value; a promise is
// awaited.
func Eval[T any](p *Tab, js string) T {
	p.t.Helper()
	v, err := run(p, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fail("run a script: %v", err)
	}
	return v
}
