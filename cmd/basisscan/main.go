// Command basisscan runs the basisscan integriteit service.
//
//	basisscan [serve]                                  migrate, then serve the API
//	basisscan migrate                                  apply database migrations
//	basisscan org add --name N --kind K [flags]         create an organisation (a tenant)
//	basisscan user add --org O --role R --name N --email E   create an account, print its token
//	basisscan user deactivate|activate …               stop an account at once, or restart it with a mailed sign-in link
//	basisscan token revoke --token T | --id ID         revoke one token
//	basisscan adviser assign --org H --email E --serves O    let an adviser serve another organisation
//	basisscan purge [--reference REF]                  destroy content past retention (or a withdrawn scan's now)
//	basisscan audit verify                             recompute the audit chains; non-zero exit on a break
//	basisscan audit checkpoint                         append the chain heads to the checkpoint file
//	basisscan rekey                                    seal everything again under the active key
//	basisscan health [--ready]                         ask the running service whether it is up (ready)
//	basisscan demo                                     walk one scan from intake to closed over HTTP
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // the Dutch zone for date rules, on machines without tzdata

	"basisscan/api"
	"basisscan/api/attempts"
	"basisscan/api/metrics"
	"basisscan/configs"
	"basisscan/domain"
	"basisscan/pdf"
	"basisscan/web"
	"basisscan/workflow"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/mailfile"
	"basisscan/workflow/smtpmail"
	"basisscan/workflow/webhooks"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		reportError(os.Stderr, os.Args[1:], err)
		os.Exit(1)
	}
}

// reportError says why the command failed: as a JSON log line when it is the
// service (serve, migrate), whose logs are JSON and read by machines, else
// as a line for the person at the terminal.
func reportError(w io.Writer, args []string, err error) {
	if len(args) == 0 || args[0] == "serve" || args[0] == "migrate" {
		slog.New(slog.NewJSONHandler(w, nil)).Error("start-up failed", slog.String("error", err.Error()))
		return
	}
	fmt.Fprintln(w, "basisscan:", err)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	// Help and the version come before the configuration: they must work,
	// and do nothing else, wherever they are asked.
	switch {
	case len(args) > 0 && isHelp(args[0]):
		if text, ok := helpFor(args[1:]); ok && len(args) > 1 {
			fmt.Fprintln(stdout, text)
		} else {
			fmt.Fprintln(stdout, usage)
		}
		return nil
	case len(args) == 2 && args[0] == "version" && isHelp(args[1]):
		text, _ := helpFor(args[:1])
		fmt.Fprintln(stdout, text)
		return nil
	case len(args) > 0 && args[0] == "version":
		if err := noArguments("version", args[1:]); err != nil {
			return err
		}
		printVersion(stdout)
		return nil
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" { // "help" as a value (a name) is no request
			text, ok := helpFor(args)
			if !ok {
				return fmt.Errorf("unknown command %q\n%s", strings.Join(args, " "), usage)
			}
			fmt.Fprintln(stdout, text)
			return nil
		}
	}
	cfg, err := configs.Load(getenv)
	if err != nil {
		return err
	}
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		if err := noArguments("serve", args); err != nil {
			return err
		}
		return serve(ctx, cfg, stderr)
	case "migrate":
		if err := noArguments("migrate", args); err != nil {
			return err
		}
		app, err := open(ctx, cfg, stderr)
		if err != nil {
			return err
		}
		defer app.close()
		return nil
	case "org", "user", "adviser", "token":
		if len(args) == 0 {
			return errors.New(usage)
		}
		return accounts(ctx, cfg, cmd+" "+args[0], args[1:], stdout, stderr)
	case "purge":
		return purge(ctx, cfg, args, stdout, stderr)
	case "audit":
		switch {
		case len(args) == 0:
			return errors.New(usage)
		case args[0] == "verify" || args[0] == "checkpoint":
			if err := noArguments("audit "+args[0], args[1:]); err != nil {
				return err
			}
			if args[0] == "verify" {
				return verifyAudit(ctx, cfg, stdout, stderr)
			}
			return checkpointAudit(ctx, cfg, stdout, stderr)
		}
		return errors.New(usage)
	case "health":
		return health(ctx, cfg, args, stdout, stderr)
	case "rekey":
		if err := noArguments("rekey", args); err != nil {
			return err
		}
		return rekey(ctx, cfg, stdout, stderr)
	case "demo":
		if err := noArguments("demo", args); err != nil {
			return err
		}
		return demo(ctx, cfg, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// app is the wired service.
type app struct {
	store   *gormstore.Store
	metrics http.Handler
	service *workflow.Service
	server  *api.Server
	pages   *web.Server
	logger  *slog.Logger

	outboxCfg gormstore.OutboxConfig // how the outbox delivers
	outbox    *gormstore.Outbox      // delivering, while serving
}

// handler serves the API under /api/ (and /healthz, /readyz) and the pages
// everywhere else, with one limiter of failed codes for both.
func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	apiHandler := a.server.Handler()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/metrics", a.metrics)
	mux.Handle("/", a.pages.Handler())
	return mux
}

