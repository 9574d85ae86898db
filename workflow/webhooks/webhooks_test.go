package webhooks_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"basisscan/workflow/webhooks"
)

// The signature is Standard Webhooks': the example of its specification
// signs to the value the specification gives.
func TestSignatureIsStandardWebhooks(t *testing.T) {
	t.Parallel()
	secret, err := webhooks.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1614265330, 0)
	body := []byte(`{"test": 2432232314}`)
	const want = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	if got := webhooks.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", at, body); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	now := at.Add(time.Minute)
	if err := webhooks.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v0,bogus "+want, body, now); err != nil {
		t.Errorf("Verify of the example: %v", err)
	}
	for name, c := range map[string]struct {
		id, ts string
		body   string
		now    time.Time
	}{
		"other id":        {"msg_other", "1614265330", string(body), now},
		"other body":      {"msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", `{"test": 1}`, now},
		"other time":      {"msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", string(body), now},
		"replayed":        {"msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", string(body), at.Add(time.Hour)},
		"bad time":        {"msg_p5jXN8AQM9LWM0D4loKWxJek", "gisteren", string(body), now},
		"from the future": {"msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", string(body), at.Add(-time.Hour)},
	} {
		if err := webhooks.Verify(secret, c.id, c.ts, want, []byte(c.body), c.now); err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	for _, bad := range []string{"", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_!!", "whsec_c2hvcnQ="} {
		if _, err := webhooks.ParseSecret(bad); err == nil {
			t.Errorf("ParseSecret(%q) accepted", bad)
		}
	}
	a, written := webhooks.NewSecret()
	if b, err := webhooks.ParseSecret(written); err != nil || string(a) != string(b) {
		t.Errorf("NewSecret's written form does not parse back: %v", err)
	}
}

// Only https URLs without credentials; http only when loopback is allowed.
func TestCheckURL(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"https://zaken.zuidhaven.nl/basisscan": true, "http://zaken.zuidhaven.nl/": false, "ftp://zaken.zuidhaven.nl/": false,
		"https://user:pw@zaken.zuidhaven.nl/": false, "zaken.zuidhaven.nl": false, "https://": false, "": false,
		"https://zaken.zuidhaven.nl/#x": false, "mailto:a@b.nl": false,
	} {
		if err := webhooks.CheckURL(raw, false); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", raw, err, ok)
		}
	}
	if err := webhooks.CheckURL("http://127.0.0.1:9000/x", true); err != nil {
		t.Errorf("http on loopback, allowed: %v", err)
	}
}

// The client connects to public addresses only: a receiver on this machine
// (or a name resolving to it) is refused at connect time unless allowed,
// and a redirect is not followed.
func TestClientRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	strict := webhooks.NewClient(2*time.Second, false)
	for _, u := range []string{srv.URL, "http://localhost:" + srv.URL[len("http://127.0.0.1:"):], "http://10.0.0.1:1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:1/"} {
		resp, err := strict.Get(u)
		if err == nil {
			resp.Body.Close()
			t.Errorf("GET %s: connected", u)
		} else if !errors.Is(err, webhooks.ErrAddressRefused) {
			t.Errorf("GET %s: %v, want the address refused", u, err)
		}
	}
	if hits != 0 {
		t.Fatalf("the local server was reached %d times", hits)
	}
	loose := webhooks.NewClient(2*time.Second, true)
	resp, err := loose.Get(srv.URL + "/redirect")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || hits != 1 {
		t.Errorf("redirect: status %d after %d hits, want 302 and not followed", resp.StatusCode, hits)
	}
}
