package api_test

// Fuzz targets, one per write endpoint, through the real router over a real
// service on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set:
// every input goes to both, each with a store of its own shared by all the
// target's inputs. PostgreSQL refuses what SQLite stores (a NUL in text). Whatever the body, scan id, caller or If-Match, the
// answer is a 2xx, or a 4xx problem+json whose status matches and whose
// text names no driver, SQL or panic. Fuzz one target at a time:
//
//	go test -run '^$' -fuzz '^FuzzConsent$' -fuzztime 25s -fuzzminimizetime 5s ./api
//
// Some seeds are large on purpose (bounds of 20000 characters, nesting past
// encoding/json's limit); minimising an input grown from one would take the
// default minute, in which the target fuzzes nothing.
//
// The fuzzer keeps what it finds in $(go env GOCACHE)/fuzz/basisscan/api/;
// copy the few small inputs worth keeping to testdata/fuzz/<target>/. Without
// -fuzz, go test runs the seeds below and testdata as ordinary tests.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Placeholders in fuzzed values, replaced before the request is sent, so
// that inputs can name the live scan, its version and an unused invitation.
const (
	idHole      = "{id}"
	versionHole = "{version}"
	codeHole    = "{code}"
)

func FuzzCreateScan(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake, role: domain.RoleFormateur})
	valid := []any{
		createBody("fuzz@example.nl", fe.adviser.Email),
		createWith(fe.adviser.Email, func(b map[string]any) { b["office"] = "gedeputeerde" }),
	}
	for _, b := range seedBodies(valid) {
		f.Add(uint8(0), b)
	}
	body := seedBodies(valid[:1])[0]
	for who := range uint8(len(fe.callers())) {
		f.Add(who, body)
	}
	f.Fuzz(func(t *testing.T, who uint8, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			checkFuzzReply(t, fe.serve(t, "POST", "/api/v1/scans", fe.token(who), "", body))
		})
	})
}

func FuzzAcceptInvitation(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake})
	for _, fe := range fe.all() {
		fe.code = fe.invite(f)
	}
	for _, b := range seedBodies(nil) {
		f.Add(codeHole, b)
	}
	for _, code := range []string{codeHole, "", "x", codeHole + "x", "x" + codeHole, strings.ToUpper(codeHole),
		codeHole + codeHole, "' OR 1=1 --", "%00", "..", "\x00", "é", strings.Repeat("a", 5000)} {
		f.Add(code, []byte(nil))
	}
	f.Fuzz(func(t *testing.T, code string, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			p := "/api/v1/invitations/" + url.PathEscape(strings.ReplaceAll(code, codeHole, fe.code)) + "/accept"
			r := fe.serve(t, "POST", p, "", "", body)
			checkFuzzReply(t, r)
			if r.Status < 300 {
				fe.code = fe.invite(t) // that one is used up
			}
		})
	})
}

func FuzzConsent(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/consent", state: domain.StateIntake, role: domain.RoleCandidate,
		valid: []any{map[string]bool{"consent": true}, map[string]bool{"consent": false}}}))
}

func FuzzSaveAnswers(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/questionnaire/answers", state: domain.StateQuestionnaire, role: domain.RoleCandidate,
		valid: []any{
			map[string]any{"answers": map[string]any{"cv_opleiding": "mbo"}},
			map[string]any{"answers": map[string]any{}},
		}})
	fe.ep.valid = append(fe.ep.valid, map[string]any{"answers": answersFor(fe.tmpl)})
	fuzzScanWrite(f, fe)
}

func FuzzSubmitQuestionnaire(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/questionnaire/submit", state: domain.StateQuestionnaire, role: domain.RoleCandidate,
		valid: []any{map[string]any{}},
		fresh: func(t testing.TB, e *env) *scan {
			s := e.scanIn(t, domain.StateQuestionnaire)
			e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
				map[string]any{"answers": answersFor(e.tmpl)}).want(t, http.StatusOK)
			return s
		}}))
}

func FuzzRecordInterview(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/interview", state: domain.StateInterview, role: domain.RoleAdviser,
		valid: []any{map[string]any{"held_on": today, "summary": secretInterview, "attendees": attendees}}}))
}

func FuzzRecordResearch(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/research", state: domain.StateInterview, role: domain.RoleAdviser,
		valid: []any{
			map[string]any{"sources": []map[string]string{
				{"source": "kvk", "checked_on": today, "note": "Eén eenmanszaak, niet actief."},
				{"source": "kadaster", "checked_on": "2026-02-27", "note": secretResearch},
			}},
			map[string]any{"sources": []any{}},
		}}))
}

