package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

// basisscan rekey moves everything to the active key and says how much it
// moved; afterwards the old key can go.
func TestRekeyCommand(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dbURL := storetest.DSN(t, d)
			key := func(id string) string {
				b := make([]byte, 32)
				_, _ = rand.Read(b)
				return id + ":" + base64.StdEncoding.EncodeToString(b)
			}
			a, b := key("a"), key("b")
			dir := t.TempDir()
			vars := func(keys string) func(string) string {
				return env(map[string]string{"BASISSCAN_DATABASE_URL": dbURL, "BASISSCAN_OUTBOX_DIR": dir,
					"BASISSCAN_LOG_LEVEL": "warn", "BASISSCAN_KEY_FILE": filepath.Join(dir, "k", "encryption.key"),
					"BASISSCAN_ENCRYPTION_KEYS": keys})
			}
			var out, errs bytes.Buffer
			cmd := func(keys string, args ...string) error {
				out.Reset()
				return run(context.Background(), args, vars(keys), &out, &errs)
			}
			if err := cmd(a, "org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente"); err != nil {
				t.Fatalf("org add: %v (%s)", err, errs.String())
			}
			if err := cmd(a, "user", "add", "--org", "Gemeente Zuidhaven", "--role", "adviser", "--name", "Ada", "--email", "ada@example.nl"); err != nil {
				t.Fatalf("user add: %v (%s)", err, errs.String())
			}
			deactivate := []string{"user", "deactivate", "--org", "Gemeente Zuidhaven", "--role", "adviser", "--email", "ada@example.nl"}
			if err := cmd(b, deactivate...); err == nil {
				t.Fatal("the account opened without the key that sealed it: the rest of this test proves nothing")
			}
			if err := cmd(b+","+a, "rekey"); err != nil {
				t.Fatalf("rekey: %v (%s)", err, errs.String())
			}
			if !strings.Contains(out.String(), "users: 1 rows re-sealed\n") || !strings.Contains(out.String(), "scans: 0 rows re-sealed\n") {
				t.Fatalf("rekey output:\n%s", out.String())
			}
			if err := cmd(b, "rekey"); err != nil || !strings.Contains(out.String(), "users: 0 rows re-sealed\n") {
				t.Fatalf("second rekey, old key gone: %v\n%s", err, out.String())
			}
			if err := cmd(b, deactivate...); err != nil {
				t.Fatalf("the account does not open with the new key alone: %v", err)
			}
		})
	}
}
