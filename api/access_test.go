package api_test

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// endpoint is one operation on a scan, tried in a state where the role that
// may do it could.
type endpoint struct {
	name, method, suffix string
	body                 any
	state                domain.State
	may                  []domain.Role // participants allowed; the other participants get 403
	read                 bool          // safe to call as an allowed role too
}

// endpointsByName finds an entry of endpoints by its name.
var endpointsByName = func() map[string]endpoint {
	m := map[string]endpoint{}
	for _, ep := range endpoints {
		m[ep.name] = ep
	}
	return m
}()

var endpoints = []endpoint{
	{"get scan", "GET", "", nil, domain.StateIntake, allRoles, true},
	{"history", "GET", "/history", nil, domain.StateIntake, allRoles, true},
	{"get questionnaire", "GET", "/questionnaire", nil, domain.StateQuestionnaire, []domain.Role{domain.RoleCandidate, domain.RoleAdviser}, true},
	{"get advice", "GET", "/advice", nil, domain.StateDelivered, allRoles, true},
	// The candidate's copy is the organisation's call; these organisations say no.
	{"advice pdf", "GET", "/advice.pdf", nil, domain.StateDelivered, []domain.Role{domain.RoleFormateur, domain.RoleAdviser}, true},
	{"raad pdf", "GET", "/advice-raad.pdf", nil, domain.StateDelivered, []domain.Role{domain.RoleFormateur, domain.RoleAdviser}, true},
	{"consent", "POST", "/consent", map[string]bool{"consent": true}, domain.StateIntake, only(domain.RoleCandidate), false},
	{"save answers", "PUT", "/questionnaire/answers", map[string]any{"answers": map[string]any{"cv_opleiding": "mbo"}},
		domain.StateQuestionnaire, only(domain.RoleCandidate), false},
	{"submit questionnaire", "POST", "/questionnaire/submit", nil, domain.StateQuestionnaire, only(domain.RoleCandidate), false},
	{"record interview", "POST", "/interview", map[string]any{"held_on": today, "summary": "x", "attendees": attendees}, domain.StateInterview, only(domain.RoleAdviser), false},
	{"record research", "PUT", "/research", map[string]any{"sources": []map[string]string{{"source": "kvk", "checked_on": today}}},
		domain.StateQuestionnaire, only(domain.RoleAdviser), false},
	{"record vog", "PUT", "/vog", validVOG(), domain.StateVOGCheck, only(domain.RoleAdviser), false},
	{"save advice", "PUT", "/advice", goodAdvice(), domain.StateAdvice, only(domain.RoleAdviser), false},
	{"submit advice", "POST", "/advice/submit", nil, domain.StateAdvice, only(domain.RoleAdviser), false},
	{"reopen advice", "POST", "/advice/reopen", nil, domain.StateCandidateReview, only(domain.RoleAdviser), false},
	{"respond", "POST", "/advice/response", map[string]bool{"agrees": true}, domain.StateCandidateReview, only(domain.RoleCandidate), false},
	{"close review", "POST", "/review/close", nil, domain.StateCandidateReview, only(domain.RoleAdviser), false},
	{"sign off", "POST", "/sign-off", nil, domain.StateSignOff, only(domain.RoleAdviser), false},
	{"weigh response", "PUT", "/advice/weighing", map[string]any{"changed": false, "explanation": "x"}, domain.StateSignOff, only(domain.RoleAdviser), false},
	{"edit portfolio", "PUT", "/portfolio", map[string]string{"portfolio": "x"}, domain.StateIntake, only(domain.RoleFormateur), false},
	{"record outcome", "POST", "/outcome", map[string]string{"outcome": "benoemd"}, domain.StateDelivered, only(domain.RoleFormateur), false},
	{"withdraw", "POST", "/withdraw", nil, domain.StateQuestionnaire, only(domain.RoleCandidate), false},
	{"cancel", "POST", "/cancel", map[string]string{"reason": "x"}, domain.StateQuestionnaire, only(domain.RoleFormateur), false},
	{"change appointment date", "PUT", "/planned-appointment-date", map[string]string{"date": "2026-06-01", "reason": "x"},
		domain.StateQuestionnaire, only(domain.RoleFormateur), false},
}

var allRoles = []domain.Role{domain.RoleFormateur, domain.RoleAdviser, domain.RoleCandidate}

func only(r domain.Role) []domain.Role { return []domain.Role{r} }

// caller is someone calling the API, and what they are to the scan.
type caller struct {
	name  string
	token func(s *scan) string
	role  domain.Role // for participants; "" for everyone else
	want  int         // for non-participants
}

// callers returns every kind of caller: the participants of a scan, the
// participants of another scan, the admin, and callers without a valid token.
func (e *env) callers(other *scan) []caller {
	fixed := func(tok string) func(*scan) string { return func(*scan) string { return tok } }
	return []caller{
		{"formateur", func(s *scan) string { return s.Formateur.Token }, domain.RoleFormateur, 0},
		{"adviser", func(s *scan) string { return s.Adviser.Token }, domain.RoleAdviser, 0},
		{"candidate", func(s *scan) string { return s.Candidate.Token }, domain.RoleCandidate, 0},
		{"formateur of another scan", fixed(e.formateur2.Token), "", http.StatusNotFound},
		{"adviser of another scan", fixed(e.adviser2.Token), "", http.StatusNotFound},
		{"candidate of another scan", fixed(other.Candidate.Token), "", http.StatusNotFound},
		{"admin", fixed(e.admin.Token), "", http.StatusNotFound},
		{"no token", fixed(""), "", http.StatusUnauthorized},
		{"unknown token", fixed("a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a"), "", http.StatusUnauthorized},
	}
}