func FuzzRecordVOG(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/vog", state: domain.StateVOGCheck, role: domain.RoleAdviser,
		valid: []any{validVOG(), map[string]string{"status": "requested"}, map[string]string{"status": "refused"}}}))
}

func FuzzSaveAdvice(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/advice", state: domain.StateAdvice, role: domain.RoleAdviser,
		valid: []any{goodAdvice(), map[string]any{}, map[string]any{"conclusion": "geen-bezwaar", "findings": []any{}}}}))
}

func FuzzSubmitAdvice(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/advice/submit", state: domain.StateAdvice, role: domain.RoleAdviser,
		valid: []any{map[string]any{}},
		fresh: func(t testing.TB, e *env) *scan {
			s := e.scanIn(t, domain.StateAdvice)
			e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()).want(t, http.StatusOK)
			return s
		}}))
}

func FuzzReopenAdvice(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/advice/reopen", state: domain.StateCandidateReview, role: domain.RoleAdviser,
		valid: []any{map[string]any{}}}))
}

func FuzzRespond(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/advice/response", state: domain.StateCandidateReview, role: domain.RoleCandidate,
		valid: []any{map[string]any{"agrees": true, "comment": "Akkoord."}, map[string]any{"agrees": false}}}))
}

func FuzzCloseReview(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/review/close", state: domain.StateCandidateReview, role: domain.RoleAdviser,
		valid: []any{map[string]any{}},
		// The review closes without a response only after the response
		// period; the clock goes back for the walk, whose planned
		// appointment must stay in the future.
		fresh: func(t testing.TB, e *env) *scan {
			e.clock.Set(t0)
			s := e.scanIn(t, domain.StateCandidateReview)
			e.clock.Set(t0.Add(11 * 24 * time.Hour))
			return s
		}}))
}

func FuzzSignOff(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/sign-off", state: domain.StateSignOff, role: domain.RoleAdviser,
		valid: []any{map[string]any{}}}))
}

func FuzzRecordOutcome(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/outcome", state: domain.StateDelivered, role: domain.RoleFormateur,
		valid: []any{map[string]string{"outcome": "benoemd"}, map[string]string{"outcome": "niet-benoemd"}}}))
}

func FuzzWithdraw(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/withdraw", state: domain.StateQuestionnaire, role: domain.RoleCandidate,
		valid: []any{map[string]string{"reason": "Persoonlijke omstandigheden."}, map[string]any{}}}))
}

func FuzzCancel(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/cancel", state: domain.StateQuestionnaire, role: domain.RoleFormateur,
		valid: []any{map[string]string{"reason": "De coalitie is geklapt."}}}))
}

func FuzzChangeAppointmentDate(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/planned-appointment-date", state: domain.StateQuestionnaire, role: domain.RoleFormateur,
		valid: []any{map[string]string{"date": "2026-05-01", "reason": "De raad vergadert later."}}}))
}

// secondAdviser is an adviser of orgA besides the env's own, so that
// assigning them as second adviser succeeds.
const secondAdviser = "tweede@integriteit.nl"

func FuzzAssignSecondAdviser(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/second-adviser", state: domain.StateSignOff, role: domain.RoleFormateur,
		valid: []any{map[string]string{"email": secondAdviser}, map[string]string{"email": "adviseur@integriteit.nl"}},
		before: func(t testing.TB, e *env) {
			if _, _, err := e.svc.AddUser(context.Background(), orgA, domain.RoleAdviser, "Sanne Tweede", secondAdviser); err != nil {
				t.Fatalf("add second adviser: %v", err)
			}
		}}))
}

// fuzzEndpoint is a write endpoint on a scan and the scan it needs.
type fuzzEndpoint struct {
	method, suffix string
	state          domain.State // where the endpoint does its work
	role           domain.Role  // the participant who may call it
	valid          []any        // bodies that succeed on a fresh scan
	// before prepares the env once, before the first scan; nil does nothing.
	before func(t testing.TB, e *env)
	// fresh returns a scan on which the valid bodies succeed; nil walks a
	// new scan to state.
	fresh func(t testing.TB, e *env) *scan
}

