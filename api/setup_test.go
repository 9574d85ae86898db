package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"basisscan/api"
	"basisscan/configs"
	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/pdf"
	"basisscan/workflow"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// The test calendar: "today" is t0, the planned appointment is six weeks on,
// so a VOG is valid when issued on or after 2026-01-15.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const (
	today       = "2026-03-02"
	tomorrow    = "2026-03-03"
	planned     = "2026-04-15"
	validVOGDay = "2026-02-20"
	baseURL     = "https://basisscan.test"
)

// Strings that belong to the case content and must never appear in a scan's
// phase-level view.
const (
	secretAnswer    = "GEHEIM-ANTWOORD"
	secretInterview = "GEHEIM-GESPREK over nevenfuncties"
	secretVOGRef    = "GEHEIM-VOG-7731"
	secretResearch  = "GEHEIM-BRON kadaster"
	secretAdvice    = "GEHEIM-ADVIES samenvatting"
)

// eachDialect runs f as parallel subtests named by dialect, so that the
// PostgreSQL runs are named ".../postgres".
func eachDialect(t *testing.T, f func(t *testing.T, d storetest.Dialect)) {
	t.Helper()
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f(t, d)
		})
	}
}

// mailbox keeps the service's mail; invitation reads the code back.
type mailbox struct {
	domaintest.Mailbox
}

func (m *mailbox) all() []domain.Mail { return m.All() }

var linkRe = regexp.MustCompile(regexp.QuoteMeta(baseURL) + `/\S+`)

// inviteRe is the invitation's own link; the mail links the privacy statement too.
var inviteRe = regexp.MustCompile(regexp.QuoteMeta(baseURL) + `/invitations/\S+`)

// invitation returns the message about the scan with this reference and the
// invitation code: the last path segment of the link in it.
func (m *mailbox) invitation(t testing.TB, reference string) (domain.Mail, string) {
	t.Helper()
	for _, msg := range m.all() {
		if !strings.Contains(msg.Subject, reference) {
			continue
		}
		link := inviteRe.FindString(msg.Body)
		if link == "" {
			t.Fatalf("invitation for %s has no link to %s:\n%s", reference, baseURL, msg.Body)
		}
		u, err := url.Parse(link)
		if err != nil {
			t.Fatalf("invitation link %q: %v", link, err)
		}
		return msg, path.Base(u.Path)
	}
	t.Fatalf("no invitation mail for scan %s", reference)
	return domain.Mail{}, ""
}

// contractTemplate is the questionnaire the contract's tests run on: the
// first one, whose ids they name. The engine's newer question types and
// signals are tested on 2026-2 in signals_test.go; organisations choosing
// their version is tested there too.
const contractTemplate = "2026-1"

// The organisations of the tests: the env's formateur, adviser and admin
// work for orgA; formateur2 and adviser2 for orgB.
const (
	orgA = "Gemeente Zuidhaven"
	orgB = "Gemeente Noordhaven"
)

// user is an account and its bearer token.
type user struct {
	ID, Name, Email, Token string
	Role                   domain.Role
}

// env is one service over one fresh store, served over HTTP.
type env struct {
	srv   *httptest.Server
	svc   *workflow.Service
	store *gormstore.Store // for tests that set up what the API cannot
	clock *domaintest.Clock
	mail  *mailbox
	tmpl  *domain.Template

	formateur, adviser   user // the participants of most scans
	formateur2, adviser2 user // the participants of "another scan"
	admin                user

	seq atomic.Int64 // makes candidate addresses unique
}

// openMu serialises migrations: goose's PostgreSQL lock is database-wide and
// retries only every few seconds, so parallel migrations would be slow.
var openMu sync.Mutex

var (
	templates = sync.OnceValues(configs.Templates)
	renderer  = sync.OnceValues(pdf.New) // safe for concurrent use, and slow to build
)

// openStore opens a store, one at a time. Open may skip the test (no
// PostgreSQL configured), which exits the goroutine: hence the defer.
func openStore(t testing.TB, d storetest.Dialect) *gormstore.Store {
	t.Helper()
	st, _ := openStoreDSN(t, d)
	return st
}

