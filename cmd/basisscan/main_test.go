package main

import (
	"database/sql"
	"errors"
	"net"
	"net/http"
	"sync"

	"bytes"
	"context"
	_ "github.com/glebarez/go-sqlite"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// The demo is the newcomer's first command: it must reach closed.
func TestDemoWalksToClosed(t *testing.T) {
	t.Parallel()
	var out, logs bytes.Buffer
	if err := run(context.Background(), []string{"demo"}, env(nil), &out, &logs); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out.String(), logs.String())
	}
	for _, want := range []string{"→ 201 intake", "→ 200 questionnaire", "→ 200 vog_check", "→ 200 candidate_review",
		"→ 200 delivered", "→ 200 closed", "delivered        → closed", "the advice PDF", "the raad's summary PDF",
		"samenvatting voor de raad", "finding from signal nevenfunctie_raakvlak_wethouder."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	m := regexp.MustCompile(`the advice PDF \(\d+ bytes\) is at (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatal("demo does not say where the PDF is")
	}
	b, err := os.ReadFile(m[1])
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("demo PDF %s: %v, starts %q", m[1], err, b[:min(len(b), 8)])
	}
	_ = os.RemoveAll(filepath.Dir(m[1]))
}

// user add prints the token alone on one line, and the token works.
func TestUserAdd(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dbURL := storetest.DSN(t, d)
			keyFile := filepath.Join(t.TempDir(), "k", "encryption.key")
			vars := env(map[string]string{"BASISSCAN_DATABASE_URL": dbURL, "BASISSCAN_OUTBOX_DIR": t.TempDir(),
				"BASISSCAN_LOG_LEVEL": "warn", "BASISSCAN_KEY_FILE": keyFile})
			var out, errs bytes.Buffer
			if err := run(context.Background(), []string{"org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente"}, vars, &out, &errs); err != nil {
				t.Fatalf("org add: %v (%s)", err, errs.String())
			}
			out.Reset()
			err := run(context.Background(), []string{"user", "add", "--org", "Gemeente Zuidhaven", "--role", "adviser", "--name", "Ada Adviseur", "--email", "ada@example.nl"}, vars, &out, &errs)
			if err != nil {
				t.Fatalf("user add: %v (%s)", err, errs.String())
			}
			token := strings.TrimSuffix(out.String(), "\n")
			if strings.ContainsAny(token, " \n\t") || len(token) < 40 {
				t.Fatalf("stdout is not one token line: %q", out.String())
			}
			cfg, _ := configs.Load(vars)
			a, err := open(context.Background(), cfg, &errs)
			if err != nil {
				t.Fatal(err)
			}
			defer a.close()
			actor, err := a.service.Authenticate(context.Background(), token)
			if err != nil || actor.Role != domain.RoleAdviser {
				t.Fatalf("token does not authenticate an adviser: %+v, %v", actor, err)
			}
			if strings.Contains(errs.String(), token) {
				t.Fatal("the token reached the log")
			}
			// The zero-setup run made a key file, owner-only, and said so.
			if info, err := os.Stat(keyFile); err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("key file: %v, %v", info, err)
			}
			if !strings.Contains(errs.String(), "generated the encryption key") {
				t.Fatalf("key generation not logged: %s", errs.String())
			}
			// So did the look-up key, beside it.
			if info, err := os.Stat(filepath.Join(filepath.Dir(keyFile), "lookup.key")); err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("look-up key file: %v, %v", info, err)
			}
			out.Reset()
			err = run(context.Background(), []string{"user", "add", "--org", "Gemeente Zuidhaven", "--role", "candidate", "--name", "X", "--email", "x@example.nl"}, vars, &out, &errs)
			if err == nil || out.Len() != 0 {
				t.Fatalf("candidate accounts come from invitations only: err %v, out %q", err, out.String())
			}
			if err := run(context.Background(), []string{"user", "add", "--org", "Gemeente Nergens", "--role", "adviser", "--name", "X", "--email", "x@example.nl"}, vars, &out, &errs); err == nil {
				t.Fatal("an account in an unknown organisation was made")
			}
			// Deactivated, the token stops at once.
			if err := run(context.Background(), []string{"user", "deactivate", "--org", "Gemeente Zuidhaven", "--role", "adviser", "--email", "ada@example.nl"}, vars, &out, &errs); err != nil {
				t.Fatal(err)
			}
			if _, err := a.service.Authenticate(context.Background(), token); !errors.Is(err, domain.ErrUnauthorized) {
				t.Fatalf("deactivated token: %v", err)
			}
		})
	}
}

// Every configuration variable is documented in the README.
func TestREADMEDocumentsEveryVariable(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range configs.Variables {
		if !bytes.Contains(readme, []byte("`"+v.Name+"`")) {
			t.Errorf("README does not document %s", v.Name)
		}
	}
}

// audit verify passes on an intact trail and fails, naming the break, on a
// tampered one.
func TestAuditVerify(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	vars := env(map[string]string{"BASISSCAN_DATABASE_URL": filepath.Join(dir, "b.db"), "BASISSCAN_OUTBOX_DIR": dir,
		"BASISSCAN_LOG_LEVEL": "error", "BASISSCAN_KEY_FILE": filepath.Join(dir, "key")})
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"org", "add", "--name", "Waterschap Aa", "--kind", "waterschap"}, vars, &out, &errs); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"a@example.nl", "b@example.nl"} {
		if err := run(context.Background(), []string{"user", "add", "--org", "Waterschap Aa", "--role", "adviser", "--name", "A", "--email", email}, vars, &out, &errs); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"audit", "verify"}, vars, &out, &errs); err != nil || !strings.Contains(out.String(), "intact: 1 chains") {
		t.Fatalf("verify intact: %v, %q", err, out.String())
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_events_no_update`, `UPDATE audit_events SET object = 'user:someone-else' WHERE seq = 2`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out.Reset()
	err = run(context.Background(), []string{"audit", "verify"}, vars, &out, &errs)
	if err == nil || !strings.Contains(out.String(), "chain system breaks at event 2") {
		t.Fatalf("verify tampered: %v, %q", err, out.String())
	}
}

// The whole flow, logged at debug level, leaves no personal data, token or
// invitation code in the log.
func TestLogsHoldNoPersonalData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg, err := configs.Load(env(map[string]string{"BASISSCAN_DATABASE_URL": filepath.Join(dir, "b.db"),
		"BASISSCAN_OUTBOX_DIR": filepath.Join(dir, "outbox"), "BASISSCAN_KEY_FILE": filepath.Join(dir, "key"),
		"BASISSCAN_LOG_LEVEL": "debug"}))
	if err != nil {
		t.Fatal(err)
	}
	var logs safeBuffer
	a, err := open(context.Background(), cfg, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, a, ln) }()
	defer func() { stop(); <-done }()

	formateur, adviser, err := demoAccounts(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	d := &demoClient{base: "http://" + ln.Addr().String(), out: &out}
	if err := d.walk(cfg.OutboxDir, formateur, adviser); err != nil {
		t.Fatalf("flow: %v\n%s", err, out.String())
	}
	// Some refusals too: they are logged as well.
	d.call("bad token", "not-a-token", "GET", "/api/v1/scans", nil, http.StatusUnauthorized)
	d.call("unknown code", "", "POST", "/api/v1/invitations/eva-raadt-maar-wat/accept", nil, http.StatusNotFound)
	if d.err != nil {
		t.Fatal(d.err)
	}
	code, err := invitationCode(cfg.OutboxDir)
	if err != nil {
		t.Fatal(err)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	done <- nil // for the deferred stop
	text := logs.String()
	if !strings.Contains(text, `"route":"/api/v1/scans/:id/sign-off"`) {
		t.Fatalf("the log holds no request lines, so this test proves nothing:\n%s", text)
	}
	// Durations name their unit; the stop is said when it starts and when it is done.
	for _, want := range []string{`"duration_ms":`, `"msg":"shutting down"`, `"msg":"shutdown complete"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
	for _, secret := range []string{"Eva", "Ëlberts", "eva@example.nl", "Fatima", "formateur@zuidhaven.nl", "Arjen",
		"adviseur@integriteitsbureau.nl", formateur, adviser, code, "eva-raadt-maar-wat", "not-a-token",
		"Bestuurslid sportvereniging", "Nevenfuncties en de eenmanszaak", "VOG-2026-0042", "Zie toelichting"} {
		if strings.Contains(text, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

// safeBuffer is a bytes.Buffer for a logger written from request goroutines.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// audit checkpoint writes the chain heads beside an audit key it created
// owner-only; audit verify reads them and exits non-zero once a checkpointed
// chain is gone.
func TestAuditCheckpointCommand(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dbURL := storetest.DSN(t, d)
			keyDir := filepath.Join(t.TempDir(), "k")
			vars := env(map[string]string{"BASISSCAN_DATABASE_URL": dbURL, "BASISSCAN_OUTBOX_DIR": t.TempDir(),
				"BASISSCAN_LOG_LEVEL": "warn", "BASISSCAN_KEY_FILE": filepath.Join(keyDir, "encryption.key")})
			var out, errs bytes.Buffer
			if err := run(context.Background(), []string{"org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente"}, vars, &out, &errs); err != nil {
				t.Fatalf("org add: %v (%s)", err, errs.String())
			}
			if info, err := os.Stat(filepath.Join(keyDir, "audit.key")); err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("audit key file: %v, %v", info, err)
			}
			out.Reset()
			if err := run(context.Background(), []string{"audit", "checkpoint"}, vars, &out, &errs); err != nil ||
				!strings.Contains(out.String(), "1 chain heads appended") {
				t.Fatalf("audit checkpoint: %v, %q (%s)", err, out.String(), errs.String())
			}
			if b, err := os.ReadFile(filepath.Join(keyDir, "audit-checkpoints.log")); err != nil || !strings.Contains(string(b), `"chain":"system"`) {
				t.Fatalf("checkpoint file: %q, %v", b, err)
			}
			out.Reset()
			if err := run(context.Background(), []string{"audit", "verify"}, vars, &out, &errs); err != nil {
				t.Fatalf("audit verify: %v, %s", err, out.String())
			}
			driver := "sqlite"
			if d == storetest.Postgres {
				driver = "pgx"
			}
			db, err := sql.Open(driver, dbURL)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			drop := []string{`DROP TRIGGER audit_events_no_delete`, `DROP TRIGGER audit_heads_no_delete`}
			if d == storetest.Postgres {
				drop = []string{`ALTER TABLE audit_events DISABLE TRIGGER USER`, `ALTER TABLE audit_heads DISABLE TRIGGER USER`}
			}
			for _, q := range append(drop, `DELETE FROM audit_events`, `DELETE FROM audit_heads`) {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			out.Reset()
			err = run(context.Background(), []string{"audit", "verify"}, vars, &out, &errs)
			if err == nil || !strings.Contains(out.String(), "chain system breaks") || !strings.Contains(out.String(), "gone") {
				t.Fatalf("verify after dropping the chain: %v, %q", err, out.String())
			}
		})
	}
}

// token revoke stops one token, named by its secret or by its id.
func TestTokenRevoke(t *testing.T) {
	t.Parallel()
	vars := env(map[string]string{"BASISSCAN_DATABASE_URL": filepath.Join(t.TempDir(), "b.db"), "BASISSCAN_OUTBOX_DIR": t.TempDir(),
		"BASISSCAN_LOG_LEVEL": "warn", "BASISSCAN_KEY_FILE": filepath.Join(t.TempDir(), "encryption.key")})
	ctx := context.Background()
	var out, errs bytes.Buffer
	cli := func(args ...string) error {
		out.Reset()
		return run(ctx, args, vars, &out, &errs)
	}
	if err := cli("org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente"); err != nil {
		t.Fatalf("org add: %v (%s)", err, errs.String())
	}
	add := func(email string) string {
		t.Helper()
		if err := cli("user", "add", "--org", "Gemeente Zuidhaven", "--role", "formateur", "--name", "F", "--email", email); err != nil {
			t.Fatalf("user add: %v (%s)", err, errs.String())
		}
		return strings.TrimSpace(out.String())
	}
	first, second := add("een@zuidhaven.nl"), add("twee@zuidhaven.nl")
	cfg, _ := configs.Load(vars)
	a, err := open(ctx, cfg, &errs)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	works := func(token string) bool {
		_, err := a.service.Authenticate(ctx, token)
		return err == nil
	}
	if err := cli("token", "revoke", "--token", first); err != nil {
		t.Fatalf("token revoke --token: %v", err)
	}
	if works(first) || !works(second) {
		t.Fatalf("after revoking the first: first works %v, second works %v", works(first), works(second))
	}
	actor, _ := a.service.Authenticate(ctx, second)
	tokens, err := a.store.Tokens(ctx, actor.OrganisationID, actor.UserID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens = %+v, %v", tokens, err)
	}
	if err := cli("token", "revoke", "--id", tokens[0].ID); err != nil {
		t.Fatalf("token revoke --id: %v", err)
	}
	if works(second) {
		t.Fatal("the second token works after revoking it by id")
	}
	if err := cli("token", "revoke", "--id", tokens[0].ID); err == nil {
		t.Fatal("revoking a revoked token succeeded")
	}
	if err := cli("token", "revoke"); err == nil {
		t.Fatal("token revoke without --token or --id succeeded")
	}
	if strings.Contains(errs.String(), first) {
		t.Fatal("a token reached the log")
	}
}