// fuzzEnv is one env shared by all inputs of a target, with the scan the
// target writes to. A successful write may move the scan on; the next input
// then gets a fresh scan in the endpoint's state.
type fuzzEnv struct {
	*env
	ep      fuzzEndpoint
	handler http.Handler
	clients atomic.Uint32 // gives each request its own client address

	mu      sync.Mutex // inputs share the scan
	s       *scan
	version int
	code    string // an unused invitation code

	// others are the same target on the other dialects; seeds name this
	// env's accounts, and each maps them to its own.
	others []*fuzzEnv
}

// newFuzzEnv returns the env of a target on SQLite, with the same on
// PostgreSQL among its others when PostgreSQL is configured.
func newFuzzEnv(f *testing.F, ep fuzzEndpoint) *fuzzEnv {
	f.Helper()
	if ep.fresh == nil {
		ep.fresh = func(t testing.TB, e *env) *scan { return e.scanIn(t, ep.state) }
	}
	var fes []*fuzzEnv
	for _, d := range storetest.Dialects {
		if !storetest.Available(d) {
			continue
		}
		e := setup(f, d)
		if ep.before != nil {
			ep.before(f, e)
		}
		fe := &fuzzEnv{env: e, ep: ep, handler: e.srv.Config.Handler}
		fe.renew(f)
		fes = append(fes, fe)
	}
	fes[0].others = fes[1:]
	return fes[0]
}

// all returns the target's env on each dialect.
func (fe *fuzzEnv) all() []*fuzzEnv { return append([]*fuzzEnv{fe}, fe.others...) }

// each runs one input on every dialect, one input at a time: inputs share
// the scan.
func (fe *fuzzEnv) each(run func(fe *fuzzEnv)) {
	for _, e := range fe.all() {
		func() {
			e.mu.Lock()
			defer e.mu.Unlock() // also when run fails the input
			run(e)
		}()
	}
}

// own maps a value of the first env's (a user id in a seed) to this env's.
func (fe *fuzzEnv) own(first *fuzzEnv, v string) string {
	if fe == first {
		return v
	}
	for _, u := range [][2]user{{first.formateur, fe.formateur}, {first.formateur2, fe.formateur2},
		{first.adviser, fe.adviser}, {first.adviser2, fe.adviser2}, {first.admin, fe.admin}} {
		v = strings.ReplaceAll(v, u[0].ID, u[1].ID)
	}
	return v
}

// fuzzScanWrite fuzzes the scan id, the caller, If-Match and the body of
// the env's endpoint.
func fuzzScanWrite(f *testing.F, fe *fuzzEnv) {
	f.Helper()
	ep := fe.ep
	bodies := seedBodies(ep.valid)
	for _, b := range bodies {
		f.Add(idHole, uint8(0), "", b)
	}
	for _, id := range []string{"", "not-a-uuid", "' OR 1=1 --", "1; DROP TABLE scans", idHole + "' OR '1'='1",
		"{" + idHole + "}", "urn:uuid:" + idHole, idHole[:3], idHole + idHole, idHole + "/../" + idHole,
		"00000000-0000-0000-0000-000000000000", strings.Repeat("9", 5000), "..", "%00", "\x00", "\xff", "é"} {
		f.Add(id, uint8(0), "", bodies[0])
	}
	for _, im := range []string{"*", versionHole, `"` + versionHole + `"`, `W/"` + versionHole + `"`, ` "` + versionHole + `" `,
		`"1"`, "0", "-1", "1.5", `""`, `"`, "abc", "99999999999999999999", `"` + versionHole + `", "1"`} {
		f.Add(idHole, uint8(0), im, bodies[0])
	}
	for who := range uint8(len(fe.callers())) {
		f.Add(idHole, who, "", bodies[0])
	}
	f.Fuzz(func(t *testing.T, id string, who uint8, ifMatch string, body []byte) {
		if !headerValue(strings.ReplaceAll(ifMatch, versionHole, "1")) {
			t.Skip("no HTTP server passes this If-Match on")
		}
		fe.each(func(fe *fuzzEnv) {
			im := strings.ReplaceAll(ifMatch, versionHole, strconv.Itoa(fe.version))
			p := "/api/v1/scans/" + url.PathEscape(strings.ReplaceAll(id, idHole, fe.s.ID)) + ep.suffix
			r := fe.serve(t, ep.method, p, fe.token(who), im, body)
			checkFuzzReply(t, r)
			if r.Status < 300 {
				fe.refresh(t)
			}
		})
	})
}

