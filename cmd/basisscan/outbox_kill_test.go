package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"basisscan/workflow/gormstore/storetest"
	"basisscan/workflow/smtpmail/smtptest"
)

// The invitation survives a kill -9 between the commit of its scan and its
// delivery: the server is killed while the SMTP server is down, so the
// message is committed in the outbox but not delivered; the restarted
// server delivers it once the SMTP server is up. Delivery is at least once:
// a server killed in the middle of an SMTP conversation sends again after
// the rescue delay; here it arrives exactly once.
func TestNoMailLostOnKill(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "basisscan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			// A port for the SMTP server, closed for now: the server is down.
			smtpLn, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			smtpAddr := smtpLn.Addr().String()
			smtpLn.Close()
			vars := map[string]string{"BASISSCAN_DATABASE_URL": storetest.DSN(t, d), "BASISSCAN_OUTBOX_DIR": filepath.Join(dir, "outbox"),
				"BASISSCAN_LOG_LEVEL": "warn", "BASISSCAN_KEY_FILE": filepath.Join(dir, "k", "encryption.key"),
				"BASISSCAN_SMTP_URL": "smtp://" + smtpAddr + "?tls=none", "BASISSCAN_DB_MAX_CONNS": "4"}
			var out, errs bytes.Buffer
			if err := run(context.Background(), []string{"org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente"}, env(vars), &out, &errs); err != nil {
				t.Fatalf("org add: %v (%s)", err, errs.String())
			}
			token := func(role, name, email string) string {
				out.Reset()
				if err := run(context.Background(), []string{"user", "add", "--org", "Gemeente Zuidhaven", "--role", role, "--name", name, "--email", email},
					env(vars), &out, &errs); err != nil {
					t.Fatalf("user add: %v (%s)", err, errs.String())
				}
				return strings.TrimSpace(out.String())
			}
			formateur := token("formateur", "Fatima de Vries", "formateur@zuidhaven.nl")
			token("adviser", "Arjen Bakker", "adviseur@zuidhaven.nl")

			start := func() (*exec.Cmd, string) {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				addr := ln.Addr().String()
				ln.Close()
				cmd := exec.Command(bin, "serve")
				cmd.Env = append(os.Environ(), "BASISSCAN_ADDR="+addr, "BASISSCAN_BASE_URL=http://"+addr)
				for k, v := range vars {
					cmd.Env = append(cmd.Env, k+"="+v)
				}
				cmd.Stderr = &bytes.Buffer{}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
				for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
					if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
						resp.Body.Close()
						if resp.StatusCode == http.StatusOK {
							return cmd, addr
						}
					}
				}
				t.Fatalf("server not ready: %s", cmd.Stderr)
				return nil, ""
			}
			first, addr := start()
			body, _ := json.Marshal(map[string]any{
				"candidate": map[string]string{"name": "Eva Ëlberts-Smit", "email": "eva@example.nl"}, "office": "wethouder",
				"adviser_email": "adviseur@zuidhaven.nl", "planned_appointment_date": time.Now().AddDate(0, 0, 30).Format("2006-01-02"),
			})
			req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/scans", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+formateur)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var scan struct{ Reference string }
			_ = json.NewDecoder(resp.Body).Decode(&scan)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated || scan.Reference == "" {
				t.Fatalf("create scan: %d", resp.StatusCode)
			}
			// The scan is committed, its invitation with it; the SMTP
			// server is down, so it is not delivered. Kill -9.
			if err := first.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = first.Wait()

			ln, err := net.Listen("tcp", smtpAddr)
			if err != nil {
				t.Fatalf("SMTP port taken meanwhile: %v", err)
			}
			srv := smtptest.StartOn(t, ln)
			start()
			got := srv.Wait(1, 60*time.Second)
			if len(got) != 1 || got[0].To[0] != "eva@example.nl" || !strings.Contains(got[0].Data, scan.Reference) {
				t.Fatalf("after the restart the SMTP server received %d messages, want the invitation of %s", len(got), scan.Reference)
			}
			time.Sleep(2 * time.Second) // long enough for a second copy to show
			if n := len(srv.Messages()); n != 1 {
				t.Fatalf("the invitation arrived %d times", n)
			}
		})
	}
}
