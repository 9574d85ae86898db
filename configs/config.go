// Package configs loads the service's configuration and holds the shipped
// questionnaire templates.
package configs

import (
	"basisscan/domain"
	"encoding/base64"
	"fmt"
	"net/netip"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is the service's configuration. It is read once, in cmd, and
// passed down as plain values.
type Config struct {
	DatabaseURL string // BASISSCAN_DATABASE_URL
	Addr        string // BASISSCAN_ADDR
	OutboxDir   string // BASISSCAN_OUTBOX_DIR
	SMTPURL     string // BASISSCAN_SMTP_URL; empty: .eml files in OutboxDir
	MailFrom    string // BASISSCAN_MAIL_FROM
	// OutboxPoll is how often an idle instance looks for due messages; 0
	// is a second. Not a variable: the demo and tests set it.
	OutboxPoll     time.Duration
	BaseURL        string        // BASISSCAN_BASE_URL
	ResponsePeriod time.Duration // BASISSCAN_RESPONSE_PERIOD_DAYS
	// QuestionnairePeriod is BASISSCAN_QUESTIONNAIRE_PERIOD_DAYS.
	QuestionnairePeriod time.Duration
	InvitationTTL       time.Duration // BASISSCAN_INVITATION_TTL_DAYS
	// TokenTTL is BASISSCAN_TOKEN_TTL_DAYS, CandidateTokenTTL
	// BASISSCAN_CANDIDATE_TOKEN_TTL_DAYS, ActivationTTL
	// BASISSCAN_ACTIVATION_TTL_HOURS.
	TokenTTL          time.Duration
	CandidateTokenTTL time.Duration
	ActivationTTL     time.Duration
	Template          string // BASISSCAN_QUESTIONNAIRE_VERSION
	// ConsentVersion is BASISSCAN_CONSENT_VERSION, the consent text and
	// privacy statement candidates are shown; empty means the newest shipped.
	ConsentVersion string
	DBMaxConns     int    // BASISSCAN_DB_MAX_CONNS
	LogLevel       string // BASISSCAN_LOG_LEVEL
	// MetricsToken is BASISSCAN_METRICS_TOKEN, the bearer token a scraper
	// presents at /metrics; empty serves no metrics.
	MetricsToken string
	// WebhooksAllowLoopback is BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK.
	WebhooksAllowLoopback bool
	// EncryptionKeys are BASISSCAN_ENCRYPTION_KEYS; the first seals. Empty
	// means: use (or create) the key in KeyFile.
	EncryptionKeys []EncryptionKey
	KeyFile        string // BASISSCAN_KEY_FILE
	// AuditKeys are BASISSCAN_AUDIT_KEYS, the HMAC keys of the audit trail;
	// the first signs. Empty means: use (or create) audit.key beside KeyFile.
	AuditKeys []EncryptionKey
	// AuditCheckpointFile is BASISSCAN_AUDIT_CHECKPOINT_FILE; empty means
	// audit-checkpoints.log beside KeyFile.
	AuditCheckpointFile string
	// LookupKey is BASISSCAN_LOOKUP_KEY (32 bytes); nil means: use (or
	// create) lookup.key beside KeyFile.
	LookupKey []byte
	// Retention is BASISSCAN_RETENTION_*_DAYS: how long finished scans keep
	// their content, per way they ended.
	Retention domain.Retention
	// TrustedProxies is BASISSCAN_TRUSTED_PROXIES: addresses and CIDR ranges
	// of the reverse proxies whose X-Forwarded-For names the client.
	TrustedProxies []string
	// InvitationFailuresPerMinute is BASISSCAN_INVITATION_FAILURES_PER_MINUTE:
	// failed invitation codes allowed a minute from all addresses together.
	InvitationFailuresPerMinute int
	// RequireIfMatch is BASISSCAN_REQUIRE_IF_MATCH: writes on existing
	// resources without If-Match are refused (428).
	RequireIfMatch bool
}

// EncryptionKey is one AES-256 key with the id stored beside what it seals.
type EncryptionKey struct {
	ID     string
	Secret []byte
}

// ParseKeys parses "id:base64key[,id:base64key…]" (standard base64 of 32
// bytes). The format of BASISSCAN_ENCRYPTION_KEYS and of the key file.
func ParseKeys(s string) ([]EncryptionKey, error) {
	var keys []EncryptionKey
	seen := map[string]bool{}
	for _, part := range strings.Split(strings.TrimSpace(s), ",") {
		id, b64, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || id == "" || strings.ContainsAny(id, ". ") {
			return nil, fmt.Errorf("an encryption key must be written id:base64key")
		}
		secret, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(secret) != 32 {
			return nil, fmt.Errorf("encryption key %s must be 32 bytes in standard base64", id)
		}
		if seen[id] {
			return nil, fmt.Errorf("encryption key id %s is used twice", id)
		}
		seen[id] = true
		keys = append(keys, EncryptionKey{ID: id, Secret: secret})
	}
	return keys, nil
}

// ParseLookupKey parses the standard base64 of 32 bytes: the format of
// BASISSCAN_LOOKUP_KEY and of the lookup.key file.
func ParseLookupKey(s string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("the look-up key must be 32 bytes in standard base64")
	}
	return k, nil
}