// renew gives the target a fresh scan.
func (fe *fuzzEnv) renew(t testing.TB) {
	t.Helper()
	fe.s = fe.ep.fresh(t, fe.env)
	fe.version = fe.get(t, fe.s).Version
}

// refresh follows a successful write: the scan's new version, or a fresh
// scan if the write moved it out of the endpoint's state.
func (fe *fuzzEnv) refresh(t testing.TB) {
	t.Helper()
	b := fe.get(t, fe.s)
	if domain.State(b.State) != fe.ep.state {
		fe.renew(t)
		return
	}
	fe.version = b.Version
}

// invite starts a scan and returns its unused invitation code.
func (fe *fuzzEnv) invite(t testing.TB) string {
	t.Helper()
	n := fe.seq.Add(1)
	r := fe.do(t, "POST", "/api/v1/scans", fe.formateur.Token,
		createBody(fmt.Sprintf("uitgenodigd%d@example.nl", n), fe.adviser.Email)).want(t, http.StatusCreated)
	_, code := fe.mail.invitation(t, decode[scanBody](t, r).Reference)
	return code
}

// callers are the bearer tokens a fuzzed caller index picks from: the
// participant the endpoint is for, each participant, the admin, staff of
// another organisation, and callers without a valid token.
func (fe *fuzzEnv) callers() []string {
	s := fe.s
	own := map[domain.Role]string{domain.RoleFormateur: s.Formateur.Token, domain.RoleAdviser: s.Adviser.Token,
		domain.RoleCandidate: s.Candidate.Token}[fe.ep.role]
	return []string{own, s.Formateur.Token, s.Adviser.Token, s.Candidate.Token, fe.admin.Token,
		fe.formateur2.Token, fe.adviser2.Token, "", "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a"}
}

func (fe *fuzzEnv) token(who uint8) string {
	c := fe.callers()
	return c[int(who)%len(c)]
}

// serve sends one request to the handler directly, which is faster than
// over a socket. Each request comes from its own address: the limit on
// failed invitation codes would otherwise turn most inputs into a 429. A
// response that breaks the OpenAPI document fails t.
func (fe *fuzzEnv) serve(t testing.TB, method, p, token, ifMatch string, body []byte) reply {
	req := blame(httptest.NewRequest(method, p, bytes.NewReader(body)), t)
	n := fe.clients.Add(1)
	req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1234", n>>16&0xff, n>>8&0xff, n&0xff)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	fe.handler.ServeHTTP(rec, req)
	res := rec.Result()
	return reply{Method: method, Path: p, Status: res.StatusCode, Header: res.Header, Body: rec.Body.Bytes()}
}

// headerValue reports whether v may be sent as a header value: net/http
// refuses control characters other than tab before a handler sees them.
func headerValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// leakMarkers are fragments of driver, SQL and runtime text; lower case.
var leakMarkers = []string{"sqlstate", "sql:", "gorm", "pq:", "sqlite", "syntax error at", "panic", "goroutine",
	"runtime error", "constraint", "no such table", "database is locked"}

// checkFuzzReply asserts what every reply to any input must satisfy: a 2xx
// with a JSON body, or a 4xx problem whose own text shows no driver, SQL or
// runtime detail. Field names in a problem are left out: they echo the input.
func checkFuzzReply(t *testing.T, r reply) {
	t.Helper()
	switch {
	case r.Status >= 200 && r.Status < 300:
		if len(r.Body) > 0 && !json.Valid(r.Body) {
			t.Fatalf("a success without a JSON body: %s", r)
		}
	case r.Status >= 400 && r.Status < 500:
		p := checkProblem(t, r)
		text := []string{p.Type, p.Title, p.Detail, p.State, strings.Join(p.AllowedActions, " ")}
		for _, fp := range p.Errors {
			text = append(text, fp.Message)
		}
		own := strings.ToLower(strings.Join(text, "\n"))
		for _, m := range leakMarkers {
			if strings.Contains(own, m) {
				t.Fatalf("the problem shows %q: %s", m, r)
			}
		}
	default:
		t.Fatalf("want a 2xx or a 4xx: %s", r)
	}
}

