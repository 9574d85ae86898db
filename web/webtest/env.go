// Package webtest builds what tests of the pages need: the service over a
// real store, the API and the pages served together as cmd serves them, a
// clock and a mailbox the test controls, staff accounts in two
// organisations, and a cookie-keeping visitor that fills in forms.
package webtest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"basisscan/api"
	"basisscan/api/attempts"
	"basisscan/configs"
	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/pdf"
	"basisscan/web"
	"basisscan/workflow"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// T0 is the tests' "now": a Monday morning in Amsterdam.
var T0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Template is the questionnaire the pages' tests run on.
const Template = "2026-2"

// The organisations: Formateur, Adviser and Admin work for OrgA;
// Formateur2, Adviser2 and Admin2 for OrgB.
const (
	OrgA = "Gemeente Zuidhaven"
	OrgB = "Gemeente Noordhaven"
)

// User is a staff account.
type User struct {
	ID, Name, Email string
	Role            domain.Role
	Token           string // the operator's bearer token for the API
}

// Env is one service over one fresh store, with the API and the pages
// served over HTTP.
type Env struct {
	Server   *httptest.Server
	Pages    *web.Server
	Service  *workflow.Service
	Store    *gormstore.Store
	Clock    *domaintest.Clock
	Mail     *domaintest.Mailbox
	Template *domain.Template // Template as a wethouder's scan has it
	Location *time.Location

	Formateur, Adviser, Admin    User
	Formateur2, Adviser2, Admin2 User

	seq atomic.Int64
}

var (
	templates = sync.OnceValues(configs.Templates)
	renderer  = sync.OnceValues(pdf.New)
	openMu    sync.Mutex // goose's lock is database-wide: migrate one at a time
)

// Options change the Env New builds.
type Options struct {
	// BaseURL is the service's address as links and cookies see it; empty
	// means the test server's own http:// address.
	BaseURL string
	// Configure changes the workflow's configuration before it is built.
	Configure func(*workflow.Config)
}

// New builds an Env on dialect d.
func New(t testing.TB, d storetest.Dialect) *Env { return NewWith(t, d, Options{}) }

// NewWith is New with options.
func NewWith(t testing.TB, d storetest.Dialect, o Options) *Env {
	t.Helper()
	openMu.Lock()
	store := func() *gormstore.Store { defer openMu.Unlock(); return storetest.Open(t, d) }()
	tmpls, err := templates()
	if err != nil {
		t.Fatalf("load templates: %v", err)
	}
	texts, err := configs.LoadTexts()
	if err != nil {
		t.Fatalf("load texts: %v", err)
	}
	rend, err := renderer()
	if err != nil {
		t.Fatalf("pdf renderer: %v", err)
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatalf("time zone: %v", err)
	}
	e := &Env{Store: store, Clock: domaintest.NewClock(T0), Mail: &domaintest.Mailbox{}, Location: loc,
		Template: tmpls[Template].For(domain.OfficeWethouder)}

	// The server must exist before the service: links carry its address.
	var handler http.Handler
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(e.Server.Close)
	base := o.BaseURL
	if base == "" {
		base = e.Server.URL
	}
	defaults, err := configs.Load(func(string) string { return "" })
	if err != nil {
		t.Fatalf("default configuration: %v", err)
	}
	cfg := workflow.Config{Templates: tmpls, ActiveTemplate: Template, BaseURL: base, Retention: defaults.Retention,
		ResponsePeriod: defaults.ResponsePeriod,
		ConsentTexts:   texts.Consent, PrivacyTexts: texts.Privacy, Location: loc, Now: e.Clock.Now,
		Renderer: rend, AuditKeys: storetest.AuditKeys()}
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	e.Service, err = workflow.New(store, e.Mail, cfg)
	if err != nil {
		t.Fatalf("new service: %v", err)
	}
	// The outbox delivers into e.Mail; reading it waits for what is due.
	outbox := storetest.NewDeliverer(t, store, gormstore.OutboxConfig{Mailer: e.Mail, Due: e.Service.MailDue, Now: e.Clock.Now})
	e.Mail.Settle = outbox.Settle()
	logger := slog.New(slog.NewTextHandler(testLog{t}, nil))
	limiter := attempts.New(10, time.Minute, 100, e.Clock.Now)
	apiSrv := &api.Server{Scans: e.Service, Logger: logger, Ping: store.Ping, Now: e.Clock.Now, Attempts: limiter, Idempotency: store}
	pages := &web.Server{Scans: e.Service, Logger: logger, BaseURL: base, Attempts: limiter, Location: loc}
	e.Pages = pages
	mux := http.NewServeMux()
	ah := apiSrv.Handler()
	mux.Handle("/api/", ah)
	mux.Handle("/healthz", ah)
	mux.Handle("/", pages.Handler())
	handler = mux

	ctx := context.Background()
	for _, org := range []string{OrgA, OrgB} {
		if _, err := e.Service.AddOrganisation(ctx, org, domain.KindGemeente, domain.Policy{TemplateVersion: Template}); err != nil {
			t.Fatalf("add organisation: %v", err)
		}
	}
	add := func(org string, role domain.Role, name, email string) User {
		u, token, err := e.Service.AddUser(ctx, org, role, name, email)
		if err != nil {
			t.Fatalf("add %s %s: %v", role, email, err)
		}
		return User{ID: u.ID, Name: u.Name, Email: u.Email, Role: role, Token: token}
	}
	e.Formateur = add(OrgA, domain.RoleFormateur, "Fatima de Vries", "formateur@zuidhaven.nl")
	e.Adviser = add(OrgA, domain.RoleAdviser, "Arjen Bakker", "adviseur@integriteit.nl")
	e.Admin = add(OrgA, domain.RoleAdmin, "Bert Beheer", "beheer@zuidhaven.nl")
	e.Formateur2 = add(OrgB, domain.RoleFormateur, "Olaf Noorder", "formateur@noordhaven.nl")
	e.Adviser2 = add(OrgB, domain.RoleAdviser, "Bea Jansen", "adviseur@elders.nl")
	e.Admin2 = add(OrgB, domain.RoleAdmin, "Nina Beheer", "beheer@noordhaven.nl")
	return e
}

