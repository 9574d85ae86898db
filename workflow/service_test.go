package workflow_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/pdf"
	"basisscan/workflow"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
	"basisscan/workflow/mailfile"
)

var ctx = context.Background()

var codeRe = regexp.MustCompile(`/invitations/([A-Za-z0-9_-]+)`)

// flakyRenderer is the real renderer that can be told to fail, to show
// that a failed render leaves the scan unsigned.
type flakyRenderer struct {
	real *pdf.Renderer
	fail bool
}

func (r *flakyRenderer) Render(s *domain.Scan, kind domain.DocumentKind) ([]byte, error) {
	if r.fail {
		return nil, errors.New("render failed")
	}
	return r.real.Render(s, kind)
}

type env struct {
	store                         *gormstore.Store
	dsn                           string // the database behind store, for tests that tamper with it
	checkpointFile                string
	renderer                      *flakyRenderer
	svc                           *workflow.Service
	clock                         *domaintest.Clock
	mail                          *domaintest.Mailbox
	formateur, adviser, candidate domain.Actor
	tmpl                          *domain.Template
}

func setup(t testing.TB, d storetest.Dialect) *env {
	t.Helper()
	templates, err := configs.Templates()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{clock: domaintest.NewClock(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)), mail: &domaintest.Mailbox{}, tmpl: templates["2026-1"]}
	real, err := pdf.New()
	if err != nil {
		t.Fatal(err)
	}
	e.renderer = &flakyRenderer{real: real}
	renderer := e.renderer
	e.store, e.dsn = storetest.New(t, d)
	e.checkpointFile = filepath.Join(t.TempDir(), "audit-checkpoints.log")
	defaults, err := configs.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	texts, err := configs.LoadTexts()
	if err != nil {
		t.Fatal(err)
	}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	e.svc, err = workflow.New(e.store, e.mail, workflow.Config{
		Templates: templates, ActiveTemplate: "2026-1", BaseURL: "http://test", Now: e.clock.Now, Renderer: renderer,
		Location: ams, ConsentTexts: texts.Consent, PrivacyTexts: texts.Privacy,
		Retention: defaults.Retention, AuditKeys: storetest.AuditKeys(),
		AuditCheckpointFile: e.checkpointFile,
	})
	if err != nil {
		t.Fatal(err)
	}
	// The outbox delivers into e.mail; reading it waits for what is due.
	outbox := storetest.NewDeliverer(t, e.store, gormstore.OutboxConfig{Mailer: e.mail, Due: e.svc.MailDue, Now: e.clock.Now})
	e.mail.Settle = outbox.Settle()
	if _, err := e.svc.AddOrganisation(ctx, "Gemeente Zuidhaven", domain.KindGemeente, domain.Policy{}); err != nil {
		t.Fatal(err)
	}
	add := func(r domain.Role, email string) domain.Actor {
		_, token, err := e.svc.AddUser(ctx, "Gemeente Zuidhaven", r, "Naam", email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	e.formateur, e.adviser = add(domain.RoleFormateur, "f@example.nl"), add(domain.RoleAdviser, "a@example.nl")
	return e
}

// start creates a scan and lets the candidate accept and consent.
func (e *env) start(t testing.TB) *domain.Scan {
	t.Helper()
	sc, err := e.svc.CreateScan(ctx, e.formateur, workflow.CreateScanInput{
		CandidateName: "Kees Kandidaat", CandidateEmail: "k@example.nl", Office: domain.OfficeWethouder,
		AdviserEmail: "A@Example.nl ", PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
	})
	if err != nil {
		t.Fatal(err)
	}
	m := codeRe.FindStringSubmatch(e.mail.All()[len(e.mail.All())-1].Body)
	token, err := e.svc.AcceptInvitation(ctx, m[1])
	if err != nil {
		t.Fatal(err)
	}
	e.candidate, err = e.svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = e.svc.Consent(ctx, e.candidate, sc.ID, nil, workflow.ConsentInput{Given: true}); err != nil {
		t.Fatal(err)
	}
	return sc
}

func (e *env) answerAll(t *testing.T, id string) {
	t.Helper()
	if _, err := e.svc.SaveAnswers(ctx, e.candidate, id, nil, domaintest.CompleteAnswers(e.tmpl, "toelichting")); err != nil {
		t.Fatal(err)
	}
}

func codeOf(err error) domain.ErrorCode { return domain.ErrorCodeOf(err) }

func TestService(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			t.Run("concurrent drafts lose no answer", func(t *testing.T) { t.Parallel(); testConcurrentDrafts(t, setup(t, d)) })
			t.Run("hidden answers are dropped at submit", func(t *testing.T) { t.Parallel(); testPrune(t, setup(t, d)) })
			t.Run("VOG rules", func(t *testing.T) { t.Parallel(); testVOG(t, setup(t, d)) })
			t.Run("review closes only after the period", func(t *testing.T) { t.Parallel(); testCloseReview(t, setup(t, d)) })
			t.Run("refusals are audited", func(t *testing.T) { t.Parallel(); testDeniedAudit(t, setup(t, d)) })
			t.Run("refused consent ends the scan", func(t *testing.T) { t.Parallel(); testRefusal(t, setup(t, d)) })
		})
	}
}

