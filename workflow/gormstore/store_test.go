package gormstore_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"
	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// The one store suite, run on every dialect.
func TestStore(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			t.Run("users and tokens", func(t *testing.T) { t.Parallel(); testUsers(t, storetest.Open(t, d)) })
			t.Run("create and load scans", func(t *testing.T) { t.Parallel(); testCreateScan(t, storetest.Open(t, d)) })
			t.Run("update is version checked", func(t *testing.T) { t.Parallel(); testUpdate(t, storetest.Open(t, d)) })
			t.Run("concurrent updates lose nothing", func(t *testing.T) { t.Parallel(); testConcurrentUpdates(t, storetest.Open(t, d)) })
			t.Run("encrypted at rest", func(t *testing.T) { t.Parallel(); testEncryptedAtRest(t, d) })
			t.Run("advice documents", func(t *testing.T) { t.Parallel(); testDocuments(t, storetest.Open(t, d)) })
			t.Run("invitations are single use", func(t *testing.T) { t.Parallel(); testInvitations(t, storetest.Open(t, d)) })
			t.Run("migrate is idempotent", func(t *testing.T) {
				t.Parallel()
				st := storetest.Open(t, d)
				applied, err := st.Migrate(context.Background())
				if err != nil || len(applied) != 0 {
					t.Fatalf("second migrate = %v, %v; want nothing applied", applied, err)
				}
			})
		})
	}
}

var ctx = context.Background()

var t0 = time.Date(2026, 3, 20, 9, 30, 0, 123456000, time.UTC)

func addOrg(t *testing.T, st *gormstore.Store, name string) string {
	t.Helper()
	o := &domain.Organisation{ID: uuid.NewString(), Name: name, Kind: domain.KindGemeente}
	if err := st.CreateOrganisation(ctx, o, systemEvent("add_organisation")); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	return o.ID
}