// testLog writes the servers' log lines to the test's log, shown when it fails.
type testLog struct{ t testing.TB }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// Actor returns the actor of a staff account, for setting up a scan
// through the service where a test is not about the pages that do it.
func (e *Env) Actor(t testing.TB, u User) domain.Actor {
	t.Helper()
	org := OrgA
	if u == e.Formateur2 || u == e.Adviser2 || u == e.Admin2 {
		org = OrgB
	}
	o, err := e.Store.OrganisationByName(context.Background(), org)
	if err != nil {
		t.Fatalf("organisation %s: %v", org, err)
	}
	return domain.Actor{UserID: u.ID, Role: u.Role, OrganisationID: o.ID, Organisations: []string{o.ID}}
}

// NewScan starts a scan through the service for formateur and adviser,
// with a new candidate, and returns it with the candidate's address.
func (e *Env) NewScan(t testing.TB, formateur, adviser User) (*domain.Scan, string) {
	t.Helper()
	email := "kandidaat" + strconv.FormatInt(e.seq.Add(1), 10) + "@example.nl"
	sc, err := e.Service.CreateScan(context.Background(), e.Actor(t, formateur), workflow.CreateScanInput{
		CandidateName: "Eva Smit", CandidateEmail: email, Office: domain.OfficeWethouder,
		AdviserEmail: adviser.Email, PlannedAppointmentDate: domain.DateOf(T0).AddDate(0, 2, 0)})
	if err != nil {
		t.Fatalf("create scan: %v", err)
	}
	return sc, email
}

var linkRe = regexp.MustCompile(`https?://\S+`)

// Link returns the path of the newest link in mail to the address whose
// path starts with prefix ("/aanmelden/", "/invitations/").
func (e *Env) Link(t testing.TB, to, prefix string) string {
	t.Helper()
	all := e.Mail.All()
	for i := len(all) - 1; i >= 0; i-- {
		if !strings.EqualFold(all[i].To, to) {
			continue
		}
		for _, l := range linkRe.FindAllString(all[i].Body, -1) {
			if j := strings.Index(l, prefix); j >= 0 {
				return l[j:]
			}
		}
	}
	t.Fatalf("no mail to %s with a link to %s…", to, prefix)
	return ""
}