// scansIn walks a scan to each state, one scan per state.
func (e *env) scansIn(t *testing.T, states ...domain.State) map[domain.State]*scan {
	t.Helper()
	out := map[domain.State]*scan{}
	for _, st := range states {
		if out[st] == nil {
			out[st] = e.scanIn(t, st)
		}
	}
	return out
}

func TestRoles(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		var states []domain.State
		for _, ep := range endpoints {
			states = append(states, ep.state)
		}
		scans := e.scansIn(t, states...)
		other := e.otherScan(t)
		missing := &scan{ID: uuid.NewString()}
		for _, ep := range endpoints {
			t.Run(ep.name, func(t *testing.T) {
				t.Parallel()
				s := scans[ep.state]
				before := e.get(t, s)
				for _, c := range e.callers(other) {
					want := c.want
					if c.role != "" {
						switch {
						case !slices.Contains(ep.may, c.role):
							want = http.StatusForbidden
						case ep.read:
							want = http.StatusOK
						default:
							continue // a permitted write: the other tests do it
						}
					}
					r := e.do(t, ep.method, s.p(ep.suffix), c.token(s), ep.body)
					if r.Status != want {
						t.Errorf("%s: %s, want %d", c.name, r, want)
						continue
					}
					switch want {
					case http.StatusUnauthorized:
						if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
							t.Errorf("%s: WWW-Authenticate = %q", c.name, r.Header.Get("WWW-Authenticate"))
						}
					case http.StatusNotFound:
						// Not even the kind of problem may tell a hidden scan
						// from a missing one. (The detail: see TestHiddenScanLooksMissing.)
						m := e.do(t, ep.method, missing.p(ep.suffix), c.token(s), ep.body)
						if got, want := problemWithout(t, r, "detail"), problemWithout(t, m, "detail"); !reflect.DeepEqual(got, want) {
							t.Errorf("%s: hidden scan answers %v, a missing one %v", c.name, got, want)
						}
					}
				}
				e.unchanged(t, s, before)
			})
		}

		t.Run("start a scan", func(t *testing.T) {
			t.Parallel()
			body := createBody("nieuw@example.nl", e.adviser.Email)
			for _, c := range []struct {
				name, token string
				want        int
			}{
				{"adviser", e.adviser.Token, http.StatusForbidden},
				{"candidate", other.Candidate.Token, http.StatusForbidden},
				{"admin", e.admin.Token, http.StatusForbidden},
				{"no token", "", http.StatusUnauthorized},
				{"unknown token", "nope", http.StatusUnauthorized},
			} {
				e.do(t, "POST", "/api/v1/scans", c.token, body).want(t, c.want)
			}
			invitations := 0
			for _, m := range e.mail.all() {
				if strings.HasPrefix(m.Subject, "Uitnodiging") {
					invitations++ // the walks mail the candidate the draft advice too
				}
			}
			if n := invitations; n != len(scans)+1 {
				t.Errorf("%d invitations sent, want only the %d of the scans started by formateurs", n, len(scans)+1)
			}
		})
		t.Run("list scans", func(t *testing.T) {
			t.Parallel()
			e.do(t, "GET", "/api/v1/scans", "", nil).want(t, http.StatusUnauthorized)
			e.do(t, "GET", "/api/v1/scans", "x", nil).want(t, http.StatusUnauthorized)
		})
		t.Run("malformed authorization", func(t *testing.T) {
			t.Parallel()
			s := scans[domain.StateIntake]
			for _, h := range []string{"Basic " + s.Formateur.Token, s.Formateur.Token, "Bearer", "Bearer  ", "Bearer " + s.Formateur.Token + "x"} {
				r := e.do(t, "GET", s.p(""), "", nil, "Authorization", h).want(t, http.StatusUnauthorized)
				checkProblem(t, r)
			}
		})
	})
}

// A scan the caller may not see gets the same answer as a missing one:
// the contract forbids telling them apart.
func TestHiddenScanLooksMissing(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateDelivered)
		other := e.otherScan(t)
		missing := &scan{ID: uuid.NewString()}
		for _, ep := range endpoints {
			for _, c := range e.callers(other) {
				if c.want != http.StatusNotFound {
					continue
				}
				hidden := e.do(t, ep.method, s.p(ep.suffix), c.token(s), ep.body).want(t, http.StatusNotFound)
				gone := e.do(t, ep.method, missing.p(ep.suffix), c.token(s), ep.body).want(t, http.StatusNotFound)
				if a, b := problemWithout(t, hidden), problemWithout(t, gone); !reflect.DeepEqual(a, b) {
					t.Errorf("%s by %s: hidden scan answers %v, a missing one %v", ep.name, c.name, a, b)
				}
			}
		}
	})
}