// Without If-Match, a write that loses a race is applied again to the
// winner's result, so both candidates' tabs keep their answers.
func testConcurrentDrafts(t *testing.T, e *env) {
	sc := e.start(t)
	ids := []string{}
	for _, s := range e.tmpl.Sections {
		for _, q := range s.Questions {
			if q.Type == domain.QuestionText && q.ShowIf == nil && len(ids) < 6 {
				ids = append(ids, q.ID)
			}
		}
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.svc.SaveAnswers(ctx, e.candidate, sc.ID, nil, domain.Answers{id: "antwoord " + id}); err != nil {
				t.Errorf("save %s: %v", id, err)
			}
		}()
	}
	wg.Wait()
	q, err := e.svc.Questionnaire(ctx, e.candidate, sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if q.Answers[id] != "antwoord "+id {
			t.Errorf("answer %s lost: %v", id, q.Answers[id])
		}
	}
	if q.Version != sc.Version+len(ids) {
		t.Errorf("version %d after %d saves from %d", q.Version, len(ids), sc.Version)
	}
	// With a stale If-Match the write is refused instead.
	old := sc.Version
	if _, err := e.svc.SaveAnswers(ctx, e.candidate, sc.ID, &old, domain.Answers{ids[0]: "x"}); codeOf(err) != domain.ESTALE {
		t.Fatalf("stale If-Match: %v", err)
	}
}

func testPrune(t *testing.T, e *env) {
	sc := e.start(t)
	var parent, child domain.Question
	for _, s := range e.tmpl.Sections {
		for _, q := range s.Questions {
			if q.ShowIf != nil && q.ShowIf.Equals == true && parent.ID == "" {
				parent, _ = e.tmpl.Question(q.ShowIf.Question)
				child = q
			}
		}
	}
	e.answerAll(t, sc.ID)
	// Yes, with an explanation; then back to no: the explanation must go.
	if _, err := e.svc.SaveAnswers(ctx, e.candidate, sc.ID, nil, domain.Answers{parent.ID: true}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil)
	if e2, _ := domain.AsError(err); codeOf(err) != domain.EINVALID || len(e2.Fields) != 1 || e2.Fields[0].Field != "answers."+child.ID {
		t.Fatalf("submit with open follow-up: %v", err)
	}
	if _, err := e.svc.SaveAnswers(ctx, e.candidate, sc.ID, nil, domain.Answers{child.ID: "uitleg die weg moet", parent.ID: false}); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil)
	if err != nil || got.State != domain.StateInterview {
		t.Fatalf("submit: %v", err)
	}
	if _, kept := got.Answers[child.ID]; kept || got.SubmittedAt == nil {
		t.Fatalf("hidden answer kept or no submission time: %v", got.Answers[child.ID])
	}
}