// close delivers what a command put into the outbox, unless the server
// delivered all along, and closes the database.
func (a *app) close() {
	if a.outbox == nil {
		a.flushOutbox()
	}
	_ = a.store.Close()
}

// startOutbox starts delivering the outbox; stopOutbox lets the messages
// being sent finish. What is not delivered stays in the database for the
// next start, of this instance or another.
func (a *app) startOutbox(ctx context.Context) error {
	o, err := a.store.StartOutbox(ctx, a.outboxCfg)
	if err != nil {
		return err
	}
	a.outbox = o
	return nil
}

func (a *app) stopOutbox() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.outbox.Stop(ctx); err != nil {
		a.logger.Error("outbox did not stop in time", slog.String("error", err.Error()))
	}
}

// flushOutbox gives a command's messages (a sign-in link of an account it
// activated) up to ten seconds to go out before the command exits; what
// is left goes out once the server runs.
func (a *app) flushOutbox() {
	ctx := context.Background()
	n, err := a.store.OutboxBacklog(ctx)
	if err != nil || n == 0 {
		return
	}
	o, err := a.store.StartOutbox(ctx, a.outboxCfg)
	if err != nil {
		return
	}
	last, err := a.store.OutboxLast(ctx)
	for deadline := time.Now().Add(10 * time.Second); err == nil && time.Now().Before(deadline); {
		if n, err = a.store.OutboxBusy(ctx, last); err != nil || n == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = o.Stop(stop)
}

// open wires the service: it opens and migrates the database, loads the
// templates, and builds the workflow and the API on top.
func open(ctx context.Context, cfg configs.Config, logOut io.Writer) (*app, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: level}))
	templates, err := configs.Templates()
	if err != nil {
		return nil, err
	}
	texts, err := configs.LoadTexts()
	if err != nil {
		return nil, err
	}
	if !gormstore.IsPostgres(cfg.DatabaseURL) {
		if err := os.MkdirAll(filepath.Dir(cfg.DatabaseURL), 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	keys, err := keyring(cfg, logger)
	if err != nil {
		return nil, err
	}
	akeys, err := auditKeys(cfg, logger)
	if err != nil {
		return nil, err
	}
	lookup, err := lookupKey(cfg, logger)
	if err != nil {
		return nil, err
	}
	store, err := gormstore.Open(cfg.DatabaseURL, gormstore.Options{MaxConns: cfg.DBMaxConns, Keys: keys, AuditKeys: akeys, LookupKey: lookup})
	if err != nil {
		return nil, err
	}
	applied, err := store.Migrate(ctx)
	if err != nil {
		_ = store.Close()
		return nil, err
	}
	for _, m := range applied {
		logger.Info("migration applied", slog.String("file", m))
	}
	mailer, err := newMailer(cfg)
	if err != nil {
		_ = store.Close()
		return nil, err
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		_ = store.Close()
		return nil, fmt.Errorf("load time zone: %w", err)
	}
	renderer, err := pdf.New()
	if err != nil {
		_ = store.Close()
		return nil, err
	}
	svc, err := workflow.New(store, mailer, workflow.Config{
		Templates: templates, ActiveTemplate: cfg.Template, BaseURL: cfg.BaseURL,
		ConsentVersion: cfg.ConsentVersion, ConsentTexts: texts.Consent, PrivacyTexts: texts.Privacy,
		ResponsePeriod: cfg.ResponsePeriod, QuestionnairePeriod: cfg.QuestionnairePeriod, InvitationTTL: cfg.InvitationTTL, Location: loc,
		TokenTTL: cfg.TokenTTL, CandidateTokenTTL: cfg.CandidateTokenTTL, ActivationTTL: cfg.ActivationTTL,
		Renderer: renderer, Retention: cfg.Retention, AuditKeys: akeys, AuditCheckpointFile: cfg.AuditCheckpointFile,
		WebhooksAllowLoopback: cfg.WebhooksAllowLoopback,
	})
	if err != nil {
		_ = store.Close()
		return nil, err
	}
	perMinute := cfg.InvitationFailuresPerMinute
	if perMinute == 0 {
		perMinute = 100
	}
	// The counts and keys live in the database: every instance on it
	// shares them.
	limiter := attempts.NewShared(store, 10, time.Minute, perMinute, nil)
	m := metrics.New(logger, metrics.Gauges{Name: "basisscan_scans", Help: "Scans of every organisation, by state.",
		Label: "state", Count: store.ScansByState},
		metrics.Gauges{Name: "basisscan_outbox_backlog", Help: "Messages (mail) and webhook deliveries waiting in the outbox: due, being sent, scheduled or to be retried.",
			Label: "kind", Count: func(ctx context.Context) (map[string]int, error) { return store.OutboxJobs(ctx, false) }},
		metrics.Gauges{Name: "basisscan_outbox_failing", Help: "Outbox jobs whose last attempt failed: to be retried, or given up.",
			Label: "kind", Count: func(ctx context.Context) (map[string]int, error) { return store.OutboxJobs(ctx, true) }})
	server := &api.Server{Scans: svc, Logger: logger, Ping: store.Ping, Ready: store.Ready, TrustedProxies: cfg.TrustedProxies,
		Attempts: limiter, Observe: m.Observe("api"), RequireIfMatch: cfg.RequireIfMatch, Idempotency: store}
	pages := &web.Server{Scans: svc, Logger: logger, BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies,
		Attempts: limiter, Location: loc, Observe: m.Observe("pages")}
	// River logs what goes wrong in delivery (never a message's content:
	// the mailers' errors carry none); its chatter below warn stays out.
	riverLogger := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: max(level, slog.LevelWarn)}))
	sender := &webhooks.Sender{Store: store, Client: webhooks.NewClient(10*time.Second, cfg.WebhooksAllowLoopback)}
	outboxCfg := gormstore.OutboxConfig{Mailer: mailer, Due: svc.MailDue, Logger: riverLogger, PollInterval: cfg.OutboxPoll,
		DeliverWebhook: sender.Deliver}
	return &app{store: store, service: svc, logger: logger, server: server, pages: pages, metrics: m.Handler(cfg.MetricsToken),
		outboxCfg: outboxCfg}, nil
}

