// Package browsertest drives the web pages in a real headless Chromium from
// tests, and checks every page it is asked to with axe-core, a few rules of
// our own and a screenshot. Only tests import it: it starts processes and
// fails tests.
//
// A walk starts one browser and opens a tab per person, so that a formateur
// and a candidate each have their own cookies:
//
//	b := browsertest.Start(t)
//	formateur := b.Tab(t)
//	formateur.Visit(srv.URL + "/inloggen")
//	formateur.Check("inloggen")
//
// It needs Debian's chromium and the axe-core of package.json in this folder;
// `make test-deps` installs both. BASISSCAN_CHROMIUM names another browser,
// BASISSCAN_AXE another axe.min.js and BASISSCAN_TEST_OUTPUT another folder
// for the screenshots.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// actionTimeout bounds one step of a walk. Chromium on a busy two-core
// machine can take seconds to start or to lay out a page, so it is generous.
const actionTimeout = 30 * time.Second

// The window every tab starts with, in CSS pixels.
const (
	windowWidth  = 1280
	windowHeight = 900
)

// Browser is one headless Chromium. Its tabs may be used from parallel
// tests, one tab per goroutine.
type Browser struct {
	ctx    context.Context // has run once, so the browser lives as long as it
	axe    string          // the source of axe.min.js
	screen string          // the folder under which screenshots go, per test

	mu    sync.Mutex
	shots map[string]int // screenshots taken so far per test folder
}

// Start launches a headless Chromium for the test and stops it when the test
// ends. It fails the test, never skips it, when Chromium or axe-core is
// missing: a page that is not checked must not look like a page that passed.
func Start(t testing.TB) *Browser {
	t.Helper()
	b, stop, err := Launch()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return b
}

// Launch launches the browser; stop ends it and removes its profile. It is
// Start without a test, for a TestMain that shares one browser.
func Launch() (b *Browser, stop func(), err error) {
	bin, axePath, err := locate()
	if err != nil {
		return nil, nil, err
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		return nil, nil, fmt.Errorf("read axe-core: %w (run `make test-deps`)", err)
	}
	screen, err := screenDir()
	if err != nil {
		return nil, nil, err
	}
	// Chromium's start is the one step that competes with every other test
	// package for two cores when `go test ./...` runs them side by side:
	// it gets longer than an action, and a second try with a fresh profile.
	var ctx context.Context
	for try := 1; ; try++ {
		ctx, stop, err = start(bin)
		if err == nil {
			break
		}
		if try == startTries {
			return nil, nil, err
		}
	}
	return &Browser{ctx: ctx, axe: string(axe), screen: screen, shots: map[string]int{}}, stop, nil
}

// startTries is how often Launch tries to start Chromium, and startTimeout
// how long each try may take.
const (
	startTries   = 2
	startTimeout = 90 * time.Second
)

// start runs Chromium with a profile of its own and waits until it answers.
func start(bin string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "basisscan-chromium-")
	if err != nil {
		return nil, nil, fmt.Errorf("make a Chromium profile folder: %w", err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox, // root runs the tests in CI, and the sandbox refuses root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(windowWidth, windowHeight),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	stop := func() {
		cancelBrowser()
		cancelAlloc() // waits for the process to exit, so the profile can go
		_ = os.RemoveAll(profile)
	}
	// The first run binds the browser's life to its context, so it gets no
	// timeout of its own; the wait below bounds it instead.
	if err := within(ctx, stop, startTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		return nil, nil, fmt.Errorf("start Chromium %s: %w", bin, err)
	}
	return ctx, stop, nil
}

// within runs first, an action that must not have a deadline on its context,
// and gives up after timeout, calling abandon to end what it started.
func within(ctx context.Context, abandon func(), timeout time.Duration, first func() error) error {
	done := make(chan error, 1)
	go func() { done <- first() }()
	select {
	case err := <-done:
		if err != nil {
			abandon()
		}
		return err
	case <-time.After(timeout):
		abandon()
		<-done
		return fmt.Errorf("no answer after %s", timeout)
	}
}

// locate finds Chromium and axe.min.js: the environment first, then the
// places where `make test-deps` puts them. Its error says what is missing and
// how to install it.
func locate() (chromium, axe string, err error) {
	chromium = os.Getenv("BASISSCAN_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if info, statErr := os.Stat(chromium); statErr != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		return "", "", fmt.Errorf("browsertest: no Chromium at %s: run `make test-deps` (it installs Debian's chromium), or set BASISSCAN_CHROMIUM", chromium)
	}
	axe = os.Getenv("BASISSCAN_AXE")
	if axe == "" {
		root, rootErr := repoRoot()
		if rootErr != nil {
			return "", "", rootErr
		}
		axe = filepath.Join(root, "web", "browsertest", "node_modules", "axe-core", "axe.min.js")
	}
	if _, statErr := os.Stat(axe); statErr != nil {
		return "", "", fmt.Errorf("browsertest: no axe-core at %s: run `make test-deps` (it runs npm ci in web/browsertest), or set BASISSCAN_AXE", axe)
	}
	return chromium, axe, nil
}

// screenDir is where the screenshots go: BASISSCAN_TEST_OUTPUT, or
// testdata-out/screens in the repository, which git ignores.
func screenDir() (string, error) {
	if dir := os.Getenv("BASISSCAN_TEST_OUTPUT"); dir != "" {
		return filepath.Abs(dir)
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "testdata-out", "screens"), nil
}

// repoRoot walks up from the working directory, which go test sets to the
// package's folder, to the folder with go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("browsertest: find the repository: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("browsertest: find the repository: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("browsertest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// nextShot returns the number of the next screenshot in dir, starting at 1.
// The first call for a folder empties it, so a run leaves only its own
// screenshots behind.
func (b *Browser) nextShot(dir string) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, seen := b.shots[dir]; !seen {
		if err := os.RemoveAll(dir); err != nil {
			return 0, fmt.Errorf("empty %s: %w", dir, err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, fmt.Errorf("make %s: %w", dir, err)
		}
	}
	b.shots[dir]++
	return b.shots[dir], nil
}
