package api_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"basisscan/api"
	"basisscan/workflow/gormstore/storetest"
)

func TestCreateScan(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		body := createBody("Eva.Smit@Example.nl", strings.ToUpper(e.adviser.Email))
		r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body).want(t, http.StatusCreated)
		raw := decode[map[string]any](t, r)
		for _, k := range []string{"id", "reference", "state", "version", "office", "organisation", "candidate",
			"adviser", "planned_appointment_date", "allowed_actions", "created_at", "updated_at"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("scan lacks %q: %s", k, r.Body)
			}
		}
		s := decode[scanBody](t, r)
		if got, want := r.Header.Get("Location"), "/api/v1/scans/"+s.ID; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
		if got := r.Header.Get("ETag"); got != `"1"` {
			t.Errorf("ETag = %q, want \"1\"", got)
		}
		if s.State != "intake" || s.Version != 1 || s.Office != "wethouder" || s.Organisation != "Gemeente Zuidhaven" ||
			s.PlannedAppointmentDate != planned {
			t.Errorf("scan = %+v", s)
		}
		if !regexp.MustCompile(`^BS-2026-[0-9A-Z]{6}$`).MatchString(s.Reference) {
			t.Errorf("reference = %q", s.Reference)
		}
		if s.Candidate.Name != "Eva Ëlberts-Smit" || !strings.EqualFold(s.Candidate.Email, "eva.smit@example.nl") {
			t.Errorf("candidate = %+v", s.Candidate)
		}
		if s.Adviser != (person{e.adviser.Name, e.adviser.Email}) {
			t.Errorf("adviser = %+v, want %s <%s>", s.Adviser, e.adviser.Name, e.adviser.Email)
		}
		if !sameStrings(s.AllowedActions, []string{"change_appointment_date", "edit_portfolio", "cancel", "assign_second_adviser"}) {
			t.Errorf("formateur's allowed_actions = %v, want [change_appointment_date edit_portfolio cancel assign_second_adviser]", s.AllowedActions)
		}
		if !s.CreatedAt.Equal(t0) || !s.UpdatedAt.Equal(t0) {
			t.Errorf("created_at, updated_at = %v, %v; want the clock's %v", s.CreatedAt, s.UpdatedAt, t0)
		}

		msg, code := e.mail.invitation(t, s.Reference)
		if !strings.EqualFold(msg.To, "eva.smit@example.nl") {
			t.Errorf("invitation to %q", msg.To)
		}
		for _, dutch := range []string{"Beste Eva Ëlberts-Smit", "basisscan integriteit", s.Reference} {
			if !strings.Contains(msg.Body, dutch) {
				t.Errorf("invitation lacks %q:\n%s", dutch, msg.Body)
			}
		}
		if len(code) < 22 { // 128 bits in base64
			t.Errorf("invitation code %q is shorter than 128 bits", code)
		}

		h := e.history(t, &scan{ID: s.ID, Formateur: e.formateur})
		if len(h) != 1 || h[0].Action != "start" || h[0].To != "intake" || h[0].ActorRole != "formateur" || !h[0].At.Equal(t0) {
			t.Errorf("history = %+v, want one start entry", h)
		}
	})
}

func TestInvitations(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("kees@example.nl", e.adviser.Email)).want(t, http.StatusCreated)
		s := decode[scanBody](t, r)
		_, code := e.mail.invitation(t, s.Reference)
		accept := "/api/v1/invitations/" + code + "/accept"

		tok := decode[map[string]string](t, e.do(t, "POST", accept, "", nil).want(t, http.StatusOK))["token"]
		if len(tok) < 22 {
			t.Fatalf("token %q is shorter than 128 bits", tok)
		}
		got := decode[scanBody](t, e.do(t, "GET", "/api/v1/scans/"+s.ID, tok, nil).want(t, http.StatusOK))
		if !sameStrings(got.AllowedActions, []string{"consent", "withdraw"}) {
			t.Errorf("candidate's allowed_actions in intake = %v, want [consent withdraw]", got.AllowedActions)
		}

		reused := problemOf(t, e.do(t, "POST", accept, "", nil), http.StatusNotFound)
		unknown := problemOf(t, e.do(t, "POST", "/api/v1/invitations/"+strings.Repeat("A", 43)+"/accept", "", nil), http.StatusNotFound)
		if reused.Detail != unknown.Detail {
			t.Errorf("a used code (%q) and an unknown one (%q) answer differently", reused.Detail, unknown.Detail)
		}
		problemOf(t, e.do(t, "POST", "/api/v1/invitations/x/accept", "", nil), http.StatusNotFound)

		// A second scan for the same address reuses the account: the first
		// token sees both scans.
		r = e.do(t, "POST", "/api/v1/scans", e.formateur.Token, createBody("Kees@Example.nl", e.adviser.Email)).want(t, http.StatusCreated)
		s2 := decode[scanBody](t, r)
		list := decode[listBody[scanBody]](t, e.do(t, "GET", "/api/v1/scans", tok, nil).want(t, http.StatusOK))
		if ids := scanIDs(list.Items); !sameSet(ids, []string{s.ID, s2.ID}) {
			t.Errorf("candidate sees %v, want both scans %s and %s", ids, s.ID, s2.ID)
		}
		_, code2 := e.mail.invitation(t, s2.Reference)
		if code2 == code {
			t.Fatal("two invitations share a code")
		}
		// Accepting after the link expired (14 days by default) finds nothing.
		e.clock.Advance(15 * 24 * time.Hour)
		problemOf(t, e.do(t, "POST", "/api/v1/invitations/"+code2+"/accept", "", nil), http.StatusNotFound)
	})
}

