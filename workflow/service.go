package workflow

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"text/template"
	"time"

	"basisscan/domain"
)

// Config holds what the Service needs besides its store and mailer.
type Config struct {
	Templates      map[string]*domain.Template
	ActiveTemplate string // version new scans are pinned to
	ConsentVersion string // version of the consent text the candidate agrees to
	// ConsentTexts and PrivacyTexts are the consent texts and privacy
	// statements by version (templates of domain.TextFields); both must hold
	// ConsentVersion, which defaults to their newest.
	ConsentTexts   map[string]*template.Template
	PrivacyTexts   map[string]*template.Template
	BaseURL        string // for links in e-mails, without trailing slash
	ResponsePeriod time.Duration
	// QuestionnairePeriod is how long the candidate has for the
	// questionnaire after consent.
	QuestionnairePeriod time.Duration
	InvitationTTL       time.Duration
	// TokenTTL is how long a staff member's bearer token works;
	// CandidateTokenTTL a candidate's, which also ends with their scan.
	TokenTTL          time.Duration
	CandidateTokenTTL time.Duration
	// ActivationTTL is how long a sign-in link for a new or reactivated
	// staff account works.
	ActivationTTL time.Duration
	// SessionIdle and SessionMax end a web session after that long without
	// use, and that long after sign-in whatever its use; SignInLinkTTL is how
	// long a sign-in link asked for on the sign-in page works.
	SessionIdle   time.Duration
	SessionMax    time.Duration
	SignInLinkTTL time.Duration
	Location      *time.Location // for "today" in date rules; the Dutch zone in production
	Now           func() time.Time
	Random        io.Reader
	// Renderer renders the advice document at sign-off; required.
	Renderer domain.Renderer
	// Retention is how long finished scans keep their content.
	Retention domain.Retention
	// AuditKeys verify the audit trail and seal its checkpoints; required.
	AuditKeys *domain.AuditKeys
	// AuditCheckpointFile is where CheckpointAudit appends the chains'
	// heads and VerifyAudit reads them; empty means no checkpoints.
	AuditCheckpointFile string
	// AuditPageSize is how many events VerifyAudit reads at a time; 0
	// means 1,000.
	AuditPageSize int
	// WebhooksAllowLoopback lets webhooks be http:// and on this machine:
	// for tests and a receiver beside the service, never for a deployment
	// reachable by others.
	WebhooksAllowLoopback bool
}

// Service is the whole workflow: the services of the four aggregates, one
// value for the API and the command line to call. Each service holds only
// the stores it needs; they share the configuration and the audit writer.
type Service struct {
	*ScanService
	*AccountService
	*AuditService
	*RetentionService
	*WebhookService
}