// Variables documents every environment variable with its default; the
// README's table is checked against it by a test.
var Variables = []struct{ Name, Default, Meaning string }{
	{"BASISSCAN_DATABASE_URL", "data/basisscan.db", "postgres://… URL, or the path of the embedded SQLite file"},
	{"BASISSCAN_ADDR", "127.0.0.1:8080", "address the API listens on"},
	{"BASISSCAN_OUTBOX_DIR", "data/outbox", "directory the default mailer writes .eml files to, when BASISSCAN_SMTP_URL is empty"},
	{"BASISSCAN_SMTP_URL", "", "smtp://user:password@host:587 (STARTTLS required; ?tls=none for a local relay) or smtps://user:password@host:465: deliver e-mail by SMTP instead of as .eml files"},
	{"BASISSCAN_MAIL_FROM", "Basisscan integriteit <noreply@basisscan.invalid>", "the From: of every e-mail; set a real address with SMTP"},
	{"BASISSCAN_BASE_URL", "http://<BASISSCAN_ADDR>", "public base URL, for links in e-mails"},
	{"BASISSCAN_RESPONSE_PERIOD_DAYS", "10", "days the candidate has to respond to the draft advice; never past the day before the planned appointment"},
	{"BASISSCAN_QUESTIONNAIRE_PERIOD_DAYS", "7", "days the candidate has for the questionnaire after consent"},
	{"BASISSCAN_INVITATION_TTL_DAYS", "14", "days an invitation link stays valid"},
	{"BASISSCAN_TOKEN_TTL_DAYS", "30", "days a staff member's bearer token works"},
	{"BASISSCAN_CANDIDATE_TOKEN_TTL_DAYS", "180", "days a candidate's bearer token works at most; it ends sooner when their scan's content is destroyed"},
	{"BASISSCAN_ACTIVATION_TTL_HOURS", "72", "hours the sign-in link mailed to a new or reactivated staff member works"},
	{"BASISSCAN_QUESTIONNAIRE_VERSION", "2026-2", "questionnaire template version new scans use"},
	{"BASISSCAN_CONSENT_VERSION", "", "version of the consent text and privacy statement candidates read (configs/consent/, configs/privacy/); empty means the newest shipped"},
	{"BASISSCAN_DB_MAX_CONNS", "10", "PostgreSQL connection pool size (idle connections are kept at the same number)"},
	{"BASISSCAN_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK", "false", "true lets webhooks be http:// and on this machine: for tests and development only"},
	{"BASISSCAN_METRICS_TOKEN", "", "bearer token Prometheus presents at /metrics; empty serves no metrics (404)"},
	{"BASISSCAN_ENCRYPTION_KEYS", "", "id:base64key[,id:base64key…]: AES-256 keys for data at rest; the first encrypts, all decrypt"},
	{"BASISSCAN_KEY_FILE", "$XDG_CONFIG_HOME/basisscan/encryption.key", "key file used when BASISSCAN_ENCRYPTION_KEYS is empty; created on first start. Never beside the database: a copy of one must not carry the other (without XDG_CONFIG_HOME: ~/.config/basisscan/)"},
	{"BASISSCAN_AUDIT_KEYS", "", "id:base64key[,id:base64key…]: HMAC keys of the audit trail, kept outside the database; the first signs, all verify"},
	{"BASISSCAN_AUDIT_CHECKPOINT_FILE", "<key directory>/audit-checkpoints.log", "file basisscan audit checkpoint appends the chain heads to, and audit verify reads"},
	{"BASISSCAN_RETENTION_APPOINTED_DAYS", "1461", "days a scan of an appointed candidate keeps its content after the outcome is recorded (one term of office)"},
	{"BASISSCAN_RETENTION_NOT_APPOINTED_DAYS", "365", "the same for a candidate who was not appointed"},
	{"BASISSCAN_RETENTION_WITHDRAWN_DAYS", "30", "the same after the candidate withdrew or refused consent (they may also ask for destruction at once)"},
	{"BASISSCAN_RETENTION_CANCELLED_DAYS", "90", "the same after the formateur cancelled"},
	{"BASISSCAN_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client; empty trusts none"},
	{"BASISSCAN_INVITATION_FAILURES_PER_MINUTE", "100", "failed invitation codes a minute from all addresses together, besides ten (then one a minute) per address"},
	{"BASISSCAN_REQUIRE_IF_MATCH", "false", "true: a write on an existing resource without If-Match is refused with 428 (a scan's writes name its version, other writes If-Match: *); creating requests need none"},
}