func addUser(t *testing.T, st *gormstore.Store, org string, role domain.Role, email string) *domain.User {
	t.Helper()
	u := &domain.User{ID: uuid.NewString(), OrganisationID: org, Role: role, Name: "Naam " + email, Email: email, Active: true}
	if err := st.CreateUser(ctx, u, domain.NewUser{Audit: systemEvent("add_user")}); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

// systemEvent is an audit event of the command line, on the system chain.
func systemEvent(action string) domain.AuditEvent {
	return domain.AuditEvent{Chain: domain.SystemChain, ActorID: "cli", ActorRole: domain.RoleAdmin, Action: action,
		Object: "user", Result: domain.AuditOK, At: t0}
}

// newToken returns a token of user (empty: the store fills it in) with the
// hash, made at now and valid 30 days.
func newToken(user, hash string, now time.Time) domain.NewToken {
	return domain.NewToken{ID: uuid.NewString(), Hash: hash, UserID: user, CreatedAt: now, ExpiresAt: now.Add(30 * 24 * time.Hour)}
}

func testUsers(t *testing.T, st *gormstore.Store) {
	org, other := addOrg(t, st, "Gemeente Zuidhaven"), addOrg(t, st, "Gemeente Noordhaven")
	if err := st.CreateOrganisation(ctx, &domain.Organisation{ID: uuid.NewString(), Name: "Gemeente Zuidhaven", Kind: domain.KindGemeente}, systemEvent("add_organisation")); !errors.Is(err, domain.ErrInvalid) {
		t.Fatalf("duplicate organisation: err = %v", err)
	}
	u := addUser(t, st, org, domain.RoleAdviser, "a@example.nl")
	for _, role := range []domain.Role{domain.RoleAdviser, domain.RoleFormateur, domain.RoleAdmin} {
		// The address names an adviser serving the organisation: no other
		// account there may have it, whatever its role.
		if err := st.CreateUser(ctx, &domain.User{ID: uuid.NewString(), OrganisationID: org, Role: role, Name: "x", Email: "a@example.nl", Active: true},
			domain.NewUser{Audit: systemEvent("add_user")}); !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("a %s with an adviser's address: err = %v, want EINVALID", role, err)
		}
	}
	addUser(t, st, org, domain.RoleFormateur, "f@example.nl")
	addUser(t, st, org, domain.RoleAdmin, "f@example.nl") // one address in two roles is fine but for an adviser's
	if err := st.AddToken(ctx, newToken(u.ID, "hash1", t0)); err != nil {
		t.Fatal(err)
	}
	got, actor, err := st.UserByToken(ctx, "hash1", false, t0)
	if err != nil || got.ID != u.ID || actor.Role != domain.RoleAdviser || actor.OrganisationID != org || len(actor.Organisations) != 1 {
		t.Fatalf("UserByToken = %+v, %+v, %v", got, actor, err)
	}
	if _, _, err := st.UserByToken(ctx, "hash1", false, t0.Add(31*24*time.Hour)); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("expired token: err = %v", err)
	}
	if _, _, err := st.UserByToken(ctx, "nope", false, t0); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown token: err = %v", err)
	}
	if got, err := st.AdvisersFor(ctx, org, "a@example.nl"); err != nil || len(got) != 1 || got[0].ID != u.ID || got[0].Name != u.Name {
		t.Fatalf("AdvisersFor = %+v, %v", got, err)
	}
	// Another organisation's adviser serves it only once assigned.
	if got, err := st.AdvisersFor(ctx, other, "a@example.nl"); err != nil || len(got) != 0 {
		t.Fatalf("AdvisersFor unassigned organisation: %+v, %v", got, err)
	}
	if err := st.AssignAdviser(ctx, u.ID, other, systemEvent("assign_adviser")); err != nil {
		t.Fatal(err)
	}
	if err := st.AssignAdviser(ctx, u.ID, other, systemEvent("assign_adviser")); err != nil {
		t.Fatalf("assigning twice: %v", err)
	}
	if got, err := st.AdvisersFor(ctx, other, "a@example.nl"); err != nil || len(got) != 1 || got[0].ID != u.ID {
		t.Fatalf("AdvisersFor assigned organisation = %+v, %v", got, err)
	}
	if _, actor, _ := st.UserByToken(ctx, "hash1", false, t0); !actor.Serves(other) || !actor.Serves(org) {
		t.Fatalf("actor after assignment serves %v", actor.Organisations)
	}
	// A deactivated account stops at once, and its tokens stay revoked
	// when it is activated again.
	if _, err := st.SetUserActive(ctx, org, domain.RoleAdviser, "a@example.nl", false, t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.UserByToken(ctx, "hash1", false, t0); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("deactivated token: err = %v", err)
	}
	if got, err := st.AdvisersFor(ctx, org, "a@example.nl"); err != nil || len(got) != 1 || got[0].Active {
		t.Fatalf("deactivated adviser: %+v, %v", got, err)
	}
	if _, err := st.SetUserActive(ctx, org, domain.RoleAdviser, "a@example.nl", true, t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.UserByToken(ctx, "hash1", false, t0); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("reactivation revived a token: err = %v", err)
	}
	if _, err := st.SetUserActive(ctx, org, domain.RoleAdviser, "nobody@example.nl", false, t0); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("deactivate unknown: err = %v", err)
	}
}

type fixture struct {
	org                string
	formateur, adviser *domain.User
}

func newFixture(t *testing.T, st *gormstore.Store) fixture {
	org := addOrg(t, st, "Gemeente Zuidhaven")
	return fixture{org, addUser(t, st, org, domain.RoleFormateur, "f@example.nl"), addUser(t, st, org, domain.RoleAdviser, "adv@example.nl")}
}

func (f fixture) create(t *testing.T, st *gormstore.Store, candidateEmail, codeHash string) *domain.Scan {
	t.Helper()
	sc := &domain.Scan{
		ID: uuid.NewString(), Reference: "BS-2026-" + uuid.NewString()[:6], State: domain.StateIntake, Version: 1,
		Office: domain.OfficeWethouder, OrganisationID: f.org, PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
		Candidate: domain.Person{Name: "Eef Ëlberts", Email: candidateEmail},
		Adviser:   domain.Person{ID: f.adviser.ID}, Formateur: domain.Person{ID: f.formateur.ID}, Recipient: domain.Person{ID: f.formateur.ID},
		TemplateVersion: "2026-1", Answers: domain.Answers{}, CreatedAt: t0, UpdatedAt: t0,
	}
	err := st.CreateScan(ctx, domain.NewScan{Scan: sc, InvitationCodeHash: codeHash, InvitationExpires: t0.Add(time.Hour),
		History: domain.HistoryEntry{To: domain.StateIntake, Action: domain.ActionStart, ActorID: f.formateur.ID, ActorRole: domain.RoleFormateur, At: t0}},
		func(*domain.Scan) error { return nil })
	if err != nil {
		t.Fatalf("create scan: %v", err)
	}
	return sc
}