// openStoreDSN is openStore that also returns the store's DSN. The lock is
// released by a defer: a skipped test exits its goroutine inside Open, and
// a lock left held would hang every test after it.
func openStoreDSN(t testing.TB, d storetest.Dialect) (*gormstore.Store, string) {
	t.Helper()
	openMu.Lock()
	defer openMu.Unlock()
	return storetest.New(t, d)
}

// setup builds a store of dialect d, the workflow service over it with a
// clock and a mailbox the test controls, the HTTP server, and the staff
// accounts.
func setup(t testing.TB, d storetest.Dialect) *env {
	t.Helper()
	return setupWith(t, d, nil)
}

// setupWith is setup with the server's settings changed by configure.
func setupWith(t testing.TB, d storetest.Dialect, configure func(*api.Server)) *env {
	t.Helper()
	return setupOn(t, openStore(t, d), configure)
}

// setupOn is setupWith over a store the test opened itself.
func setupOn(t testing.TB, store *gormstore.Store, configure func(*api.Server)) *env {
	t.Helper()
	tmpls, err := templates()
	if err != nil {
		t.Fatalf("load templates: %v", err)
	}
	cfg, err := configs.Load(func(string) string { return "" })
	if err != nil {
		t.Fatalf("default configuration: %v", err)
	}
	e := &env{store: store, clock: domaintest.NewClock(t0), mail: &mailbox{}, tmpl: tmpls[contractTemplate].For(domain.OfficeWethouder)}
	if e.tmpl == nil {
		t.Fatalf("default template %q is not shipped", cfg.Template)
	}
	rend, err := renderer()
	if err != nil {
		t.Fatalf("pdf renderer: %v", err)
	}
	texts, err := configs.LoadTexts()
	if err != nil {
		t.Fatalf("consent texts: %v", err)
	}
	e.svc, err = workflow.New(store, e.mail, workflow.Config{
		Templates: tmpls, ActiveTemplate: cfg.Template, BaseURL: baseURL,
		ConsentTexts: texts.Consent, PrivacyTexts: texts.Privacy,
		Location: time.UTC, Now: e.clock.Now, Renderer: rend, AuditKeys: storetest.AuditKeys(),
		WebhooksAllowLoopback: true, // the receivers of the tests are httptest servers on loopback
	})
	if err != nil {
		t.Fatalf("new service: %v", err)
	}
	// The outbox delivers into e.mail; reading it waits for what is due.
	outbox := storetest.NewDeliverer(t, store, gormstore.OutboxConfig{Mailer: e.mail, Due: e.svc.MailDue, Now: e.clock.Now})
	e.mail.Settle = outbox.Settle()
	srv := e.newServer()
	if configure != nil {
		configure(srv)
	}
	// Every response is checked against the OpenAPI document (openapi_test.go).
	e.srv = httptest.NewServer(conforming(t, srv.Handler()))
	t.Cleanup(e.srv.Close)

	for _, org := range []string{orgA, orgB} {
		if _, err := e.svc.AddOrganisation(context.Background(), org, domain.KindGemeente, domain.Policy{TemplateVersion: contractTemplate}); err != nil {
			t.Fatalf("add organisation: %v", err)
		}
	}
	add := func(role domain.Role, name, email string) user {
		org := orgA
		if strings.Contains(email, "noordhaven") || strings.Contains(email, "elders") {
			org = orgB
		}
		u, token, err := e.svc.AddUser(context.Background(), org, role, name, email)
		if err != nil {
			t.Fatalf("add %s %s: %v", role, email, err)
		}
		return user{ID: u.ID, Name: u.Name, Email: u.Email, Token: token, Role: role}
	}
	e.formateur = add(domain.RoleFormateur, "Fatima de Vries", "formateur@zuidhaven.nl")
	e.adviser = add(domain.RoleAdviser, "Arjen Bakker", "adviseur@integriteit.nl")
	e.formateur2 = add(domain.RoleFormateur, "Olaf Noorder", "formateur@noordhaven.nl")
	e.adviser2 = add(domain.RoleAdviser, "Bea Jansen", "adviseur@elders.nl")
	e.admin = add(domain.RoleAdmin, "Beheer", "beheer@basisscan.test")
	return e
}