// seedBodies returns the valid bodies as JSON, each with every top-level
// field replaced by hostile values, then bodies hostile to any endpoint.
func seedBodies(valid []any) [][]byte {
	var out [][]byte
	add := func(s string) { out = append(out, []byte(s)) }
	hostile := []string{`null`, `true`, `0`, `-1`, `1e400`, `123456789012345678901234567890`, `1.5`, `""`, `"   "`,
		`"é€𝄞\u202e\u0000\ud800"`, `"\u0000"`, `"a\u0000b"`, `"a\r\nb"`, `"\u202e"`, `"` + strings.Repeat("x", 20001) + `"`, `[]`, `[null]`, `{}`, `{"a":1}`,
		strings.Repeat("[", 200) + strings.Repeat("]", 200)}
	for _, v := range valid {
		j, err := json.Marshal(v)
		if err != nil {
			panic(err) // the seeds above are plain maps
		}
		body := string(j)
		add(body)
		add("[" + body + "]")
		add(body + body)
		add(body[:len(body)/2])
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(j, &fields); err != nil {
			panic(err)
		}
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			key, _ := json.Marshal(k)
			raw := fields[k]
			for _, h := range hostile {
				add(replaceField(fields, k, h))
			}
			add(`{` + string(key) + `:` + string(raw) + `,` + body[1:]) // k twice
		}
	}
	for _, s := range []string{"", " \n\t", "{}", "null", "[]", "[{}]", "true", "0", `"{}"`, "{", "}", `{"`, `{"a"}`,
		`{"a":}`, "{} {}", "{}x", `{"a":1,"a":2}`, "\ufeff{}", "\x00", "\xff\xfe{}", `{"\u0000":1}`, `{"é":"é"}`,
		"1e999", `{"state":"closed","version":99}`, `{"id":"00000000-0000-0000-0000-000000000000"}`,
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001)} {
		add(s)
	}
	return out
}

// replaceField returns fields as a JSON object, with field k set to raw.
func replaceField(fields map[string]json.RawMessage, k, raw string) string {
	m := maps.Clone(fields)
	m[k] = json.RawMessage(raw)
	j, err := json.Marshal(m)
	if err != nil {
		// Not valid JSON (a lone surrogate escape is fine; this is not).
		panic(fmt.Sprintf("field %s = %s: %v", k, raw, err))
	}
	return string(j)
}

func FuzzErase(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/erase", state: domain.StateWithdrawn, role: domain.RoleCandidate,
		valid: []any{map[string]any{}}}))
}

func FuzzRequestClarification(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/clarifications", state: domain.StateInterview, role: domain.RoleAdviser,
		valid: []any{map[string]any{"questions": []string{"cv_werkervaring"}, "note": "Graag een toelichting."}}}))
}

func FuzzAnswerClarification(f *testing.F) {
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "PUT", suffix: "/clarifications/1/answers", state: domain.StateInterview,
		role: domain.RoleCandidate, valid: []any{map[string]any{"answers": map[string]any{"cv_werkervaring": "Toegelicht."}}},
		fresh: func(t testing.TB, e *env) *scan {
			s := e.scanIn(t, domain.StateInterview)
			e.do(t, "POST", s.p("/clarifications"), s.Adviser.Token,
				map[string]any{"questions": []string{"cv_werkervaring"}, "note": "Graag een toelichting."}).want(t, http.StatusOK)
			return s
		}}))
}

func FuzzDecideSignal(f *testing.F) {
	// The contract's template has no signals: these exercise the path up to
	// "no such signal" and every refusal before it.
	fuzzScanWrite(f, newFuzzEnv(f, fuzzEndpoint{method: "POST", suffix: "/signals/nevenfunctie.0/dismiss", state: domain.StateAdvice,
		role: domain.RoleAdviser, valid: []any{map[string]string{"reason": "Besproken, geen risico."}}}))
}

func FuzzAddUser(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake, role: domain.RoleFormateur})
	admin := uint8(4) // fe.callers()[4] is the admin
	for _, b := range seedBodies([]any{map[string]string{"role": "adviser", "name": "Fuzz Adviseur", "email": "fuzz@zuidhaven.nl"}}) {
		f.Add(admin, b)
	}
	f.Fuzz(func(t *testing.T, who uint8, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			checkFuzzReply(t, fe.serve(t, "POST", "/api/v1/users", fe.token(who), "", body))
		})
	})
}