func testCreateScan(t *testing.T, st *gormstore.Store) {
	f := newFixture(t, st)
	a := f.create(t, st, "kandidaat@example.nl", "code-a")
	b := f.create(t, st, "kandidaat@example.nl", "code-b")
	if a.Candidate.ID == "" || a.Candidate.ID != b.Candidate.ID {
		t.Fatalf("candidate account not reused: %q vs %q", a.Candidate.ID, b.Candidate.ID)
	}
	got, err := st.Scan(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reference != a.Reference || got.State != domain.StateIntake || got.Version != 1 ||
		got.Candidate.Name != "Eef Ëlberts" || got.Adviser.Email != "adv@example.nl" || got.Recipient.ID != f.formateur.ID ||
		got.PlannedAppointmentDate != domain.NewDate(2026, 5, 1) || !got.CreatedAt.Equal(t0) ||
		got.Organisation != "Gemeente Zuidhaven" || got.OrganisationID != f.org || got.SecondAdviser != nil {
		t.Fatalf("loaded scan differs: %+v", got)
	}

	// A failing delivery stores nothing.
	boom := errors.New("mail down")
	sc := *a
	sc.ID, sc.Reference = uuid.NewString(), "BS-2026-FAILED"
	err = st.CreateScan(ctx, domain.NewScan{Scan: &sc, InvitationCodeHash: "code-c", InvitationExpires: t0,
		History: domain.HistoryEntry{To: domain.StateIntake, Action: domain.ActionStart, ActorID: f.formateur.ID, ActorRole: domain.RoleFormateur, At: t0}},
		func(*domain.Scan) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("create with failing delivery: err = %v", err)
	}
	if _, err := st.Scan(ctx, sc.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("scan stored despite failed delivery: %v", err)
	}

	for _, id := range []string{"", "nope", "'; DROP TABLE scans; --", uuid.NewString()} {
		if _, err := st.Scan(ctx, id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Scan(%q): err = %v, want not found", id, err)
		}
	}
	orgs := []string{f.org}
	for name, filter := range map[string]domain.ScanFilter{
		"candidate": {CandidateID: a.Candidate.ID, Organisations: orgs}, "adviser": {AdviserID: f.adviser.ID, Organisations: orgs},
		"formateur": {FormateurID: f.formateur.ID, Organisations: orgs},
	} {
		list, err := st.Scans(ctx, filter)
		if err != nil || len(list) != 2 {
			t.Errorf("Scans(%s) = %d scans, %v; want 2", name, len(list), err)
		}
	}
	for name, filter := range map[string]domain.ScanFilter{
		"other adviser":      {AdviserID: f.formateur.ID, Organisations: orgs},
		"other organisation": {AdviserID: f.adviser.ID, Organisations: []string{uuid.NewString()}},
		"no organisation":    {AdviserID: f.adviser.ID},
	} {
		if list, err := st.Scans(ctx, filter); err != nil || len(list) != 0 {
			t.Errorf("Scans(%s) = %d, %v; want none", name, len(list), err)
		}
	}
	// A second adviser is stored, loaded, and finds the scan in lists.
	second := addUser(t, st, f.org, domain.RoleAdviser, "tweede@example.nl")
	if _, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		s.SecondAdviser = &domain.Person{ID: second.ID}
		return domain.Change{}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Scan(ctx, a.ID); got.SecondAdviser == nil || got.SecondAdviser.Email != "tweede@example.nl" {
		t.Fatalf("second adviser = %+v", got.SecondAdviser)
	}
	if list, _ := st.Scans(ctx, domain.ScanFilter{AdviserID: second.ID, Organisations: orgs}); len(list) != 1 {
		t.Fatalf("second adviser's list has %d scans, want 1", len(list))
	}
	h, err := st.History(ctx, a.ID)
	if err != nil || len(h) != 1 || h[0].Action != domain.ActionStart || h[0].To != domain.StateIntake {
		t.Fatalf("history = %+v, %v", h, err)
	}
}

func testUpdate(t *testing.T, st *gormstore.Store) {
	f := newFixture(t, st)
	a := f.create(t, st, "k@example.nl", "code")
	got, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		s.State = domain.StateQuestionnaire
		s.Answers = domain.Answers{"q1": true, "q2": "tekst met ’ en €"}
		s.VOG = &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 1), Profile: "01", Reference: "R1"}
		return domain.Change{History: &domain.HistoryEntry{From: domain.StateIntake, To: domain.StateQuestionnaire, Action: domain.ActionConsent,
			ActorID: a.Candidate.ID, ActorRole: domain.RoleCandidate, At: t0}}, nil
	})
	if err != nil || got.Version != 2 {
		t.Fatalf("update = %+v, %v", got, err)
	}
	re, err := st.Scan(ctx, a.ID)
	if err != nil || re.Version != 2 || re.State != domain.StateQuestionnaire || re.Answers["q2"] != "tekst met ’ en €" ||
		re.VOG == nil || re.VOG.IssuedOn != domain.NewDate(2026, 3, 1) {
		t.Fatalf("reloaded = %+v, %v", re, err)
	}
	// An error from fn changes nothing.
	bad := errors.New("rule broken")
	if _, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		s.State = domain.StateClosed
		return domain.Change{}, bad
	}); !errors.Is(err, bad) {
		t.Fatalf("err = %v", err)
	}
	if re, _ := st.Scan(ctx, a.ID); re.State != domain.StateQuestionnaire || re.Version != 2 {
		t.Fatalf("failed update changed the scan: %s v%d", re.State, re.Version)
	}
	h, _ := st.History(ctx, a.ID)
	if len(h) != 2 || h[1].Seq != 2 || h[1].Action != domain.ActionConsent {
		t.Fatalf("history = %+v", h)
	}
}

