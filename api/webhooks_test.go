package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
	"basisscan/workflow/webhooks"
)

// receiver is a case system's webhook endpoint on loopback: it answers
// with the statuses it is given in turn (then 200), and keeps what came.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []receivedHook
}

type receivedHook struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	r := &receiver{statuses: statuses}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, receivedHook{req.Header.Clone(), b})
		status := http.StatusOK
		if len(r.statuses) > 0 {
			status, r.statuses = r.statuses[0], r.statuses[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write([]byte("de ontvanger zegt iets dat niet bewaard wordt"))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) received() []receivedHook {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]receivedHook(nil), r.got...)
}

type webhookBody struct {
	ID, URL, Secret string
}

type deliveryBody struct {
	ID         string `json:"id"`
	EventID    string `json:"event_id"`
	Type       string `json:"type"`
	ScanID     string `json:"scan_id"`
	FromState  string `json:"from_state"`
	ToState    string `json:"to_state"`
	Status     string `json:"status"`
	LastError  string `json:"last_error"`
	Version    int    `json:"version"`
	Attempts   int    `json:"attempts"`
	LastStatus int    `json:"last_status"`
}

// An admin registers a webhook; every state change of the organisation's
// scans becomes a delivery in the change's own transaction, carrying ids
// and states only, signed with the secret; a receiver that fails first
// gets it again and the admin sees how it went. Nobody else manages or
// sees webhooks, and another organisation's admin cannot reach them.
func TestWebhooks(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		recv := newReceiver(t, http.StatusInternalServerError, http.StatusBadGateway)
		hook := map[string]string{"url": recv.srv.URL + "/basisscan"}
		for _, u := range []user{e.formateur, e.adviser} {
			checkProblem(t, e.do(t, "POST", "/api/v1/webhooks", u.Token, hook).want(t, http.StatusForbidden))
			checkProblem(t, e.do(t, "GET", "/api/v1/webhooks", u.Token, nil).want(t, http.StatusForbidden))
		}
		for _, bad := range []map[string]string{{"url": "ftp://zaken.example.nl/x"}, {"url": "zaken"}, {"url": "https://user:pw@zaken.example.nl/"},
			{"url": recv.srv.URL, "secret": "geheim"}, {}} {
			p := checkProblem(t, e.do(t, "POST", "/api/v1/webhooks", e.admin.Token, bad).want(t, http.StatusUnprocessableEntity))
			if len(p.fields()) == 0 {
				t.Errorf("%v: no field named: %+v", bad, p)
			}
		}
		created := decode[webhookBody](t, e.do(t, "POST", "/api/v1/webhooks", e.admin.Token, hook).want(t, http.StatusCreated))
		secret, err := webhooks.ParseSecret(created.Secret)
		if err != nil {
			t.Fatalf("the registration's secret %q: %v", created.Secret, err)
		}
		list := decode[listBody[webhookBody]](t, e.do(t, "GET", "/api/v1/webhooks", e.admin.Token, nil).want(t, http.StatusOK))
		if len(list.Items) != 1 || list.Items[0].ID != created.ID || list.Items[0].Secret != "" {
			t.Fatalf("the admin's webhooks: %+v (the secret is shown once only)", list.Items)
		}

		s := e.newScan(t)
		e.walk(t, s, domain.StateQuestionnaire)
		deliveries := func() []deliveryBody {
			return decode[listBody[deliveryBody]](t, e.do(t, "GET", "/api/v1/webhooks/"+created.ID+"/deliveries", e.admin.Token, nil).
				want(t, http.StatusOK)).Items
		}
		ds := deliveries()
		if len(ds) != 2 || ds[1].FromState != "" || ds[1].ToState != "intake" || ds[0].FromState != "intake" ||
			ds[0].ToState != "questionnaire" || ds[0].ScanID != s.ID || ds[0].Status != "pending" {
			t.Fatalf("deliveries after start and consent: %+v", ds)
		}

		sender := &webhooks.Sender{Store: e.store, Client: webhooks.NewClient(5*time.Second, true), Now: e.clock.Now}
		ctx := context.Background()
		first := ds[1].ID
		for attempt := 1; attempt <= 2; attempt++ {
			if err := sender.Deliver(ctx, first, attempt); err == nil {
				t.Fatalf("attempt %d to a failing receiver: no error, so no retry", attempt)
			}
		}
		if err := sender.Deliver(ctx, first, 3); err != nil {
			t.Fatalf("attempt 3 to the recovered receiver: %v", err)
		}
		if err := sender.Deliver(ctx, first, 4); err != nil { // a duplicate run of the job: nothing is sent
			t.Fatal(err)
		}
		got := recv.received()
		if len(got) != 3 {
			t.Fatalf("the receiver got %d posts, want 3", len(got))
		}
		for _, h := range got {
			if err := webhooks.Verify(secret, h.header.Get("webhook-id"), h.header.Get("webhook-timestamp"), h.header.Get("webhook-signature"),
				h.body, e.clock.Now()); err != nil {
				t.Errorf("signature: %v", err)
			}
			if h.header.Get("webhook-id") != ds[1].EventID {
				t.Errorf("webhook-id %q, want the event's id %q on every attempt", h.header.Get("webhook-id"), ds[1].EventID)
			}
			body := string(h.body)
			if !strings.Contains(body, `"scan_id":"`+s.ID+`"`) || !strings.Contains(body, `"to_state":"intake"`) {
				t.Errorf("the event lacks the scan's id or state: %s", body)
			}
			for _, personal := range []string{s.Candidate.Email, "Eva", s.Reference, e.formateur.Email, e.adviser.Email, "wethouder"} {
				if strings.Contains(body, personal) {
					t.Errorf("the event holds %q: %s", personal, body)
				}
			}
		}
		// A tampered body does not verify.
		if err := webhooks.Verify(secret, got[2].header.Get("webhook-id"), got[2].header.Get("webhook-timestamp"),
			got[2].header.Get("webhook-signature"), append(got[2].body, ' '), e.clock.Now()); err == nil {
			t.Error("a changed body verified")
		}
		ds = deliveries()
		if ds[1].Status != "delivered" || ds[1].Attempts != 3 || ds[1].LastStatus != 200 || ds[1].LastError != "" {
			t.Errorf("the delivered event as the admin sees it: %+v", ds[1])
		}
		if strings.Contains(ds[1].LastError, "ontvanger zegt") {
			t.Error("the receiver's body was kept")
		}

		// A receiver that never recovers: after the last attempt, failed.
		second := ds[0].ID
		recv.mu.Lock()
		recv.statuses = []int{503, 503, 503, 503, 503, 503, 503, 503}
		recv.mu.Unlock()
		for attempt := 1; attempt <= webhooks.MaxAttempts; attempt++ {
			_ = sender.Deliver(ctx, second, attempt)
		}
		if ds = deliveries(); ds[0].Status != "failed" || ds[0].Attempts != webhooks.MaxAttempts || ds[0].LastStatus != 503 ||
			!strings.Contains(ds[0].LastError, "503") {
			t.Errorf("the given-up delivery: %+v", ds[0])
		}

		// Another organisation's admin finds no such webhook.
		_, other, err := e.svc.AddUser(ctx, orgB, domain.RoleAdmin, "Beheer Noord", "beheer@noordhaven.nl")
		if err != nil {
			t.Fatal(err)
		}
		checkProblem(t, e.do(t, "GET", "/api/v1/webhooks/"+created.ID+"/deliveries", other, nil).want(t, http.StatusNotFound))
		checkProblem(t, e.do(t, "DELETE", "/api/v1/webhooks/"+created.ID, other, nil).want(t, http.StatusNotFound))
		if l := decode[listBody[webhookBody]](t, e.do(t, "GET", "/api/v1/webhooks", other, nil).want(t, http.StatusOK)); len(l.Items) != 0 {
			t.Errorf("another organisation's admin sees %+v", l.Items)
		}
		checkProblem(t, e.do(t, "GET", "/api/v1/webhooks/"+created.ID+"/deliveries?limit=1000", e.admin.Token, nil).want(t, http.StatusUnprocessableEntity))

		// Deleted, it gets nothing more.
		e.do(t, "DELETE", "/api/v1/webhooks/"+created.ID, e.admin.Token, nil).want(t, http.StatusNoContent)
		checkProblem(t, e.do(t, "GET", "/api/v1/webhooks/"+created.ID+"/deliveries", e.admin.Token, nil).want(t, http.StatusNotFound))
		e.newScan(t)
		if n := len(recv.received()); n != 3+webhooks.MaxAttempts {
			t.Errorf("the receiver got %d posts, want %d", n, 3+webhooks.MaxAttempts)
		}
	})
}
