package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"basisscan/configs"
)

// startApp serves a fresh service on a loopback port until the test ends;
// it returns the app, its address and the log.
func startApp(t *testing.T, extra ...string) (*app, string, *safeBuffer, context.CancelFunc, <-chan error) {
	t.Helper()
	dir := t.TempDir()
	vars := map[string]string{"BASISSCAN_DATABASE_URL": filepath.Join(dir, "b.db"),
		"BASISSCAN_OUTBOX_DIR": filepath.Join(dir, "outbox"), "BASISSCAN_KEY_FILE": filepath.Join(dir, "key")}
	for i := 0; i+1 < len(extra); i += 2 {
		vars[extra[i]] = extra[i+1]
	}
	cfg, err := configs.Load(env(vars))
	if err != nil {
		t.Fatal(err)
	}
	logs := &safeBuffer{}
	a, err := open(context.Background(), cfg, logs)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, a, ln) }()
	t.Cleanup(func() { stop(); a.close() })
	return a, ln.Addr().String(), logs, stop, done
}

// basisscan health asks /healthz, or /readyz with --ready, and fails when
// the answer is not 200 or there is none.
func TestHealthCommand(t *testing.T) {
	t.Parallel()
	_, addr, _, _, _ := startApp(t)
	for _, args := range [][]string{{"health"}, {"health", "--ready"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, env(map[string]string{"BASISSCAN_ADDR": addr}), &out, &out); err != nil {
			t.Errorf("%v against a running service: %v", args, err)
		}
		if !strings.Contains(out.String(), "200 OK") {
			t.Errorf("%v printed %q", args, out.String())
		}
	}
	// A service that is up but not ready: health passes, health --ready fails.
	unready := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer unready.Close()
	vars := env(map[string]string{"BASISSCAN_ADDR": strings.TrimPrefix(unready.URL, "http://")})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"health"}, vars, &out, &out); err != nil {
		t.Errorf("health of a live service: %v", err)
	}
	if err := run(context.Background(), []string{"health", "--ready"}, vars, &out, &out); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("health --ready of an unready service: %v", err)
	}
	// Nothing listens.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	free := ln.Addr().String()
	ln.Close()
	if err := run(context.Background(), []string{"health", "--timeout", "2s"}, env(map[string]string{"BASISSCAN_ADDR": free}), &out, &out); err == nil {
		t.Error("health with no service: no error")
	}
	if got, _ := localURL("0.0.0.0:8080"); got != "http://127.0.0.1:8080" {
		t.Errorf("localURL(0.0.0.0:8080) = %s", got)
	}
	if got, _ := localURL(":8080"); got != "http://127.0.0.1:8080" {
		t.Errorf("localURL(:8080) = %s", got)
	}
}