func testVOG(t *testing.T, e *env) {
	sc := e.start(t)
	vog := func(v domain.VOG) error { _, err := e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, v); return err }
	// Appointment 2026-05-01, today 2026-04-01.
	for name, v := range map[string]domain.VOG{
		"older than three months": {Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 1, 31), Profile: "01"},
		"in the future":           {Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 4, 2), Profile: "01"},
		"wrong profile":           {Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 1), Profile: "45"},
		"no date":                 {Status: domain.VOGIssued, Profile: "01"},
	} {
		if err := vog(v); codeOf(err) != domain.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
	e.answerAll(t, sc.ID)
	if _, err := e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, domain.Interview{HeldOn: domain.NewDate(2026, 4, 1), Summary: "s", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
	if err != nil || got.State != domain.StateVOGCheck {
		t.Fatalf("interview without VOG: %v, %v", got, err)
	}
	// The VOG runs in parallel: once requested, the advice may be written.
	if err := vog(domain.VOG{Status: domain.VOGRequested}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.svc.Scan(ctx, e.adviser, sc.ID); got.State != domain.StateAdvice {
		t.Fatalf("a requested VOG left the scan in %s, want advice", got.State)
	}
	for range 2 { // recording a refusal twice adds one belemmering
		if err := vog(domain.VOG{Status: domain.VOGRefused, IssuedOn: domain.NewDate(2026, 3, 30)}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ = e.svc.Scan(ctx, e.adviser, sc.ID)
	if got.State != domain.StateAdvice || got.Advice == nil || len(got.Advice.Findings) != 1 || !got.Advice.HasObstruction() {
		t.Fatalf("after refusal: state %s, advice %+v", got.State, got.Advice)
	}
	findings := got.Advice.Findings
	// The refused VOG's measure comes with who acts by when, so the advice saves as it stands.
	if f := findings[0]; f.MeasureOwner != domain.OwnerCandidate || f.MeasureDeadline.Kind != domain.DeadlineBeforeAppointment {
		t.Fatalf("the refused VOG's measure has owner %q and deadline %+v", f.MeasureOwner, f.MeasureDeadline)
	}
	if _, err := e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{
		Conclusion: domain.ConclusionMeasures, Summary: "s", Findings: findings}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.EINVALID {
		t.Fatalf("submit with belemmering and no ontraden: %v", err)
	}
	// Dropping the finding does not help: the VOG itself still demands ontraden.
	if _, err := e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{
		Conclusion: domain.ConclusionAttention, Summary: "s"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.EINVALID {
		t.Fatalf("submit after a refused VOG without ontraden: %v", err)
	}
	if _, err := e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{
		Conclusion: domain.ConclusionAdvisedOff, Summary: "s", Findings: findings}); err != nil {
		t.Fatal(err)
	}
	if got, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil); err != nil || got.State != domain.StateCandidateReview {
		t.Fatalf("submit ontraden: %v", err)
	}
}

func testCloseReview(t *testing.T, e *env) {
	sc := e.start(t)
	e.answerAll(t, sc.ID)
	steps := []func() (*domain.Scan, error){
		func() (*domain.Scan, error) { return e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil) },
		func() (*domain.Scan, error) {
			return e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 20), Profile: "01"})
		},
		func() (*domain.Scan, error) {
			return e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, domain.Interview{HeldOn: domain.NewDate(2026, 3, 31), Summary: "s", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
		},
		func() (*domain.Scan, error) {
			return e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{Conclusion: domain.ConclusionNoObjection, Summary: "s"})
		},
		func() (*domain.Scan, error) { return e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil) },
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if _, _, err := e.svc.AdviceDocument(ctx, e.adviser, sc.ID, domain.DocumentAdvice); codeOf(err) != domain.ECONFLICT {
		t.Fatalf("download before sign-off: %v", err)
	}
	e.clock.Advance(10*24*time.Hour - time.Minute)
	if _, err := e.svc.CloseReview(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.ECONFLICT {
		t.Fatalf("close during the period: %v", err)
	}
	offered := func() bool {
		cur, err := e.svc.Scan(ctx, e.adviser, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(e.svc.AllowedActions(e.adviser, cur), domain.ActionCloseReview)
	}
	if offered() {
		t.Fatal("close_review offered while the response period runs")
	}
	e.clock.Advance(time.Minute)
	if !offered() {
		t.Fatal("close_review not offered once the response period is over")
	}
	got, err := e.svc.CloseReview(ctx, e.adviser, sc.ID, nil)
	if err != nil || got.State != domain.StateSignOff || got.Response == nil || got.Response.Given {
		t.Fatalf("close after the period: %+v, %v", got, err)
	}
	// The candidate's copy is the organisation's choice; here they get one.
	if err := e.svc.SetPolicy(ctx, "Gemeente Zuidhaven", domain.Policy{CandidateMayDownload: true}); err != nil {
		t.Fatal(err)
	}
	before := len(e.mail.All())
	e.renderer.fail = true
	if _, err := e.svc.SignOff(ctx, e.adviser, sc.ID, nil); err == nil {
		t.Fatal("signed off without a document")
	}
	if n := len(e.mail.All()); n != before {
		t.Fatalf("a failed sign-off sent %d messages", n-before)
	}
	if got, _ := e.svc.Scan(ctx, e.adviser, sc.ID); got.State != domain.StateSignOff || got.Advice.SignedAt != nil {
		t.Fatalf("a failed render changed the scan: %s, signed %v", got.State, got.Advice.SignedAt)
	}
	e.renderer.fail = false
	signed, err := e.svc.SignOff(ctx, e.adviser, sc.ID, nil)
	if err != nil || signed.State != domain.StateDelivered {
		t.Fatal(err)
	}
	// The recipient hears the advice is ready, the candidate that their copy
	// is; neither message holds what the advice says.
	link := "/scans/" + sc.ID
	toRecipient, toCandidate := e.mailsTo("f@example.nl", before), e.mailsTo("k@example.nl", before)
	if len(toRecipient) != 1 || !strings.Contains(toRecipient[0], "is ondertekend") || !strings.Contains(toRecipient[0], link) ||
		!strings.Contains(toRecipient[0], "als formateur") {
		t.Fatalf("to the recipient: %q", toRecipient)
	}
	if len(toCandidate) != 1 || !strings.Contains(toCandidate[0], "U krijgt er een kopie van") || !strings.Contains(toCandidate[0], link) {
		t.Fatalf("to the candidate: %q", toCandidate)
	}
	for _, body := range append(toRecipient, toCandidate...) {
		if strings.Contains(body, domain.ConclusionNoObjection.DutchName()) {
			t.Fatalf("a delivery message holds the advice's conclusion: %q", body)
		}
	}
	if err := e.svc.SetPolicy(ctx, "Gemeente Zuidhaven", domain.Policy{}); err != nil {
		t.Fatal(err)
	}
	// The signature names the signer's own organisation; the VOG as it
	// stood is kept with the advice.
	if signed.Advice.SignerOrganisation == "" || signed.Advice.VOGAtSignOff == nil || signed.Advice.VOGAtSignOff.IssuedOn != domain.NewDate(2026, 3, 20) {
		t.Fatalf("signed: organisation %q, VOG at sign-off %+v", signed.Advice.SignerOrganisation, signed.Advice.VOGAtSignOff)
	}
	sum, err := workflow.AdviceHash(signed)
	if err != nil || sum != signed.Advice.SHA256 || len(sum) != 64 {
		t.Fatalf("hash %s, stored %s, %v", sum, signed.Advice.SHA256, err)
	}
	reloaded, _ := e.svc.Scan(ctx, e.formateur, sc.ID)
	if again, _ := workflow.AdviceHash(reloaded); again != sum {
		t.Fatalf("hash of the stored advice %s differs from the signed %s", again, sum)
	}
	reloaded.Advice.Summary += "."
	if changed, _ := workflow.AdviceHash(reloaded); changed == sum {
		t.Fatal("hash ignores the summary")
	}

	// Both PDFs were stored at sign-off; formateur and adviser may download
	// them, the candidate (in this organisation) may not, and every download
	// is recorded.
	sums := map[string]bool{}
	for _, a := range []domain.Actor{e.formateur, e.adviser} {
		for _, kind := range domain.DocumentKinds {
			_, doc, err := e.svc.AdviceDocument(ctx, a, sc.ID, kind)
			if err != nil {
				t.Fatalf("%s download of %s: %v", a.Role, kind, err)
			}
			pdfSum := sha256.Sum256(doc.PDF)
			if doc.Kind != kind || !bytes.HasPrefix(doc.PDF, []byte("%PDF-")) || hex.EncodeToString(pdfSum[:]) != doc.SHA256 {
				t.Fatalf("stored %s PDF does not match its kind or digest", kind)
			}
			sums[doc.SHA256] = true
		}
	}
	if len(sums) != 2 {
		t.Fatalf("%d different documents, want the advice and the raad's summary", len(sums))
	}
	for _, kind := range domain.DocumentKinds {
		if _, _, err := e.svc.AdviceDocument(ctx, e.candidate, sc.ID, kind); codeOf(err) != domain.EFORBIDDEN {
			t.Fatalf("candidate download of %s: %v", kind, err)
		}
	}
	if _, _, err := e.svc.AdviceDocument(ctx, e.formateur, sc.ID, "brochure"); codeOf(err) != domain.ENOTFOUND {
		t.Fatalf("download of an unknown kind: %v", err)
	}
	// Downloads are audited; the history is for transitions.
	h, _ := e.svc.History(ctx, e.formateur, sc.ID)
	for _, x := range h {
		if x.Action == domain.ActionDownloadAdvice {
			t.Fatalf("a download went into the history: %+v", x)
		}
	}
	c, _ := e.store.AuditChain(ctx, sc.ID)
	downloads := 0
	for _, ev := range c.Events {
		if ev.Action == string(domain.ActionDownloadAdvice) && ev.Result == domain.AuditOK {
			downloads++
		}
	}
	if downloads != 4 {
		t.Fatalf("%d downloads audited, want 4", downloads)
	}
}

func testRefusal(t *testing.T, e *env) {
	sc, err := e.svc.CreateScan(ctx, e.formateur, workflow.CreateScanInput{
		CandidateName: "K", CandidateEmail: "k2@example.nl", Office: domain.OfficeWethouder,
		AdviserEmail: "a@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
	})
	if err != nil {
		t.Fatal(err)
	}
	token, err := e.svc.AcceptInvitation(ctx, codeRe.FindStringSubmatch(e.mail.All()[0].Body)[1])
	if err != nil {
		t.Fatal(err)
	}
	cand, _ := e.svc.Authenticate(ctx, token)
	got, err := e.svc.Consent(ctx, cand, sc.ID, nil, workflow.ConsentInput{})
	if err != nil || got.State != domain.StateRefused || got.Consent == nil || got.Consent.Given || got.ClosedAt == nil {
		t.Fatalf("refusal: %+v, %v", got, err)
	}
	h, _ := e.svc.History(ctx, e.formateur, sc.ID)
	if last := h[len(h)-1]; last.Action != domain.ActionConsent || last.To != domain.StateRefused {
		t.Fatalf("history: %+v", last)
	}
	// Like a withdrawal, a refusal may be destroyed at once.
	if err := e.svc.Erase(ctx, cand, sc.ID); err != nil {
		t.Fatalf("erase after refusal: %v", err)
	}
	if _, err := e.svc.CreateScan(ctx, e.formateur, workflow.CreateScanInput{
		CandidateName: "K", CandidateEmail: "k3@example.nl", Office: domain.OfficeWethouder,
		AdviserEmail: "nobody@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 3, 1),
	}); codeOf(err) != domain.EINVALID {
		t.Fatalf("unknown adviser and past date: %v", err)
	} else if e2, _ := domain.AsError(err); len(e2.Fields) != 2 {
		t.Fatalf("want both fields named: %v", err)
	}
	if !errors.Is(err, domain.ErrInvalid) && err != nil {
		t.Fatal(err)
	}
}

func testDeniedAudit(t *testing.T, e *env) {
	meta := domain.WithRequestMeta(ctx, domain.RequestMeta{RequestID: "req-1", Source: "192.0.2.7"})
	for _, token := range []string{"", "unknown"} {
		if _, err := e.svc.Authenticate(meta, token); codeOf(err) != domain.EUNAUTHORIZED {
			t.Fatalf("token %q: %v", token, err)
		}
	}
	if _, err := e.svc.AcceptInvitation(meta, "no-such-code"); codeOf(err) != domain.ENOTFOUND {
		t.Fatal(err)
	}
	if _, err := e.svc.Scan(meta, e.formateur, "00000000-0000-0000-0000-000000000000"); codeOf(err) != domain.ENOTFOUND {
		t.Fatal(err)
	}
	// Refusals on no scan are counted apart from every chain, per source
	// and minute.
	rs, err := e.store.Refusals(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, fmt.Sprintf("%s×%d", r.Action, r.Count))
		if r.Source != "192.0.2.7" {
			t.Errorf("refusal %+v lacks the request's source", r)
		}
	}
	slices.Sort(got)
	if want := "accept_invitation×1 authenticate×2 read_scan×1"; strings.Join(got, " ") != want {
		t.Fatalf("refusals %q, want %q", strings.Join(got, " "), want)
	}
	if c, _ := e.store.AuditChain(ctx, domain.SystemChain); slices.ContainsFunc(c.Events, func(ev domain.AuditEvent) bool {
		return ev.Result == domain.AuditDenied
	}) {
		t.Fatal("a refusal went into the system chain")
	}
}