// Load reads the configuration through getenv (os.Getenv in production).
// It returns an error naming each variable with an unusable value.
func Load(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		for _, v := range Variables {
			if v.Name == name {
				return v.Default
			}
		}
		return ""
	}
	var errs []string
	days := func(name string) time.Duration {
		n, err := strconv.Atoi(get(name))
		if err != nil || n < 0 || n > 3650 {
			errs = append(errs, fmt.Sprintf("%s must be a whole number of days", name))
		}
		return time.Duration(n) * 24 * time.Hour
	}
	c := Config{
		DatabaseURL:           get("BASISSCAN_DATABASE_URL"),
		Addr:                  get("BASISSCAN_ADDR"),
		OutboxDir:             get("BASISSCAN_OUTBOX_DIR"),
		SMTPURL:               get("BASISSCAN_SMTP_URL"),
		MailFrom:              get("BASISSCAN_MAIL_FROM"),
		BaseURL:               strings.TrimRight(getenv("BASISSCAN_BASE_URL"), "/"),
		ResponsePeriod:        days("BASISSCAN_RESPONSE_PERIOD_DAYS"),
		QuestionnairePeriod:   days("BASISSCAN_QUESTIONNAIRE_PERIOD_DAYS"),
		InvitationTTL:         days("BASISSCAN_INVITATION_TTL_DAYS"),
		TokenTTL:              days("BASISSCAN_TOKEN_TTL_DAYS"),
		CandidateTokenTTL:     days("BASISSCAN_CANDIDATE_TOKEN_TTL_DAYS"),
		Template:              get("BASISSCAN_QUESTIONNAIRE_VERSION"),
		ConsentVersion:        get("BASISSCAN_CONSENT_VERSION"),
		LogLevel:              get("BASISSCAN_LOG_LEVEL"),
		MetricsToken:          get("BASISSCAN_METRICS_TOKEN"),
		WebhooksAllowLoopback: get("BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK") == "true",
	}
	if v := get("BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK"); v != "true" && v != "false" {
		errs = append(errs, "BASISSCAN_WEBHOOKS_ALLOW_LOOPBACK must be true or false")
	}
	if msg := checkDatabaseURL(c.DatabaseURL); msg != "" {
		errs = append(errs, "BASISSCAN_DATABASE_URL "+msg)
	}
	c.KeyFile = strings.TrimSpace(getenv("BASISSCAN_KEY_FILE"))
	if c.KeyFile == "" {
		c.KeyFile = defaultKeyFile(getenv)
	}
	c.AuditCheckpointFile = strings.TrimSpace(getenv("BASISSCAN_AUDIT_CHECKPOINT_FILE"))
	if c.AuditCheckpointFile == "" {
		c.AuditCheckpointFile = filepath.Join(filepath.Dir(c.KeyFile), "audit-checkpoints.log")
	}
	if v := get("BASISSCAN_AUDIT_KEYS"); v != "" {
		keys, err := ParseKeys(v)
		if err != nil {
			errs = append(errs, "BASISSCAN_AUDIT_KEYS: "+err.Error())
		}
		c.AuditKeys = keys
	}
	if h, err := strconv.Atoi(get("BASISSCAN_ACTIVATION_TTL_HOURS")); err != nil || h < 1 || h > 24*90 {
		errs = append(errs, "BASISSCAN_ACTIVATION_TTL_HOURS must be a whole number of hours from 1 to 2160")
	} else {
		c.ActivationTTL = time.Duration(h) * time.Hour
	}
	if v := get("BASISSCAN_LOOKUP_KEY"); v != "" {
		k, err := ParseLookupKey(v)
		if err != nil {
			errs = append(errs, "BASISSCAN_LOOKUP_KEY: "+err.Error())
		}
		c.LookupKey = k
	}
	c.Retention = domain.Retention{
		Appointed:    days("BASISSCAN_RETENTION_APPOINTED_DAYS"),
		NotAppointed: days("BASISSCAN_RETENTION_NOT_APPOINTED_DAYS"),
		Withdrawn:    days("BASISSCAN_RETENTION_WITHDRAWN_DAYS"),
		Cancelled:    days("BASISSCAN_RETENTION_CANCELLED_DAYS"),
	}
	if v := get("BASISSCAN_ENCRYPTION_KEYS"); v != "" {
		keys, err := ParseKeys(v)
		if err != nil {
			errs = append(errs, "BASISSCAN_ENCRYPTION_KEYS: "+err.Error())
		}
		c.EncryptionKeys = keys
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	n, err := strconv.Atoi(get("BASISSCAN_DB_MAX_CONNS"))
	if err != nil || n < 1 || n > 1000 {
		errs = append(errs, "BASISSCAN_DB_MAX_CONNS must be a number from 1 to 1000")
	}
	c.DBMaxConns = n
	n, err = strconv.Atoi(get("BASISSCAN_INVITATION_FAILURES_PER_MINUTE"))
	if err != nil || n < 1 || n > 1_000_000 {
		errs = append(errs, "BASISSCAN_INVITATION_FAILURES_PER_MINUTE must be a number from 1 to 1000000")
	}
	c.InvitationFailuresPerMinute = n
	switch v := strings.ToLower(get("BASISSCAN_REQUIRE_IF_MATCH")); v {
	case "true", "1", "yes":
		c.RequireIfMatch = true
	case "false", "0", "no":
	default:
		errs = append(errs, "BASISSCAN_REQUIRE_IF_MATCH must be true or false")
	}
	for p := range strings.SplitSeq(get("BASISSCAN_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				errs = append(errs, fmt.Sprintf("BASISSCAN_TRUSTED_PROXIES: %q is no IP address or CIDR range", p))
				continue
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, "BASISSCAN_LOG_LEVEL must be debug, info, warn or error")
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %s", strings.Join(errs, "; "))
	}
	return c, nil
}