// newMailer returns the outbox's deliverer: SMTP when BASISSCAN_SMTP_URL
// is set, else .eml files in BASISSCAN_OUTBOX_DIR.
func newMailer(cfg configs.Config) (domain.Mailer, error) {
	if cfg.SMTPURL != "" {
		return smtpmail.New(cfg.SMTPURL, cfg.MailFrom)
	}
	m, err := mailfile.New(cfg.OutboxDir)
	if err != nil {
		return nil, err
	}
	m.From = cfg.MailFrom
	return m, nil
}

func serve(ctx context.Context, cfg configs.Config, logOut io.Writer) error {
	a, err := open(ctx, cfg, logOut)
	if err != nil {
		return err
	}
	defer a.close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveOn(ctx, a, ln)
}

// serveOn serves until ctx ends, then lets running requests finish.
func serveOn(ctx context.Context, a *app, ln net.Listener) error {
	if err := a.startOutbox(ctx); err != nil {
		return err
	}
	defer a.stopOutbox() // after the requests: theirs are the last messages
	srv := &http.Server{Handler: a.handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.logger.Info("serving", slog.String("addr", ln.Addr().String()))
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Said at once, so that an operator sees the signal arrived while
	// running requests finish.
	a.logger.Info("shutting down", slog.Int("grace_seconds", 10))
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	a.logger.Info("shutdown complete")
	return nil
}

// accounts runs the commands that manage organisations and accounts.
func accounts(ctx context.Context, cfg configs.Config, cmd string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("org", "", "organisation name")
	name := fs.String("name", "", "name")
	email := fs.String("email", "", "e-mail address")
	role := fs.String("role", "", "formateur, adviser or admin")
	kind := fs.String("kind", "", "gemeente, provincie, waterschap or openbaar-lichaam")
	serves := fs.String("serves", "", "organisation the adviser is to serve")
	token := fs.String("token", "", "the bearer token to revoke")
	tokenID := fs.String("id", "", "the id of the token to revoke")
	fourEyes := fs.Bool("four-eyes", false, "sign-off by another adviser than the writer of the advice")
	// Candidates get a copy of their signed advice unless the organisation says no (issue 12).
	download := fs.Bool("candidate-may-download", true, "candidates may download the signed advice and the raad's summary")
	questionnaire := fs.String("questionnaire", "", "questionnaire version new scans use (default: BASISSCAN_QUESTIONNAIRE_VERSION)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := noArguments(cmd, fs.Args()); err != nil {
		return err
	}
	switch cmd {
	case "org add", "org set", "user add", "user deactivate", "user activate", "adviser assign", "token revoke":
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	switch cmd {
	case "org add":
		o, err := a.service.AddOrganisation(ctx, *name, domain.OrganisationKind(*kind),
			domain.Policy{FourEyes: *fourEyes, CandidateMayDownload: *download, TemplateVersion: *questionnaire})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, o.ID)
	case "org set":
		// Only the flags given change; the rest of the policy stays.
		p, err := a.service.Policy(ctx, *name)
		if err != nil {
			return err
		}
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "four-eyes":
				p.FourEyes = *fourEyes
			case "candidate-may-download":
				p.CandidateMayDownload = *download
			case "questionnaire":
				p.TemplateVersion = *questionnaire
			}
		})
		return a.service.SetPolicy(ctx, *name, p)
	case "user add":
		_, token, err := a.service.AddUser(ctx, *org, domain.Role(*role), *name, *email)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, token)
	case "user deactivate", "user activate":
		return a.service.SetUserActive(ctx, *org, domain.Role(*role), *email, cmd == "user activate")
	case "adviser assign":
		return a.service.AssignAdviser(ctx, *org, *email, *serves)
	case "token revoke":
		return a.service.RevokeAnyToken(ctx, *token, *tokenID)
	}
	return nil
}

