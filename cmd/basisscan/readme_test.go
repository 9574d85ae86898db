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

// The README's curl walkthrough runs as written, from intake to closed,
// against the binary built from this tree.
func TestREADMEWalkthrough(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "curl", "grep", "cut"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the walkthrough needs %s: %v", tool, err)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "## The whole flow with curl")
	open := strings.Index(text[start:], "```sh\n")
	if start < 0 || open < 0 {
		t.Fatal("the README has no curl walkthrough")
	}
	script := text[start+open+len("```sh\n"):]
	script = script[:strings.Index(script, "```")]

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
	// The binary is built already; the server gets a moment to listen and
	// is stopped at the end.
	script = strings.Replace(script, "make build\n", "", 1)
	script = strings.Replace(script, "bin/basisscan serve &", "bin/basisscan serve 2>serve.log & sleep 1", 1)
	script = strings.ReplaceAll(script, "127.0.0.1:8080", "127.0.0.1:"+port)
	script = "set -e\nexport BASISSCAN_ADDR=127.0.0.1:" + port + "\ntrap 'kill %1 2>/dev/null' EXIT\n" + script
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BASISSCAN_LOG_LEVEL=warn", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("walkthrough: %v\n%s", err, out)
	}
	for _, want := range []string{`"state":"interview"`, `"state":"vog_check"`, `"state":"candidate_review"`,
		`"state":"delivered"`, `"state":"closed"`, `"to":"closed","action":"record_outcome"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the walkthrough's output lacks %s; it ends:\n%s", want, out[max(0, len(out)-1500):])
		}
	}
}