// New returns a Service, its four services sharing one core. Zero Config
// fields get defaults. Returns an error when the audit keys, the renderer or
// the active template is missing, or the consent text or privacy statement
// of the consent version. The service sends nothing itself: its writes put
// their messages into the store's outbox, which the caller delivers (see
// gormstore.Store.StartOutbox). mailer is that same deliverer, asked only
// to forget its kept copies (domain.MailKeeper) when a scan is erased.
func New(store domain.Store, mailer domain.Mailer, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Random == nil {
		cfg.Random = rand.Reader
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.ResponsePeriod == 0 {
		cfg.ResponsePeriod = 10 * 24 * time.Hour
	}
	if cfg.QuestionnairePeriod == 0 {
		cfg.QuestionnairePeriod = 7 * 24 * time.Hour
	}
	if cfg.InvitationTTL == 0 {
		cfg.InvitationTTL = 14 * 24 * time.Hour
	}
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = 30 * 24 * time.Hour
	}
	if cfg.CandidateTokenTTL == 0 {
		cfg.CandidateTokenTTL = 180 * 24 * time.Hour
	}
	if cfg.ActivationTTL == 0 {
		cfg.ActivationTTL = 72 * time.Hour
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	if cfg.SignInLinkTTL == 0 {
		cfg.SignInLinkTTL = 15 * time.Minute
	}
	if cfg.ConsentVersion == "" {
		cfg.ConsentVersion = newest(cfg.ConsentTexts)
	}
	if cfg.ConsentVersion == "" {
		cfg.ConsentVersion = "2026-1" // no texts given: a test that does not read them
	} else if len(cfg.ConsentTexts) > 0 || len(cfg.PrivacyTexts) > 0 {
		if cfg.ConsentTexts[cfg.ConsentVersion] == nil || cfg.PrivacyTexts[cfg.ConsentVersion] == nil {
			return nil, fmt.Errorf("consent text and privacy statement %q are not both loaded", cfg.ConsentVersion)
		}
	}
	if cfg.AuditPageSize <= 0 {
		cfg.AuditPageSize = 1000
	}
	if cfg.AuditKeys == nil {
		return nil, fmt.Errorf("workflow: no audit keys")
	}
	if cfg.Renderer == nil {
		return nil, fmt.Errorf("workflow: no renderer for the advice document")
	}
	if _, ok := cfg.Templates[cfg.ActiveTemplate]; !ok {
		return nil, fmt.Errorf("active questionnaire template %q is not loaded", cfg.ActiveTemplate)
	}
	c := &core{cfg: cfg, audits: store}
	scans := &ScanService{core: c, store: store, accounts: store, chains: store, views: viewsOf(cfg.Templates)}
	return &Service{
		ScanService:      scans,
		AccountService:   &AccountService{core: c, store: store},
		AuditService:     &AuditService{core: c, store: store, scans: scans},
		RetentionService: &RetentionService{core: c, store: store, scans: scans, mailer: mailer},
		WebhookService:   &WebhookService{core: c, store: store},
	}, nil
}

// newest returns the newest version among texts: versions sort by name
// ("2026-1" before "2026-2").
func newest(texts map[string]*template.Template) string {
	versions := make([]string, 0, len(texts))
	for v := range texts {
		versions = append(versions, v)
	}
	slices.Sort(versions)
	if len(versions) == 0 {
		return ""
	}
	return versions[len(versions)-1]
}

// rules returns the rules the table's guards check the scan against.
// Returns an internal error when the scan's template is not loaded: the
// guards need it.
func (s *ScanService) rules(sc *domain.Scan, a domain.Actor) (Rules, error) {
	t, err := s.template(sc)
	if err != nil {
		return Rules{}, err
	}
	return Rules{Now: s.now(), ResponsePeriod: s.cfg.ResponsePeriod, Template: t, By: a.UserID, Location: s.cfg.Location}, nil
}

// template returns the template a scan is pinned to.
// It is the template as the scan's office sees it. Returns an internal
// error (no *domain.Error: a configuration fault, logged, never shown) when
// that template is not loaded.
func (s *ScanService) template(sc *domain.Scan) (*domain.Template, error) {
	t, ok := s.views[viewKey{sc.TemplateVersion, sc.Office}]
	if !ok {
		return nil, fmt.Errorf("scan %s (version %d) is pinned to template %q, which is not loaded",
			sc.ID, sc.Version, sc.TemplateVersion)
	}
	return t, nil
}

type viewKey struct {
	version string
	office  domain.Office
}

// viewsOf returns every template as each office sees it, built once.
func viewsOf(templates map[string]*domain.Template) map[viewKey]*domain.Template {
	out := map[viewKey]*domain.Template{}
	for v, t := range templates {
		for _, o := range domain.Offices {
			out[viewKey{v, o}] = t.For(o)
		}
	}
	return out
}

// canSee reports whether the actor takes part in the scan, within an
// organisation they serve: nothing crosses organisations. The admin takes
// part in none: accounts are theirs, case content is not.
func canSee(a domain.Actor, sc *domain.Scan) bool {
	if !a.Serves(sc.OrganisationID) {
		return false
	}
	switch a.Role {
	case domain.RoleCandidate:
		return sc.Candidate.ID == a.UserID
	case domain.RoleAdviser:
		return sc.Adviser.ID == a.UserID || (sc.SecondAdviser != nil && sc.SecondAdviser.ID == a.UserID)
	case domain.RoleFormateur:
		return sc.Formateur.ID == a.UserID || sc.Recipient.ID == a.UserID
	}
	return false
}

var errScanNotFound = domain.Errorf(domain.ENOTFOUND, "Deze scan bestaat niet of u heeft er geen toegang toe.")

// AllowedActions returns the actions the actor may take on the scan now:
// those the table permits the actor's role in the scan's state, less those
// whose every row waits on a precondition that does not hold yet (closing
// the review before the response period is over).
func (s *ScanService) AllowedActions(a domain.Actor, sc *domain.Scan) []domain.Action {
	if !canSee(a, sc) {
		return []domain.Action{}
	}
	r, err := s.rules(sc, a)
	if err != nil {
		// The reply that asked still shows the scan; offering actions that
		// would all fail helps no one.
		slog.Default().Error("allowed actions", slog.String("error", err.Error()))
		return []domain.Action{}
	}
	out := []domain.Action{}
	for _, action := range Allowed(sc.State, a.Role) {
		for _, t := range rows(sc.State, action) {
			if t.Guard == nil || !t.Guard.Precondition || t.Guard.Check(sc, r) == nil {
				out = append(out, action)
				break
			}
		}
	}
	return out
}

// unmetPrecondition returns the first error when every row of the action in
// the scan's state waits on a precondition that does not hold: the action
// is then refused whatever it would bring, as AllowedActions does not offer it.
func unmetPrecondition(sc *domain.Scan, action domain.Action, r Rules) error {
	var first error
	for _, t := range rows(sc.State, action) {
		if t.Guard == nil || !t.Guard.Precondition {
			return nil
		}
		err := t.Guard.Check(sc, r)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// draftActions change a scan without being worth a history entry each time.
var draftActions = map[domain.Action]bool{domain.ActionSaveAnswers: true, domain.ActionSaveAdvice: true}

// maxRetries bounds how often a write without If-Match is re-applied to a
// fresh copy after losing a race; each retry re-checks every rule.
const maxRetries = 3

// fire runs one action: mutate changes the loaded scan, then the table decides
// the next state. ifMatch, when set, is the version the caller last saw.
// Returns ENOTFOUND, EFORBIDDEN, ESTALE, ECONFLICT, or mutate's error.
func (s *ScanService) fire(ctx context.Context, a domain.Actor, id string, ifMatch *int, action domain.Action,
	mutate func(sc *domain.Scan, now time.Time) error) (*domain.Scan, error) {
	return s.fireWithDocuments(ctx, a, id, ifMatch, action, func(sc *domain.Scan, now time.Time, _ domain.TxReader) ([]*domain.Document, error) {
		return nil, mutate(sc, now)
	})
}

// fireWithDocuments is fire for an action that also stores documents in the
// same transaction (sign-off stores both of its documents), or reads in it:
// mutate reads through r, never through s.store (see
// domain.ScanStore.UpdateScan).
func (s *ScanService) fireWithDocuments(ctx context.Context, a domain.Actor, id string, ifMatch *int, action domain.Action,
	mutate func(sc *domain.Scan, now time.Time, r domain.TxReader) ([]*domain.Document, error)) (*domain.Scan, error) {
	return s.fireNoted(ctx, a, id, ifMatch, action, func(sc *domain.Scan, now time.Time, r domain.TxReader) ([]*domain.Document, string, error) {
		docs, err := mutate(sc, now, r)
		return docs, sc.EndReason, err
	})
}

// fireNoted is fireWithDocuments for an action whose history entry says
// more than the scan keeps: mutate returns the entry's reason (a changed
// appointment date says why, and from which date to which).
func (s *ScanService) fireNoted(ctx context.Context, a domain.Actor, id string, ifMatch *int, action domain.Action,
	mutate func(sc *domain.Scan, now time.Time, r domain.TxReader) ([]*domain.Document, string, error)) (*domain.Scan, error) {
	for attempt := 0; ; attempt++ {
		var deniedOn *domain.Scan // the scan a refused caller tried to change
		sc, err := s.store.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
			var none domain.Change
			if !canSee(a, sc) {
				deniedOn = sc
				return none, errScanNotFound
			}
			if RoleOf(action) != a.Role {
				deniedOn = sc
				return none, domain.Errorf(domain.EFORBIDDEN, "Alleen de %s kan %s.", RoleOf(action).DutchName(), action.DutchPhrase())
			}
			if ifMatch != nil && *ifMatch != sc.Version {
				return none, domain.Errorf(domain.ESTALE,
					"De scan is intussen gewijzigd (versie %d, u had versie %d). Laad hem opnieuw.", sc.Version, *ifMatch)
			}
			if len(rows(sc.State, action)) == 0 {
				return none, notAllowed(sc.State, action, s.AllowedActions(a, sc))
			}
			r, err := s.rules(sc, a)
			if err != nil {
				return none, err
			}
			if err := unmetPrecondition(sc, action, r); err != nil {
				return none, err // before mutate: sign-off would render the document for nothing
			}
			now := s.now()
			from, oldDate := sc.State, sc.PlannedAppointmentDate
			docs, note, err := mutate(sc, now, tx)
			if err != nil {
				return none, err
			}
			to, err := Next(sc, action, r)
			if err != nil {
				return none, err
			}
			sc.State = to
			sc.UpdatedAt = now
			if to.Final() && sc.ClosedAt == nil {
				sc.ClosedAt = &now // the retention clock starts
			}
			change := domain.Change{Documents: docs,
				Audit: []domain.AuditEvent{s.event(ctx, a, sc, string(action), objectScan, domain.AuditOK)},
				Mails: s.mailsOf(action, oldDate, sc, now)}
			if !draftActions[action] {
				change.History = &domain.HistoryEntry{From: from, To: to, Action: action, ActorID: a.UserID,
					ActorRole: a.Role, Reason: note, At: now}
			}
			return change, nil
		})
		if e, ok := domain.AsError(err); ok && e == domain.ErrConcurrentWrite && ifMatch == nil {
			if attempt < maxRetries {
				continue // a concurrent write won; apply again to the fresh scan
			}
			// The caller named no version, so "stale" would puzzle them.
			err = &domain.Error{Code: domain.ECONFLICT, Message: e.Message}
		}
		// A missing signal is the caller's own scan answering "no such
		// signal": no refusal, and not hidden as a missing scan.
		signalMissing := isError(err, errSignalNotFound)
		if isDenial(err) && !signalMissing {
			s.denied(ctx, a, deniedOn, string(action), objectScan)
		}
		if errors.Is(err, domain.ErrNotFound) && !signalMissing {
			err = errScanNotFound // a missing scan and a hidden one must read the same
		}
		if err != nil {
			return nil, fmt.Errorf("%s scan %s: %w", action, id, err)
		}
		return sc, nil
	}
}

// isError reports whether target itself is in err's chain; errors.Is on a
// *domain.Error matches any error of the same code.
func isError(err, target error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err == target {
			return true
		}
	}
	return false
}

// newToken returns a random URL-safe secret of 256 bits and its SHA-256 hash.
func newToken(r io.Reader) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", "", fmt.Errorf("read random: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the stored form of a bearer token or invitation code.
// The secrets are random and long, so a fast hash is enough.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