// keyring builds the encryption keyring from the configuration, or from the
// key file, which the zero-setup run creates on its first start.
func keyring(cfg configs.Config, logger *slog.Logger) (*gormstore.Keyring, error) {
	keys := cfg.EncryptionKeys
	if len(keys) == 0 {
		var err error
		if keys, err = keysFromFile(cfg.KeyFile, "encryption", "the data cannot be read", logger); err != nil {
			return nil, err
		}
	}
	m := make(map[string][]byte, len(keys))
	for _, k := range keys {
		m[k.ID] = k.Secret
	}
	return gormstore.NewKeyring(keys[0].ID, m)
}

// auditKeys builds the audit trail's HMAC keys from the configuration, or
// from audit.key beside the encryption key file, created on first start.
func auditKeys(cfg configs.Config, logger *slog.Logger) (*domain.AuditKeys, error) {
	keys := cfg.AuditKeys
	if len(keys) == 0 {
		var err error
		if keys, err = keysFromFile(filepath.Join(filepath.Dir(cfg.KeyFile), "audit.key"), "audit", "the audit trail cannot be verified", logger); err != nil {
			return nil, err
		}
	}
	m := make(map[string][]byte, len(keys))
	for _, k := range keys {
		m[k.ID] = k.Secret
	}
	return domain.NewAuditKeys(keys[0].ID, m)
}