// testConcurrentUpdates has many writers change one scan at once. The scan
// is locked from load to commit (on SQLite: the one connection), so they
// queue: every one applies, each on the scan the one before left, with its
// own version, and no answer is lost.
func testConcurrentUpdates(t *testing.T, st *gormstore.Store) {
	f := newFixture(t, st)
	a := f.create(t, st, "k@example.nl", "code")
	const writers = 8
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		versions = map[int]string{}
	)
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := string(rune('a' + i))
			<-start
			sc, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				s.Answers[key] = true
				return domain.Change{}, nil
			})
			if err != nil {
				t.Errorf("writer %s: %v", key, err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if other, ok := versions[sc.Version]; ok {
				t.Errorf("writers %s and %s both wrote version %d", other, key, sc.Version)
			}
			versions[sc.Version] = key
		}()
	}
	close(start)
	wg.Wait()
	re, err := st.Scan(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if re.Version != a.Version+writers {
		t.Fatalf("version %d after %d writers, want %d", re.Version, writers, a.Version+writers)
	}
	for v := a.Version + 1; v <= a.Version+writers; v++ {
		if _, ok := versions[v]; !ok {
			t.Errorf("no writer wrote version %d: %v", v, versions)
		}
	}
	for i := range writers {
		if k := string(rune('a' + i)); re.Answers[k] != true {
			t.Errorf("answer %s lost: %v", k, re.Answers)
		}
	}
}

func testInvitations(t *testing.T, st *gormstore.Store) {
	f := newFixture(t, st)
	a := f.create(t, st, "k@example.nl", "code")
	if err := st.AcceptInvitation(ctx, "code", newToken("", "tok", t0.Add(2*time.Hour))); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("expired invitation: err = %v", err)
	}
	if err := st.AcceptInvitation(ctx, "code", newToken("", "tok", t0)); err != nil {
		t.Fatalf("accept: %v", err)
	}
	u, _, err := st.UserByToken(ctx, "tok", false, t0)
	if err != nil || u.ID != a.Candidate.ID || u.Role != domain.RoleCandidate {
		t.Fatalf("candidate token = %+v, %v", u, err)
	}
	if err := st.AcceptInvitation(ctx, "code", newToken("", "tok2", t0)); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("second accept: err = %v", err)
	}
	if err := st.AcceptInvitation(ctx, "unknown", newToken("", "tok3", t0)); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown code: err = %v", err)
	}
}