// newServer returns an api.Server over the env's service and store, as
// every instance of a deployment on one database is.
func (e *env) newServer() *api.Server {
	return &api.Server{Scans: e.svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Ping: e.store.Ping, Ready: e.store.Ready,
		Now: e.clock.Now, Idempotency: e.store, AttemptStore: e.store}
}

// reply is an HTTP response, read whole.
type reply struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         []byte
}

func (r reply) String() string {
	return fmt.Sprintf("%s %s → %d %s", r.Method, r.Path, r.Status, r.Body)
}

// send does one request. body is sent as is when it is a string or []byte,
// as JSON otherwise, and not at all when nil. headers are name, value pairs.
// It is safe to call from any goroutine.
func (e *env) send(method, p, token string, body any, headers ...string) (reply, error) {
	return e.sendTo(e.srv.URL, method, p, token, body, headers...)
}

// sendTo is send to the server at base: another instance on the env's store.
func (e *env) sendTo(base, method, p, token string, body any, headers ...string) (reply, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	case io.Reader:
		rd = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return reply{}, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, base+p, rd)
	if err != nil {
		return reply{}, err
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{Method: method, Path: p, Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// do sends a request and checks what every response must satisfy: no 5xx,
// and every error a problem+json document.
func (e *env) do(t testing.TB, method, p, token string, body any, headers ...string) reply {
	t.Helper()
	r, err := e.send(method, p, token, body, headers...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, p, err)
	}
	if r.Status >= 500 {
		t.Errorf("server error: %s", r)
	}
	if r.Status >= 400 {
		checkProblem(t, r)
	}
	return r
}

// want fails the test unless the response has the status.
func (r reply) want(t testing.TB, status int) reply {
	t.Helper()
	if r.Status != status {
		t.Fatalf("want %d: %s", status, r)
	}
	return r
}

func decode[T any](t testing.TB, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("decode %s: %v", r, err)
	}
	return v
}

// problem is the RFC 9457 body of an error.
type problem struct {
	Type           string         `json:"type"`
	Title          string         `json:"title"`
	Status         int            `json:"status"`
	Detail         string         `json:"detail"`
	Errors         []fieldProblem `json:"errors"`
	State          string         `json:"state"`
	AllowedActions []string       `json:"allowed_actions"`
	RequestID      string         `json:"request_id"`
}

type fieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Section string `json:"section"`
}

