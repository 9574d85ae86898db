package webtest

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"basisscan/domain"
)

// Visitor is one browser without JavaScript: it keeps cookies, follows
// redirects, and sends each form with the form token it was given.
type Visitor struct {
	env    *Env
	Client *http.Client
}

// Page is a response, read whole.
type Page struct {
	Status int
	Header http.Header
	Body   string
	URL    *url.URL // after redirects
}

// Visitor returns a new visitor with no cookies.
func (e *Env) Visitor(t testing.TB) *Visitor {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Visitor{env: e, Client: &http.Client{Jar: jar}}
}

// Get fetches the path.
func (v *Visitor) Get(t testing.TB, path string) *Page {
	t.Helper()
	res, err := v.Client.Get(v.env.Server.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return read(t, res)
}

// Post sends the form to the path with the visitor's form token, as the
// page's own form would.
func (v *Visitor) Post(t testing.TB, path string, form url.Values) *Page {
	t.Helper()
	f := url.Values{}
	for k, vs := range form {
		f[k] = vs
	}
	if f.Get("csrf") == "" {
		f.Set("csrf", v.Cookie("csrf"))
	}
	return v.PostRaw(t, path, f, nil)
}

// PostRaw sends the form as it is, with extra headers.
func (v *Visitor) PostRaw(t testing.TB, path string, form url.Values, headers map[string]string) *Page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, v.env.Server.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, val := range headers {
		req.Header.Set(k, val)
	}
	res, err := v.Client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return read(t, res)
}

// Cookie returns the value of the visitor's cookie with the name ("csrf",
// "session"; the __Host- prefix is added when the cookie has it).
func (v *Visitor) Cookie(name string) string {
	u, _ := url.Parse(v.env.Server.URL)
	for _, c := range v.Client.Jar.Cookies(u) {
		if c.Name == name || c.Name == "__Host-"+name {
			return c.Value
		}
	}
	return ""
}

// SignIn signs the visitor in as u through the pages: the address on the
// sign-in page, the link from the mail, the button on the link's page.
func (v *Visitor) SignIn(t testing.TB, u User) { v.SignInAs(t, u.Email) }

// SignInAs signs in with the address, as SignIn does.
func (v *Visitor) SignInAs(t testing.TB, email string) {
	t.Helper()
	v.Get(t, "/inloggen")
	if p := v.Post(t, "/inloggen", url.Values{"email": {email}}); p.Status != http.StatusOK {
		t.Fatalf("ask for a sign-in link: %d\n%s", p.Status, p.Body)
	}
	link := v.env.Link(t, email, "/aanmelden/")
	v.Get(t, link)
	if p := v.Post(t, link, nil); v.Cookie("session") == "" {
		t.Fatalf("sign in with the link: %d, no session\n%s", p.Status, p.Body)
	}
}

// AcceptInvitation opens the invitation mailed to the candidate and
// accepts it, which signs the visitor in as the candidate.
func (v *Visitor) AcceptInvitation(t testing.TB, candidateEmail string) *Page {
	t.Helper()
	link := v.env.Link(t, candidateEmail, "/invitations/")
	v.Get(t, link)
	p := v.Post(t, link, nil)
	if p.Status != http.StatusOK {
		t.Fatalf("accept invitation: %d\n%s", p.Status, p.Body)
	}
	return p
}

func read(t testing.TB, res *http.Response) *Page {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return &Page{Status: res.StatusCode, Header: res.Header, Body: string(b), URL: res.Request.URL}
}

// Actor returns the actor of the visitor's session, for driving the
// service directly in a test's setup.
func (v *Visitor) Actor(t testing.TB) domain.Actor {
	t.Helper()
	a, err := v.env.Service.SessionActor(context.Background(), v.Cookie("session"))
	if err != nil {
		t.Fatalf("the visitor's session: %v", err)
	}
	return a
}