func TestListScans(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		a, b := e.newScan(t), e.newScan(t)
		o := e.otherScan(t)
		for _, c := range []struct {
			name, token string
			want        []string
		}{
			{"formateur", e.formateur.Token, []string{a.ID, b.ID}},
			{"adviser", e.adviser.Token, []string{a.ID, b.ID}},
			{"candidate", a.Candidate.Token, []string{a.ID}},
			{"other formateur", e.formateur2.Token, []string{o.ID}},
			{"other adviser", e.adviser2.Token, []string{o.ID}},
			{"other candidate", o.Candidate.Token, []string{o.ID}},
			{"admin", e.admin.Token, []string{}},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(t, "GET", "/api/v1/scans", c.token, nil).want(t, http.StatusOK)
				if !strings.Contains(string(r.Body), `"items":[`) {
					t.Errorf("list is not {\"items\":[…]}: %s", r.Body)
				}
				list := decode[listBody[scanBody]](t, r)
				if ids := scanIDs(list.Items); !sameSet(ids, c.want) {
					t.Errorf("sees %v, want %v", ids, c.want)
				}
			})
		}
	})
}

func TestGetScan(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		for _, c := range []struct {
			name, token string
			allowed     []string
		}{
			{"formateur", s.Formateur.Token, []string{"change_appointment_date", "edit_portfolio", "cancel", "assign_second_adviser"}},
			{"adviser", s.Adviser.Token, []string{}},
			{"candidate", s.Candidate.Token, []string{"consent", "withdraw"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(t, "GET", s.p(""), c.token, nil).want(t, http.StatusOK)
				b := decode[scanBody](t, r)
				if b.ID != s.ID || b.State != "intake" {
					t.Errorf("scan = %+v", b)
				}
				if got := r.Header.Get("ETag"); got != etag(b.Version) {
					t.Errorf("ETag = %q, want %q", got, etag(b.Version))
				}
				if !sameStrings(b.AllowedActions, c.allowed) || b.AllowedActions == nil {
					t.Errorf("allowed_actions = %#v, want %v", b.AllowedActions, c.allowed)
				}
			})
		}
	})
}

func TestConsent(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		t.Run("given", func(t *testing.T) {
			s := e.newScan(t)
			r := e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}).want(t, http.StatusOK)
			b := decode[scanBody](t, r)
			if b.State != "questionnaire" || b.Version != 2 {
				t.Errorf("after consent: state %s version %d, want questionnaire 2", b.State, b.Version)
			}
			if r.Header.Get("ETag") != etag(b.Version) {
				t.Errorf("ETag = %q, want %q", r.Header.Get("ETag"), etag(b.Version))
			}
			if !slices.Contains(b.AllowedActions, "save_answers") || !slices.Contains(b.AllowedActions, "submit_questionnaire") {
				t.Errorf("candidate's allowed_actions = %v", b.AllowedActions)
			}
			h := e.history(t, s)
			last := h[len(h)-1]
			if last.From != "intake" || last.To != "questionnaire" || last.Action != "consent" || last.ActorRole != "candidate" {
				t.Errorf("history ends with %+v", last)
			}
		})
		t.Run("refused", func(t *testing.T) {
			s := e.newScan(t)
			b := decode[scanBody](t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": false}).want(t, http.StatusOK))
			if b.State != "refused" {
				t.Errorf("state = %s, want refused", b.State)
			}
			// A refusal is a refusal to everyone, never a withdrawal.
			for _, tok := range []string{s.Formateur.Token, s.Adviser.Token, s.Candidate.Token} {
				b := decode[scanBody](t, e.do(t, "GET", s.p(""), tok, nil).want(t, http.StatusOK))
				if b.State != "refused" {
					t.Errorf("state shown = %s, want refused", b.State)
				}
				if b.AllowedActions == nil || len(b.AllowedActions) != 0 {
					t.Errorf("allowed_actions of a refused scan = %#v, want []", b.AllowedActions)
				}
				h := decode[listBody[historyItem]](t, e.do(t, "GET", s.p("/history"), tok, nil).want(t, http.StatusOK)).Items
				if last := h[len(h)-1]; last.To != "refused" || last.Action != "consent" {
					t.Errorf("history ends with %+v", last)
				}
			}
		})
	})
}

func TestHealthz(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		r := e.do(t, "GET", "/healthz", "", nil).want(t, http.StatusOK)
		if got := decode[map[string]string](t, r); got["status"] != "ok" {
			t.Errorf("healthz = %s", r.Body)
		}
		r = e.do(t, "GET", "/readyz", "", nil).want(t, http.StatusOK)
		if got := decode[map[string]string](t, r); got["status"] != "ready" {
			t.Errorf("readyz = %s", r.Body)
		}

		// A database that does not answer makes the service unready, not
		// dead: /healthz still answers, so the instance is not restarted
		// for an outage it cannot mend.
		down := &api.Server{Scans: e.svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Ping: func(context.Context) error { return errors.New("connection refused") }}
		for path, status := range map[string]int{"/healthz": http.StatusOK, "/readyz": http.StatusServiceUnavailable} {
			rec := httptest.NewRecorder()
			conforming(t, down.Handler()).ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != status {
				t.Errorf("%s with the database down: %d, want %d", path, rec.Code, status)
				continue
			}
			if status == http.StatusOK {
				continue
			}
			res := reply{Method: "GET", Path: path, Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
			p := problemOf(t, res, http.StatusServiceUnavailable)
			if strings.Contains(p.Detail, "connection refused") {
				t.Errorf("driver text reaches the client: %q", p.Detail)
			}
		}
	})
}

func scanIDs(items []scanBody) []string {
	ids := []string{}
	for _, s := range items {
		ids = append(ids, s.ID)
	}
	return ids
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