func TestRetention(t *testing.T) {
	t.Parallel()
	r := domain.Retention{Appointed: 100 * time.Hour, NotAppointed: 50 * time.Hour, Withdrawn: 10 * time.Hour, Cancelled: 20 * time.Hour}
	closed := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		state   domain.State
		outcome domain.Outcome
		after   time.Duration
		due     bool
	}{
		{domain.StateClosed, domain.OutcomeAppointed, 99 * time.Hour, false},
		{domain.StateClosed, domain.OutcomeAppointed, 100 * time.Hour, true},
		{domain.StateClosed, domain.OutcomeNotAppointed, 50 * time.Hour, true},
		{domain.StateClosed, domain.OutcomeNotAppointed, 49 * time.Hour, false},
		{domain.StateWithdrawn, "", 10 * time.Hour, true},
		{domain.StateRefused, "", 9 * time.Hour, false}, // kept as long as a withdrawal
		{domain.StateRefused, "", 10 * time.Hour, true},
		{domain.StateCancelled, "", 19 * time.Hour, false},
		{domain.StateDelivered, "", 1000 * time.Hour, false}, // no outcome yet: the clock has not started
	}
	for _, tt := range tests {
		if got := r.Due(tt.state, tt.outcome, closed, closed.Add(tt.after)); got != tt.due {
			t.Errorf("Due(%s, %q, +%v) = %v, want %v", tt.state, tt.outcome, tt.after, got, tt.due)
		}
	}
}