func (p problem) fields() []string {
	out := []string{}
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

func (p problem) message(field string) string {
	for _, f := range p.Errors {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// checkProblem asserts the shape of an error response and returns it.
func checkProblem(t testing.TB, r reply) problem {
	t.Helper()
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json: %s", r.Header.Get("Content-Type"), r)
	}
	var p problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Errorf("problem body: %v: %s", err, r)
		return p
	}
	// A 405 comes from the router, which gives no detail; RFC 9457 makes it optional.
	if p.Type == "" || p.Title == "" || p.Status != r.Status || (p.Detail == "" && r.Status != http.StatusMethodNotAllowed) {
		t.Errorf("problem lacks type, title, status or detail: %s", r)
	}
	for _, text := range append([]string{p.Title, p.Detail}, p.messages()...) {
		if id := internalName(text); id != "" {
			t.Errorf("a message people read names the internal %q: %q", id, text)
		}
	}
	return p
}

func (p problem) messages() []string {
	out := make([]string, len(p.Errors))
	for i, f := range p.Errors {
		out[i] = f.Message
	}
	return out
}

// internalName returns an action, state or role identifier of the API that
// text names, or "". ("intake" and "formateur" are Dutch words too.) A
// field's list of the values it takes names them on purpose.
func internalName(text string) string {
	if strings.HasPrefix(text, "Kies een van: ") {
		return ""
	}
	// An identifier in brackets right after its Dutch name tells an API
	// client what to send: "integriteitsadviseur (adviser)".
	for _, r := range domain.Roles {
		text = strings.ReplaceAll(text, r.DutchName()+" ("+string(r)+")", r.DutchName())
	}
	var ids []string
	for _, a := range domain.Actions {
		ids = append(ids, string(a))
	}
	for _, st := range domain.States {
		if st != domain.StateIntake {
			ids = append(ids, string(st))
		}
	}
	ids = append(ids, "adviser", "candidate", "admin")
	words := regexp.MustCompile(`[A-Za-z_]+`).FindAllString(text, -1)
	for _, w := range words {
		for _, id := range ids {
			if w == id {
				return id
			}
		}
	}
	return ""
}

// problemOf asserts the status and returns the problem.
func problemOf(t *testing.T, r reply, status int) problem {
	t.Helper()
	r.want(t, status)
	return checkProblem(t, r)
}

// problemWithout returns the problem body as a map, without its request id
// (which differs on every request) and without the keys named.
func problemWithout(t *testing.T, r reply, keys ...string) map[string]any {
	t.Helper()
	m := decode[map[string]any](t, r)
	delete(m, "request_id")
	for _, k := range keys {
		delete(m, k)
	}
	return m
}

// Response bodies.

type person struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type scanBody struct {
	ID                     string    `json:"id"`
	Reference              string    `json:"reference"`
	State                  string    `json:"state"`
	Version                int       `json:"version"`
	Office                 string    `json:"office"`
	Organisation           string    `json:"organisation"`
	Candidate              person    `json:"candidate"`
	Adviser                person    `json:"adviser"`
	PlannedAppointmentDate string    `json:"planned_appointment_date"`
	Outcome                string    `json:"outcome"`
	AllowedActions         []string  `json:"allowed_actions"`
	CreatedAt              time.Time `json:"created_at"`
	UpdatedAt              time.Time `json:"updated_at"`
	VOGStatus              struct {
		Status string `json:"status"`
		Text   string `json:"text"`
	} `json:"vog_status"`
	ResponseDeadline *time.Time `json:"response_deadline"`
	QuestionnaireDue *time.Time `json:"questionnaire_due"`
}

type listBody[T any] struct {
	Items []T `json:"items"`
}

type historyItem struct {
	Seq       int       `json:"seq"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Action    string    `json:"action"`
	ActorRole string    `json:"actor_role"`
	Reason    string    `json:"reason"`
	At        time.Time `json:"at"`
}

type questionBody struct {
	ID       string            `json:"id"`
	Text     string            `json:"text"`
	Type     string            `json:"type"`
	Required bool              `json:"required"`
	Options  []domain.Option   `json:"options"`
	ShowIf   *domain.Condition `json:"show_if"`
}

type questionnaireBody struct {
	Version  string `json:"version"`
	Sections []struct {
		ID        string         `json:"id"`
		Title     string         `json:"title"`
		Questions []questionBody `json:"questions"`
	} `json:"sections"`
	Answers     map[string]any `json:"answers"`
	Missing     []string       `json:"missing"`
	SubmittedAt *time.Time     `json:"submitted_at"`
}

type findingBody struct {
	Domain      string `json:"domain"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Class       string `json:"class"`
	Measure     string `json:"measure"`
	LegalBasis  string `json:"legal_basis,omitempty"`
	Signal      string `json:"signal,omitempty"`
	// MeasureOwner and MeasureDeadline round-trip, as the pages do.
	MeasureOwner    string        `json:"measure_owner,omitempty"`
	MeasureDeadline *deadlineBody `json:"measure_deadline,omitempty"`
}

type deadlineBody struct {
	Kind string `json:"kind"`
	On   string `json:"on,omitempty"`
}

type adviceBody struct {
	State      string        `json:"state"`
	Conclusion string        `json:"conclusion"`
	Summary    string        `json:"summary"`
	Findings   []findingBody `json:"findings"`
	Response   *struct {
		Given   bool      `json:"given"`
		Agrees  *bool     `json:"agrees"`
		Comment string    `json:"comment"`
		At      time.Time `json:"at"`
	} `json:"response"`
	SignedBy *person    `json:"signed_by"`
	SignedAt *time.Time `json:"signed_at"`
	SHA256   string     `json:"sha256"`
}

// scan is a scan under test with its participants.
type scan struct {
	ID, Reference                 string
	Formateur, Adviser, Candidate user
}

// p returns the API path of the scan, followed by suffix.
func (s *scan) p(suffix string) string { return "/api/v1/scans/" + s.ID + suffix }

// newScan starts a scan by the env's formateur with its adviser for a new
// candidate, who accepts the invitation.
func (e *env) newScan(t testing.TB) *scan {
	t.Helper()
	n := e.seq.Add(1)
	return e.newScanFor(t, e.formateur, e.adviser, fmt.Sprintf("kandidaat%d@example.nl", n))
}

// otherScan starts a scan with other participants than newScan's.
func (e *env) otherScan(t *testing.T) *scan {
	t.Helper()
	n := e.seq.Add(1)
	return e.newScanFor(t, e.formateur2, e.adviser2, fmt.Sprintf("ander%d@example.nl", n))
}

func createBody(candidateEmail, adviserEmail string) map[string]any {
	return map[string]any{
		"candidate":                map[string]string{"name": "Eva Ëlberts-Smit", "email": candidateEmail},
		"office":                   "wethouder",
		"adviser_email":            adviserEmail,
		"planned_appointment_date": planned,
	}
}

func (e *env) newScanFor(t testing.TB, formateur, adviser user, candidateEmail string) *scan {
	t.Helper()
	r := e.do(t, "POST", "/api/v1/scans", formateur.Token, createBody(candidateEmail, adviser.Email)).want(t, http.StatusCreated)
	b := decode[scanBody](t, r)
	s := &scan{ID: b.ID, Reference: b.Reference, Formateur: formateur, Adviser: adviser}
	_, code := e.mail.invitation(t, b.Reference)
	tok := decode[map[string]string](t, e.do(t, "POST", "/api/v1/invitations/"+code+"/accept", "", nil).want(t, http.StatusOK))
	if tok["token"] == "" {
		t.Fatalf("accept invitation gave no token")
	}
	s.Candidate = user{Name: b.Candidate.Name, Email: b.Candidate.Email, Token: tok["token"], Role: domain.RoleCandidate}
	return s
}

// get returns the scan as the formateur sees it.
func (e *env) get(t testing.TB, s *scan) scanBody {
	t.Helper()
	return decode[scanBody](t, e.do(t, "GET", s.p(""), s.Formateur.Token, nil).want(t, http.StatusOK))
}

// unchanged asserts that the scan still has the version and state of before.
func (e *env) unchanged(t *testing.T, s *scan, before scanBody) {
	t.Helper()
	now := e.get(t, s)
	if now.Version != before.Version || now.State != before.State {
		t.Errorf("scan changed: version %d → %d, state %s → %s", before.Version, now.Version, before.State, now.State)
	}
}

func (e *env) history(t *testing.T, s *scan) []historyItem {
	t.Helper()
	return decode[listBody[historyItem]](t, e.do(t, "GET", s.p("/history"), s.Formateur.Token, nil).want(t, http.StatusOK)).Items
}

func (e *env) advice(t *testing.T, s *scan, token string) adviceBody {
	t.Helper()
	return decode[adviceBody](t, e.do(t, "GET", s.p("/advice"), token, nil).want(t, http.StatusOK))
}

// answersFor answers every question that the template shows given the
// answers so far, in the safe way: no to every yes/no question (yes to the
// closing confirmation), the first option, a date in the past, and a text
// that holds secretAnswer.
func answersFor(tmpl *domain.Template) map[string]any {
	return domaintest.CompleteAnswers(tmpl, secretAnswer)
}

// walk drives the scan through the API, by the role each step needs, until
// it is in state to. Final states other than closed are reached by a
// withdrawal or cancellation from wherever the scan is.
func (e *env) walk(t testing.TB, s *scan, to domain.State) scanBody {
	t.Helper()
	cur := e.get(t, s)
	step := func(method, suffix, token string, body any) {
		t.Helper()
		cur = decode[scanBody](t, e.do(t, method, s.p(suffix), token, body).want(t, http.StatusOK))
	}
	for range 12 {
		if domain.State(cur.State) == to {
			return cur
		}
		switch to {
		case domain.StateWithdrawn:
			step("POST", "/withdraw", s.Candidate.Token, map[string]string{"reason": "Persoonlijke omstandigheden."})
			continue
		case domain.StateCancelled:
			step("POST", "/cancel", s.Formateur.Token, map[string]string{"reason": "De coalitie is geklapt."})
			continue
		}
		switch domain.State(cur.State) {
		case domain.StateIntake:
			step("POST", "/consent", s.Candidate.Token, map[string]bool{"consent": true})
		case domain.StateQuestionnaire:
			e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
				map[string]any{"answers": answersFor(e.tmpl)}).want(t, http.StatusOK)
			step("POST", "/questionnaire/submit", s.Candidate.Token, nil)
		case domain.StateInterview:
			step("POST", "/interview", s.Adviser.Token, map[string]any{"held_on": today, "summary": secretInterview, "attendees": attendees})
		case domain.StateVOGCheck:
			step("PUT", "/vog", s.Adviser.Token, validVOG())
		case domain.StateAdvice:
			e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()).want(t, http.StatusOK)
			step("POST", "/advice/submit", s.Adviser.Token, nil)
		case domain.StateCandidateReview:
			step("POST", "/advice/response", s.Candidate.Token, map[string]any{"agrees": true, "comment": "Akkoord."})
		case domain.StateSignOff:
			step("POST", "/sign-off", s.Adviser.Token, nil)
		case domain.StateDelivered:
			step("POST", "/outcome", s.Formateur.Token, map[string]string{"outcome": "benoemd"})
		default:
			t.Fatalf("cannot walk scan from %s to %s", cur.State, to)
		}
	}
	t.Fatalf("scan did not reach %s; it is in %s", to, cur.State)
	return cur
}