// On the stop signal the service stops taking connections but lets a
// request in flight finish: a scan whose body is still arriving is created
// and answered, and only then does serve return.
func TestGracefulShutdownFinishesRequestInFlight(t *testing.T) {
	t.Parallel()
	a, addr, logs, stop, done := startApp(t)
	formateur, _, err := demoAccounts(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"candidate":{"name":"Eva Ëlberts","email":"eva@example.nl"},"office":"wethouder",` +
		`"adviser_email":"adviseur@integriteitsbureau.nl","planned_appointment_date":"` +
		time.Now().AddDate(0, 0, 30).Format("2006-01-02") + `"}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// With Expect: 100-continue the server says "100 Continue" when the
	// handler starts reading the body: from then on the request is in flight.
	fmt.Fprintf(conn, "POST /api/v1/scans HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, formateur, len(body))
	r := bufio.NewReader(conn)
	if line, err := r.ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("no 100 Continue: %q, %v", line, err)
	}
	if _, err := r.ReadString('\n'); err != nil { // the blank line after it
		t.Fatal(err)
	}
	stop() // what SIGTERM does in serve
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), `"msg":"shutting down"`) {
		if time.Now().After(deadline) {
			t.Fatal("no 'shutting down' in the log")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := conn.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("the request in flight got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the request in flight got %s, want 201", resp.Status)
	}
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(logs.String(), `"msg":"shutdown complete"`) {
		t.Error("no 'shutdown complete' in the log")
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("the service still takes connections after shutdown")
	}
}

// A service that cannot start says why as a JSON log line, like the rest
// of its log; a command for a person says it as text.
func TestStartUpErrorsAsJSON(t *testing.T) {
	t.Parallel()
	cause := errors.New("BASISSCAN_RESPONSE_PERIOD_DAYS must be a whole number of days")
	for _, args := range [][]string{nil, {"serve"}, {"migrate"}} {
		var out bytes.Buffer
		reportError(&out, args, cause)
		var line struct{ Level, Msg, Error string }
		if err := json.Unmarshal(out.Bytes(), &line); err != nil {
			t.Fatalf("%v: not JSON: %q", args, out.String())
		}
		if line.Level != "ERROR" || line.Error != cause.Error() {
			t.Errorf("%v: %+v", args, line)
		}
	}
	var out bytes.Buffer
	reportError(&out, []string{"user", "add"}, cause)
	if out.String() != "basisscan: "+cause.Error()+"\n" {
		t.Errorf("user add: %q", out.String())
	}
}

// make run serves with the binary itself: stopping make's process (what an
// operator or a script with $! does) stops the server, and nothing is left
// listening on the port.
func TestMakeRunStopsWithItsProcess(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatalf("make is needed: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cmd := exec.Command("make", "--no-print-directory", "-C", "../..", "run")
	cmd.Env = append(os.Environ(), "BASISSCAN_ADDR="+addr, "BASISSCAN_DATABASE_URL="+filepath.Join(dir, "b.db"),
		"BASISSCAN_OUTBOX_DIR="+filepath.Join(dir, "outbox"), "BASISSCAN_KEY_FILE="+filepath.Join(dir, "key"),
		"BASISSCAN_LOG_LEVEL=warn")
	var out safeBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	up := func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	for deadline := time.Now().Add(3 * time.Minute); !up(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("make run did not serve:\n%s", out.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("make run did not stop on SIGTERM")
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("a server still listens on %s after make run was stopped:\n%s", addr, out.String())
		}
	}
}

// The service serves its metrics at /metrics to the configured token: the
// requests of the API and the pages by route, and the scans by state.
func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	a, addr, _, _, _ := startApp(t, "BASISSCAN_METRICS_TOKEN", "scrape-secret")
	formateur, _, err := demoAccounts(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	d := &demoClient{base: base, out: io.Discard}
	d.call("start", formateur, "POST", "/api/v1/scans", map[string]any{
		"candidate": map[string]string{"name": "Eva Ëlberts", "email": "eva@example.nl"}, "office": "wethouder",
		"adviser_email": "adviseur@integriteitsbureau.nl", "planned_appointment_date": time.Now().AddDate(0, 0, 30).Format("2006-01-02"),
	}, http.StatusCreated)
	d.call("bad code", "", "POST", "/api/v1/invitations/geheime-code-1234/accept", nil, http.StatusNotFound)
	if d.err != nil {
		t.Fatal(d.err)
	}
	if resp, err := http.Get(base + "/inloggen"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sign-in page: %v", err)
	} else {
		resp.Body.Close()
	}
	get := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get(""); code != http.StatusUnauthorized {
		t.Errorf("metrics without the token: %d", code)
	}
	code, body := get("scrape-secret")
	if code != http.StatusOK {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{
		`basisscan_http_requests_total{method="POST",route="/api/v1/scans",server="api",status="201"} 1`,
		`basisscan_http_requests_total{method="POST",route="/api/v1/invitations/:code/accept",server="api",status="404"} 1`,
		`basisscan_http_requests_total{method="GET",route="/inloggen",server="pages",status="200"} 1`,
		`basisscan_scans{state="intake"} 1`,
		`basisscan_scans{state="closed"} 0`,
		`basisscan_outbox_backlog{kind="mail"} 1`, // the invitation; this test delivers none
		`basisscan_outbox_backlog{kind="webhook"} 0`,
		`basisscan_outbox_failing{kind="mail"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %s", want)
		}
	}
	for _, secret := range []string{"geheime-code-1234", "eva@example.nl", formateur} {
		if strings.Contains(body, secret) {
			t.Errorf("the metrics hold %q", secret)
		}
	}
}