func FuzzSetUserActive(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake, role: domain.RoleFormateur})
	admin := uint8(4)
	for _, id := range []string{fe.formateur.ID, fe.formateur2.ID, fe.admin.ID, "", "not-an-id", "' OR 1=1 --", strings.Repeat("a", 5000), "\x00", "a\x00b", "\xff"} {
		f.Add(admin, id, true, []byte(""))
		f.Add(admin, id, false, []byte("{}"))
	}
	first := fe
	f.Fuzz(func(t *testing.T, who uint8, id string, active bool, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			verb := map[bool]string{true: "/activate", false: "/deactivate"}[active]
			checkFuzzReply(t, fe.serve(t, "POST", "/api/v1/users/"+url.PathEscape(fe.own(first, id))+verb, fe.token(who), "", body))
			// Whatever happened, the env's accounts must keep working for the
			// next input: activated again, a deactivated formateur signs in anew.
			ctx := context.Background()
			if err := fe.svc.SetStaffActive(ctx, domain.Actor{UserID: fe.admin.ID, Role: domain.RoleAdmin,
				OrganisationID: fe.adminOrg(t)}, fe.formateur.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := fe.svc.Authenticate(ctx, fe.formateur.Token); err != nil {
				tok, err := fe.svc.SignIn(ctx, fe.mail.signInCode(t, fe.formateur.Email))
				if err != nil {
					t.Fatal(err)
				}
				fe.formateur.Token, fe.s.Formateur.Token = tok, tok
			}
		})
	})
}

func FuzzSignIn(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake})
	for _, e := range fe.all() {
		e.code = e.activation(f)
	}
	for _, b := range seedBodies(nil) {
		f.Add(codeHole, b)
	}
	for _, code := range []string{codeHole, "", "x", codeHole + "x", strings.ToUpper(codeHole), "' OR 1=1 --", "%00", "..",
		"\x00", strings.Repeat("a", 5000)} {
		f.Add(code, []byte(nil))
	}
	f.Fuzz(func(t *testing.T, code string, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			r := fe.serve(t, "POST", "/api/v1/sign-in/"+url.PathEscape(strings.ReplaceAll(code, codeHole, fe.code)), "", "", body)
			checkFuzzReply(t, r)
			if r.Status < 300 {
				fe.code = fe.activation(t) // that one is used up
			}
		})
	})
}

// activation mails the env's adviser a new sign-in link and returns its code.
func (fe *fuzzEnv) activation(t testing.TB) string {
	t.Helper()
	if err := fe.svc.SetStaffActive(context.Background(), domain.Actor{UserID: fe.admin.ID, Role: domain.RoleAdmin,
		OrganisationID: fe.adminOrg(t)}, fe.adviser.ID, true); err != nil {
		t.Fatal(err)
	}
	return fe.mail.signInCode(t, fe.adviser.Email)
}

func FuzzRevokeToken(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake, role: domain.RoleFormateur})
	admin := uint8(4)
	for _, id := range []string{fe.formateur2.ID, "", "not-an-id", "' OR 1=1 --", "00000000-0000-0000-0000-000000000000",
		strings.Repeat("a", 5000)} {
		f.Add(admin, id, id, []byte(""))
		f.Add(admin, fe.formateur2.ID, id, []byte("{}"))
	}
	first := fe
	f.Fuzz(func(t *testing.T, who uint8, uid, tid string, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			checkFuzzReply(t, fe.serve(t, "POST", "/api/v1/users/"+url.PathEscape(fe.own(first, uid))+"/tokens/"+url.PathEscape(fe.own(first, tid))+"/revoke",
				fe.token(who), "", body))
		})
	})
}

func FuzzDeactivateCandidate(f *testing.F) {
	fe := newFuzzEnv(f, fuzzEndpoint{state: domain.StateIntake, role: domain.RoleFormateur})
	admin := uint8(4)
	for _, b := range seedBodies([]any{map[string]string{"email": "niemand@example.nl"}}) {
		f.Add(admin, b)
	}
	f.Fuzz(func(t *testing.T, who uint8, body []byte) {
		fe.each(func(fe *fuzzEnv) {
			checkFuzzReply(t, fe.serve(t, "POST", "/api/v1/candidates/deactivate", fe.token(who), "", body))
		})
	})
}

// adminOrg returns the organisation of the env's admin.
func (fe *fuzzEnv) adminOrg(t testing.TB) string {
	t.Helper()
	a, err := fe.svc.Authenticate(context.Background(), fe.admin.Token)
	if err != nil {
		t.Fatal(err)
	}
	return a.OrganisationID
}