// scanIn starts a scan and walks it to the state.
func (e *env) scanIn(t testing.TB, st domain.State) *scan {
	t.Helper()
	s := e.newScan(t)
	e.walk(t, s, st)
	return s
}

func validVOG() map[string]string {
	return map[string]string{"status": "issued", "issued_on": validVOGDay, "profile": "01", "reference": secretVOGRef}
}

func goodAdvice() map[string]any {
	return map[string]any{
		"conclusion": "aandachtspunten",
		"summary":    secretAdvice,
		"findings": []map[string]string{{
			"domain": "functioneel", "title": "Bestuurslid sportvereniging", "class": "aandachtspunt",
			"description": "De vereniging huurt een sporthal van de gemeente.",
		}},
	}
}

// race sends the requests at the same moment and returns the replies in order.
func (e *env) race(t *testing.T, reqs ...func() (reply, error)) []reply {
	t.Helper()
	out := make([]reply, len(reqs))
	errs := make([]error, len(reqs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, f := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i], errs[i] = f()
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if out[i].Status >= 400 {
			checkProblem(t, out[i])
		}
	}
	return out
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

func sameStrings(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// attendees is who attended an interview the tests record.
var attendees = []map[string]string{{"name": "Kees Kandidaat", "role": "kandidaat"}}

// withPlan is a finding's or a signal acceptance's fields with an owner and
// a deadline for its measure.
func withPlan(m map[string]any) map[string]any {
	out := map[string]any{"measure_owner": "candidate", "measure_deadline": map[string]string{"kind": "before-appointment"}}
	for k, v := range m {
		out[k] = v
	}
	return out
}
