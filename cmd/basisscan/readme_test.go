package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readmeBlock returns the first sh block after marker in the README.
func readmeBlock(t *testing.T, marker string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, marker)
	if start < 0 {
		t.Fatalf("the README has no %q", marker)
	}
	open := strings.Index(text[start:], "```sh\n")
	if open < 0 {
		t.Fatalf("the README has no commands after %q", marker)
	}
	script := text[start+open+len("```sh\n"):]
	return script[:strings.Index(script, "```")]
}

// runREADME runs a script of the README's with bash in a fresh folder that
// has the binary built from this tree as bin/basisscan and the configs; the
// service's address 127.0.0.1:8080 becomes a free port. It returns what the
// script printed.
func runREADME(t *testing.T, script string) string {
	t.Helper()
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "bin", "basisscan"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if err := os.CopyFS(filepath.Join(dir, "configs"), os.DirFS("../../configs")); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	script = strings.ReplaceAll(script, "127.0.0.1:8080", "127.0.0.1:"+port)
	script = "set -e\nexport BASISSCAN_ADDR=127.0.0.1:" + port + " BASISSCAN_BASE_URL=http://127.0.0.1:" + port +
		"\ntrap 'kill %1 2>/dev/null' EXIT\n" + script
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BASISSCAN_LOG_LEVEL=warn", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README commands: %v\n%s", err, out)
	}
	return string(out)
}

// The README's curl walkthrough runs as written, from intake to closed,
// against the binary built from this tree.
func TestREADMEWalkthrough(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "curl", "grep", "cut"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the walkthrough needs %s: %v", tool, err)
		}
	}
	script := readmeBlock(t, "## The whole flow with curl")
	// The binary is built already; the server gets a moment to listen and
	// is stopped at the end.
	script = strings.Replace(script, "make build\n", "", 1)
	script = strings.Replace(script, "bin/basisscan serve &", "bin/basisscan serve 2>serve.log & sleep 1", 1)
	out := runREADME(t, script)
	for _, want := range []string{`"state":"interview"`, `"state":"vog_check"`, `"state":"candidate_review"`,
		`"state":"delivered"`, `"state":"closed"`, `"to":"closed","action":"record_outcome"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the walkthrough's output lacks %s; it ends:\n%s", want, out[max(0, len(out)-1500):])
		}
	}
}

// The README's way of signing in on a fresh machine works as written: the
// browser's part (the sign-in form, then the link) is done with curl.
func TestREADMESignInOnFreshMachine(t *testing.T) {
	t.Parallel()
	script := readmeBlock(t, "**Signing in on a fresh machine.**")
	browser := "# open http://127.0.0.1:8080/inloggen, enter formateur@zuidhaven.nl, then the link in the newest file:\n"
	if !strings.Contains(script, browser) || !strings.Contains(script, "make run &") {
		t.Fatalf("the sign-in commands changed; update this test:\n%s", script)
	}
	script = strings.Replace(script, "make run &", "bin/basisscan serve 2>serve.log & sleep 1", 1)
	script = strings.ReplaceAll(script, "go run ./cmd/basisscan", "bin/basisscan")
	script = strings.Replace(script, browser, `curl -sf -c jar -b jar -o /dev/null http://127.0.0.1:8080/inloggen
curl -sf -c jar -b jar -o /dev/null http://127.0.0.1:8080/inloggen --data "email=formateur@zuidhaven.nl&csrf=$(awk '$6 == "csrf" {print $7}' jar)"
`, 1)
	script += `LINK=$(grep -ho 'http://127.0.0.1:8080/aanmelden/[^[:space:]]*' $(ls -t data/outbox/*.eml | head -1))
curl -sf -c jar -b jar -o /dev/null "$LINK" --data "csrf=$(awk '$6 == "csrf" {print $7}' jar)"
curl -sf -b jar http://127.0.0.1:8080/scans
`
	out := runREADME(t, script)
	if !strings.Contains(out, "/aanmelden/") || !strings.Contains(out, "<h1>Scans</h1>") {
		t.Fatalf("signed in with the README's commands, the formateur does not see their scans:\n%s", out)
	}
}