// defaultKeyFile is where the zero-setup run keeps its key: in the user's
// configuration directory, away from data/, so that a backup or copy of the
// database does not carry the key that opens it.
func defaultKeyFile(getenv func(string) string) string {
	dir := strings.TrimSpace(getenv("XDG_CONFIG_HOME"))
	if dir == "" {
		home := strings.TrimSpace(getenv("HOME"))
		if home == "" {
			return filepath.Join("keys", "encryption.key") // still not in data/
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "basisscan", "encryption.key")
}

// urlScheme matches the scheme of a URL ("mysql://").
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// keywordPair matches a libpq keyword string's pair ("host=db").
var keywordPair = regexp.MustCompile(`(^|\s)[a-z_]+=\S`)

// checkDatabaseURL says what is wrong with a database URL, or "": the store
// reads anything but a postgres:// URL as the path of a SQLite file, so
// another database's URL or a keyword string would quietly become a file
// of that name.
func checkDatabaseURL(u string) string {
	switch {
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return ""
	case urlScheme.MatchString(u):
		return fmt.Sprintf("is a %s URL: give a postgres:// (or postgresql://) URL, or the path of a SQLite file", strings.SplitN(u, ":", 2)[0])
	case keywordPair.MatchString(u) && !strings.ContainsAny(u, "/\\"):
		return "looks like a keyword string (host=… dbname=…): give it as a postgres:// URL, or the path of a SQLite file"
	}
	return ""
}