func TestPurge(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			withdrawn := e.start(t)
			if _, err := e.svc.Withdraw(ctx, e.candidate, withdrawn.ID, nil, "Persoonlijke redenen"); err != nil {
				t.Fatal(err)
			}
			running := e.start(t)
			// Withdrawn retention is 30 days by the default configuration.
			e.clock.Advance(29 * 24 * time.Hour)
			if done, err := e.svc.Purge(ctx); err != nil || len(done) != 0 {
				t.Fatalf("purge before the term: %v, %v", done, err)
			}
			e.clock.Advance(24 * time.Hour)
			done, err := e.svc.Purge(ctx)
			if err != nil || len(done) != 1 || done[0].ID != withdrawn.ID {
				t.Fatalf("purge after the term: %v, %v", done, err)
			}
			if again, err := e.svc.Purge(ctx); err != nil || len(again) != 0 {
				t.Fatalf("rerun purged %v, %v", again, err)
			}
			if got, _ := e.svc.Scan(ctx, e.formateur, running.ID); got.PurgedAt != nil || got.State != domain.StateQuestionnaire {
				t.Fatal("a running scan was purged")
			}
		})
	}
}

// TestErasureReachesTheOutbox: the outbox keeps a copy of every invitation,
// with the candidate's name, address and link. Erasing the scan at the
// candidate's request, or purging it after its term, destroys that copy
// too, and leaves the messages about other scans alone.
func TestErasureReachesTheOutbox(t *testing.T) {
	t.Parallel()
	templates, err := configs.Templates()
	if err != nil {
		t.Fatal(err)
	}
	rend, err := pdf.New()
	if err != nil {
		t.Fatal(err)
	}
	defaults, err := configs.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	outbox, err := mailfile.New(filepath.Join(t.TempDir(), "outbox"))
	if err != nil {
		t.Fatal(err)
	}
	clock := domaintest.NewClock(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	outbox.Now = clock.Now
	st := storetest.Open(t, storetest.SQLite)
	svc, err := workflow.New(st, outbox, workflow.Config{
		Templates: templates, ActiveTemplate: "2026-1", BaseURL: "http://test", Now: clock.Now, Renderer: rend,
		Retention: defaults.Retention, AuditKeys: storetest.AuditKeys(),
	})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Outbox(t, st, gormstore.OutboxConfig{Mailer: outbox, Due: svc.MailDue, Now: clock.Now})
	// outboxText reads the files once what is due is written.
	outboxText := func(t *testing.T, dir string) string { t.Helper(); storetest.Drain(t, st); return outboxFiles(t, dir) }
	if _, err := svc.AddOrganisation(ctx, "Gemeente Zuidhaven", domain.KindGemeente, domain.Policy{}); err != nil {
		t.Fatal(err)
	}
	actor := func(r domain.Role, email string) domain.Actor {
		_, token, err := svc.AddUser(ctx, "Gemeente Zuidhaven", r, "Naam", email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	formateur := actor(domain.RoleFormateur, "f@example.nl")
	actor(domain.RoleAdviser, "a@example.nl")
	// withdrawn starts a scan for the address, lets the candidate accept
	// and withdraw, and returns the scan and the candidate.
	withdrawn := func(email string) (*domain.Scan, domain.Actor) {
		sc, err := svc.CreateScan(ctx, formateur, workflow.CreateScanInput{
			CandidateName: "Wies Wissel", CandidateEmail: email, Office: domain.OfficeWethouder,
			AdviserEmail: "a@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
		})
		if err != nil {
			t.Fatal(err)
		}
		var code string
		for _, msg := range strings.Split(outboxText(t, outbox.Dir), "From: ") {
			if m := codeRe.FindStringSubmatch(msg); m != nil && strings.Contains(msg, sc.Reference) {
				code = m[1]
			}
		}
		if code == "" {
			t.Fatalf("no invitation for %s in the outbox", sc.Reference)
		}
		token, err := svc.AcceptInvitation(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		cand, err := svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Withdraw(ctx, cand, sc.ID, nil, "Persoonlijk"); err != nil {
			t.Fatal(err)
		}
		return sc, cand
	}
	erased, cand := withdrawn("wis-nu@example.nl")
	purged, _ := withdrawn("wis-later@example.nl")
	kept, err := svc.CreateScan(ctx, formateur, workflow.CreateScanInput{
		CandidateName: "Blijft Staan", CandidateEmail: "blijft@example.nl", Office: domain.OfficeWethouder,
		AdviserEmail: "a@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := svc.Erase(ctx, cand, erased.ID); err != nil {
		t.Fatal(err)
	}
	if text := outboxText(t, outbox.Dir); strings.Contains(text, "wis-nu@example.nl") || strings.Contains(text, erased.Reference) {
		t.Fatal("the erased candidate's invitation is still in the outbox")
	}
	clock.Advance(31 * 24 * time.Hour) // past the withdrawn term
	if done, err := svc.Purge(ctx); err != nil || len(done) != 1 || done[0].ID != purged.ID {
		t.Fatalf("purge = %v, %v", done, err)
	}
	text := outboxText(t, outbox.Dir)
	if strings.Contains(text, "wis-later@example.nl") || strings.Contains(text, purged.Reference) {
		t.Fatal("the purged candidate's invitation is still in the outbox")
	}
	if !strings.Contains(text, kept.Reference) {
		t.Fatal("erasure removed the invitation of a scan that still runs")
	}
}

// outboxFiles returns every message in the outbox, concatenated.
func outboxFiles(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}
