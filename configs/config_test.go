package configs

import (
	"encoding/json"

	"basisscan/domain"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "data/basisscan.db" || c.Addr != "127.0.0.1:8080" || c.OutboxDir != "data/outbox" ||
		c.BaseURL != "http://127.0.0.1:8080" || c.ResponsePeriod != 10*24*time.Hour || c.QuestionnairePeriod != 7*24*time.Hour || c.InvitationTTL != 14*24*time.Hour ||
		c.Template != "2026-2" || c.DBMaxConns != 10 || c.LogLevel != "info" ||
		c.TrustedProxies != nil || c.InvitationFailuresPerMinute != 100 {
		t.Fatalf("defaults: %+v", c)
	}
}

// TestKeyFileIsNotBesideTheDatabase: by default the key lives in the user's
// configuration directory, never in the data directory a backup copies.
func TestKeyFileIsNotBesideTheDatabase(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HOME": "/home/beheer"}, "/home/beheer/.config/basisscan/encryption.key"},
		{map[string]string{"HOME": "/home/beheer", "XDG_CONFIG_HOME": "/etc/xdg"}, "/etc/xdg/basisscan/encryption.key"},
		{map[string]string{}, "keys/encryption.key"},
		{map[string]string{"HOME": "/home/beheer", "BASISSCAN_KEY_FILE": "/run/secrets/key"}, "/run/secrets/key"},
	} {
		c, err := Load(func(k string) string { return tt.env[k] })
		if err != nil {
			t.Fatal(err)
		}
		if c.KeyFile != tt.want {
			t.Errorf("%v: key file %q, want %q", tt.env, c.KeyFile, tt.want)
		}
		if strings.HasPrefix(c.KeyFile, filepath.Dir(c.DatabaseURL)+"/") {
			t.Errorf("%v: the key file %q is in the database's directory", tt.env, c.KeyFile)
		}
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"BASISSCAN_RESPONSE_PERIOD_DAYS": "ten", "BASISSCAN_INVITATION_TTL_DAYS": "-1",
		"BASISSCAN_DB_MAX_CONNS": "0", "BASISSCAN_LOG_LEVEL": "loud",
		"BASISSCAN_INVITATION_FAILURES_PER_MINUTE": "0", "BASISSCAN_TRUSTED_PROXIES": "10.0.0.1, proxy.example.nl",
		"BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK": "yes",
		"BASISSCAN_REQUIRE_IF_MATCH":        "sometimes",
	}
	_, err := Load(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("bad values accepted")
	}
	for k := range env {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("error does not name %s: %v", k, err)
		}
	}
	c, err := Load(func(k string) string {
		return map[string]string{"BASISSCAN_BASE_URL": "https://scan.example.nl/", "BASISSCAN_RESPONSE_PERIOD_DAYS": "5", "BASISSCAN_QUESTIONNAIRE_PERIOD_DAYS": "3",
			"BASISSCAN_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.1,::1 ", "BASISSCAN_INVITATION_FAILURES_PER_MINUTE": "20",
			"BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK": "true", "BASISSCAN_REQUIRE_IF_MATCH": "true"}[k]
	})
	if err != nil || !c.WebhooksAllowLoopback || c.BaseURL != "https://scan.example.nl" || c.ResponsePeriod != 5*24*time.Hour || c.QuestionnairePeriod != 3*24*time.Hour ||
		strings.Join(c.TrustedProxies, "|") != "10.0.0.0/8|192.0.2.1|::1" || c.InvitationFailuresPerMinute != 20 || !c.RequireIfMatch {
		t.Fatalf("overrides: %+v, %v", c, err)
	}
}

// If-Match is optional unless the deployment asks for it.
func TestRequireIfMatchIsOffByDefault(t *testing.T) {
	t.Parallel()
	c, err := Load(func(string) string { return "" })
	if err != nil || c.RequireIfMatch {
		t.Fatalf("default RequireIfMatch %v, %v", c.RequireIfMatch, err)
	}
}

func TestExampleListsEveryVariable(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("basisscan.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variables {
		if !strings.Contains(string(b), "\n"+v.Name+"=") {
			t.Errorf("basisscan.env.example lacks %s", v.Name)
		}
	}
}

// The README's curl walkthrough submits this file; it must stay a complete
// set of answers to the active template.
func TestExampleAnswersComplete(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("examples/answers-2026-1.json")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Answers domain.Answers `json:"answers"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatal(err)
	}
	templates, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	tmpl := templates["2026-1"]
	if errs := tmpl.CheckAnswers(body.Answers, testToday); len(errs) > 0 {
		t.Fatalf("invalid answers: %v", errs)
	}
	if missing := tmpl.Missing(body.Answers); len(missing) > 0 {
		t.Fatalf("example answers miss %v", missing)
	}
}

func TestParseKeys(t *testing.T) {
	t.Parallel()
	k1 := "k1:" + strings.Repeat("A", 43) + "="
	keys, err := ParseKeys(k1 + ", k2:" + strings.Repeat("B", 43) + "=")
	if err != nil || len(keys) != 2 || keys[0].ID != "k1" || len(keys[1].Secret) != 32 {
		t.Fatalf("ParseKeys = %+v, %v", keys, err)
	}
	for _, bad := range []string{"", "k1", ":" + strings.Repeat("A", 43) + "=", "k1:short", k1 + "," + k1, "k.1:" + strings.Repeat("A", 43) + "="} {
		if _, err := ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q) accepted", bad)
		}
	}
	if _, err := Load(func(k string) string {
		return map[string]string{"BASISSCAN_ENCRYPTION_KEYS": "k1:nope"}[k]
	}); err == nil || !strings.Contains(err.Error(), "BASISSCAN_ENCRYPTION_KEYS") {
		t.Fatalf("bad key accepted: %v", err)
	}
}

// A database URL that is neither PostgreSQL's nor a file path is refused,
// not made into a SQLite file of that name.
func TestLoadRejectsOtherDatabases(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"mysql://root@db/basisscan", "sqlserver://db", "host=db dbname=basisscan user=root", "dbname=basisscan"} {
		_, err := Load(func(k string) string { return map[string]string{"BASISSCAN_DATABASE_URL": bad}[k] })
		if err == nil || !strings.Contains(err.Error(), "BASISSCAN_DATABASE_URL") || !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	for _, good := range []string{"postgres://root@127.0.0.1:5432/test?sslmode=disable", "postgresql://db/basisscan",
		"data/basisscan.db", "/var/lib/basisscan/basisscan.db", "file:basisscan.db?mode=rwc", "C:\\data\\scan=1.db"} {
		if _, err := Load(func(k string) string { return map[string]string{"BASISSCAN_DATABASE_URL": good}[k] }); err != nil {
			t.Errorf("%q refused: %v", good, err)
		}
	}
}