// lookupKey returns the key of the hash by which e-mail addresses are
// looked up: BASISSCAN_LOOKUP_KEY, or else lookup.key beside the encryption
// key file, created on the first start like it. It is kept out of the
// database so that a copy of the database cannot be matched against a
// list of addresses.
func lookupKey(cfg configs.Config, logger *slog.Logger) ([]byte, error) {
	if cfg.LookupKey != nil {
		return cfg.LookupKey, nil
	}
	keys, err := keysFromFile(filepath.Join(filepath.Dir(cfg.KeyFile), "lookup.key"), "look-up",
		"no account can be found by its e-mail address", logger)
	if err != nil {
		return nil, err
	}
	return keys[0].Secret, nil
}

// keysFromFile reads the keys in path, creating the file with one new key
// (owner-only) when it does not exist; loss says what losing it costs.
func keysFromFile(path, what, loss string, logger *slog.Logger) ([]configs.EncryptionKey, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, fmt.Errorf("generate %s key: %w", what, err)
		}
		line := "k" + time.Now().UTC().Format("20060102") + ":" + base64.StdEncoding.EncodeToString(secret)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create key directory: %w", err)
		}
		// O_EXCL: two first starts at once must not overwrite each other's key.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create %s key file: %w", what, err)
		}
		if _, err := f.WriteString(line + "\n"); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("write %s key file: %w", what, err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("write %s key file: %w", what, err)
		}
		logger.Warn("generated the "+what+" key; back it up, without it "+loss,
			slog.String("key_file", path))
		b = []byte(line)
	case err != nil:
		return nil, fmt.Errorf("read %s key file: %w", what, err)
	}
	keys, err := configs.ParseKeys(string(b))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return keys, nil
}

// verifyAudit recomputes every audit chain, reports each break and fails
// when there is one.
func verifyAudit(ctx context.Context, cfg configs.Config, stdout, stderr io.Writer) error {
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	n, breaks, err := a.service.VerifyAudit(ctx, domain.Actor{UserID: "cli", Role: domain.RoleAdmin})
	if err != nil {
		return err
	}
	for _, b := range breaks {
		fmt.Fprintln(stdout, b.String())
	}
	if len(breaks) > 0 {
		return fmt.Errorf("audit trail broken: %d breaks (%d chains in the database)", len(breaks), n)
	}
	fmt.Fprintf(stdout, "audit trail intact: %d chains verified\n", n)
	return nil
}

// checkpointAudit appends every chain's head to the checkpoint file.
func checkpointAudit(ctx context.Context, cfg configs.Config, stdout, stderr io.Writer) error {
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	n, err := a.service.CheckpointAudit(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit checkpoint: %d chain heads appended to %s\n", n, cfg.AuditCheckpointFile)
	return nil
}

// purge destroys the content of scans past retention, or with --reference
// that of one withdrawn scan at once.
func purge(ctx context.Context, cfg configs.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("purge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ref := fs.String("reference", "", "reference of a withdrawn scan to destroy now")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := noArguments("purge", fs.Args()); err != nil {
		return err
	}
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	if *ref != "" {
		if err := a.service.EraseByReference(ctx, *ref); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "purged %s\n", *ref)
		return nil
	}
	done, err := a.service.Purge(ctx)
	for _, p := range done {
		fmt.Fprintf(stdout, "purged %s\n", p.Reference)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d scans purged\n", len(done))
	// Requests purge expired keys too; this catches a quiet day's.
	keys, err := a.store.PurgeIdempotencyKeys(ctx, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d expired idempotency keys purged\n", keys)
	return nil
}

// rekey seals every sealed value again under the active key, the first of
// the configured keys, so that the others can be removed. It is safe to
// stop and to run again.
func rekey(ctx context.Context, cfg configs.Config, stdout, stderr io.Writer) error {
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	counts, err := a.store.Rekey(ctx)
	for _, c := range counts {
		fmt.Fprintf(stdout, "%s: %d rows re-sealed\n", c.Table, c.Rows)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "everything is sealed under the active key; keys rotated out before it can be removed")
	return nil
}