// testDocuments: both documents of a sign-off are stored in its write, each
// read back by kind, and neither can be replaced by a second store.
func testDocuments(t *testing.T, st *gormstore.Store) {
	f := newFixture(t, st)
	a := f.create(t, st, "k@example.nl", "code")
	for _, kind := range domain.DocumentKinds {
		if _, err := st.Document(ctx, a.ID, kind); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("%s document before sign-off: %v", kind, err)
		}
	}
	pdf := []byte("%PDF-1.3 \x00\xff binary")
	raad := []byte("%PDF-1.3 raad")
	store := func(docs ...*domain.Document) error {
		_, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
			return domain.Change{Documents: docs}, nil
		})
		return err
	}
	if err := store(&domain.Document{Kind: domain.DocumentAdvice, PDF: pdf, SHA256: "abc", CreatedAt: t0},
		&domain.Document{Kind: domain.DocumentRaad, PDF: raad, SHA256: "def", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	doc, err := st.Document(ctx, a.ID, domain.DocumentAdvice)
	if err != nil || doc.Kind != domain.DocumentAdvice || string(doc.PDF) != string(pdf) || doc.SHA256 != "abc" || !doc.CreatedAt.Equal(t0) {
		t.Fatalf("advice document = %+v, %v", doc, err)
	}
	doc, err = st.Document(ctx, a.ID, domain.DocumentRaad)
	if err != nil || doc.Kind != domain.DocumentRaad || string(doc.PDF) != string(raad) || doc.SHA256 != "def" {
		t.Fatalf("raad document = %+v, %v", doc, err)
	}
	if _, err := st.Document(ctx, a.ID, "brochure"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("document of an unknown kind: %v", err)
	}
	for _, kind := range domain.DocumentKinds {
		if err := store(&domain.Document{Kind: kind, PDF: []byte("again"), SHA256: "x", CreatedAt: t0}); err == nil {
			t.Fatalf("a second %s document replaced the first", kind)
		}
	}
	if err := store(&domain.Document{Kind: "brochure", PDF: []byte("x"), SHA256: "x", CreatedAt: t0}); err == nil {
		t.Fatal("a document of an unknown kind was stored")
	}
	if re, _ := st.Scan(ctx, a.ID); re.Version != 2 {
		t.Fatalf("the failed second store bumped the version to %d", re.Version)
	}
}

// A raw look at the database shows no case content: answers, notes, VOG
// details, the advice and its document are sealed.
func testEncryptedAtRest(t *testing.T, d storetest.Dialect) {
	st, dsn := storetest.New(t, d)
	f := newFixture(t, st)
	a := f.create(t, st, "k@example.nl", "code")
	secrets := []string{"GEHEIM-antwoord-schuld", "GEHEIM-gespreksnotitie", "GEHEIM-VOG-ref", "GEHEIM-advies", "GEHEIM-pdf", "GEHEIM-raad-pdf"}
	if _, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
		s.Answers = domain.Answers{"financiele_situatie_schulden_toelichting": secrets[0]}
		s.Interview = &domain.Interview{HeldOn: domain.NewDate(2026, 3, 1), Summary: secrets[1]}
		s.VOG = &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 1), Profile: "01", Reference: secrets[2]}
		s.Advice = &domain.Advice{Summary: secrets[3]}
		return domain.Change{Documents: []*domain.Document{{Kind: domain.DocumentAdvice, PDF: []byte(secrets[4]), SHA256: "x", CreatedAt: t0},
			{Kind: domain.DocumentRaad, PDF: []byte(secrets[5]), SHA256: "y", CreatedAt: t0}}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	dump := rawDump(t, d, dsn)
	for _, s := range secrets {
		if strings.Contains(dump, s) {
			t.Errorf("%q readable in the database", s)
		}
	}
	if !strings.Contains(dump, a.Reference) {
		t.Fatal("the dump is empty: the check above proves nothing")
	}
	got, err := st.Scan(ctx, a.ID)
	if err != nil || got.Answers["financiele_situatie_schulden_toelichting"] != secrets[0] || got.VOG.Reference != secrets[2] {
		t.Fatalf("reading back: %+v, %v", got, err)
	}
}

// rawDump returns every text and blob value of the scan tables, as a
// database dump would show them.
func rawDump(t *testing.T, d storetest.Dialect, dsn string) string {
	t.Helper()
	driver := "sqlite"
	if d == storetest.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{"SELECT reference, content FROM scans", "SELECT sha256, pdf FROM advice_documents"} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var x, y []byte
			if err := rows.Scan(&x, &y); err != nil {
				t.Fatal(err)
			}
			b.Write(x)
			b.Write(y)
		}
		rows.Close()
	}
	return b.String()
}
